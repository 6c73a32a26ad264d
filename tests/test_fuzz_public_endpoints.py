"""Property tests: arbitrary input to every public endpoint never causes a 5xx, and what comes back is escaped."""

import json
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from contact.models import ContactRequest
from cta.models import CallToAction

ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    "\x00",
    "abc\x00def",
    "%00",
    "../../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "\ud7ff\ue000\U0010ffff",
    "𝔪𝔦𝔤𝔯𝔞𝔦𝔫𝔢",
    "مرحبا",
    " ",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
]
LONG = st.builds(lambda s, n: (s or "x") * n, st.text(max_size=8), st.integers(min_value=1000, max_value=10_000))
FUZZ = st.one_of(st.text(max_size=300), st.sampled_from(ATTACKS), LONG)
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
SCRIPT = "<script>alert(1)</script>"


class PublicEndpointFuzzTests(TestCase):
    # One worker runs the whole class, so the demo its tests share is loaded once (setUpTestData), not per worker.
    pytestmark = pytest.mark.xdist_group("public-endpoint-fuzz")

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.cta = CallToAction.objects.filter(live=True).first()

    def get(self, path, params):
        response = self.client.get(path + "?" + urlencode(params, doseq=True))
        self.assertLess(response.status_code, 500, f"{path} {params!r}")
        return response

    def assert_escaped(self, response):
        self.assertNotIn(SCRIPT.encode(), response.content)

    @EXAMPLES
    @given(q=FUZZ, page=FUZZ)
    def test_search(self, q, page):
        response = self.get("/search/", {"q": q, "page": page})
        self.assert_escaped(response)

    @EXAMPLES
    @given(q=FUZZ)
    def test_search_reflects_attacks_escaped(self, q):
        response = self.get("/search/", {"q": SCRIPT + q})
        self.assert_escaped(response)

    @EXAMPLES
    @given(q=FUZZ)
    def test_suggest_always_answers_json(self, q):
        response = self.get("/search/suggest/", {"q": q})
        if "\x00" in q:
            self.assertEqual(response.status_code, 400)  # refused site-wide, see RejectNulBytesMiddleware
            return
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertLessEqual(len(data["results"]), 8)

    @EXAMPLES
    @given(group=FUZZ, letter=FUZZ)
    def test_topic_index_filters(self, group, letter):
        self.get("/topics/", {"group": group})
        self.get("/topics/", {"letter": letter})

    @EXAMPLES
    @given(topic=FUZZ, other=FUZZ)
    def test_cta_click_endpoint(self, topic, other):
        response = self.get(f"/go/cta/{self.cta.pk}/", {"topic": topic})
        if response.status_code == 302:
            self.assertTrue(response["Location"].startswith(self.cta.href_for(None).split("?")[0]))
        self.assertEqual(self.get(f"/go/cta/{self.cta.pk}/", {"next": other}).status_code, 400)

    @EXAMPLES
    @given(
        first_name=FUZZ,
        phone=FUZZ,
        email=FUZZ,
        preferred_time=FUZZ,
        reason=FUZZ,
        topic=FUZZ,
        consent=st.sampled_from(["on", "", "\x00", "true"]),
    )
    def test_contact_form(self, first_name, phone, email, preferred_time, reason, topic, consent):
        before = ContactRequest.objects.count()
        data = {
            "first_name": first_name,
            "phone": phone,
            "email": email,
            "preferred_time": preferred_time,
            "reason": reason,
            "topic": topic,
            "consent": consent,
        }
        response = self.client.post("/contact/", data)
        self.assertLess(response.status_code, 500, repr(data))
        self.assert_escaped(response)
        if response.status_code == 200:  # the form again, with messages: nothing stored
            self.assertEqual(ContactRequest.objects.count(), before)
