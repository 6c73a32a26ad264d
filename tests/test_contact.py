"""Contact requests: the form at /contact/, what is stored and sent, the abuse guards and the retention purge."""

import csv
import datetime
import logging
import random
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from contact.models import ContactPage, ContactRequest
from contact.ratelimit import client_key
from home.models import HomePage
from tests.factories import (
    CallToActionFactory,
    ContactPageFactory,
    TopicPageFactory,
)
from tests.staff import verified_login
from topics.models import TopicIndexPage
from website.ratelimit import ratelimit_cache

VALID = {
    "first_name": "Marisol",
    "phone": "(555) 010-4477",
    "email": "marisol.quintero@example.net",
    "preferred_time": "morning",
    "reason": "ketamine",
    "consent": "on",
    "topic": "",
    "message": "",
}


@pytest.fixture
def contact_page(home):
    return ContactPageFactory(parent=home)


class FakeRequest:
    def __init__(self, ip):
        self.META = {"REMOTE_ADDR": ip}


@pytest.fixture
def client_ip():
    """A fresh client address per test, so tests never share (or flush) each other's Redis counters."""
    ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    key = client_key(FakeRequest(ip))
    ratelimit_cache().delete(key)
    yield ip
    ratelimit_cache().delete(key)


def submit(client, page, ip, **changes):
    data = {**VALID, **changes}
    return client.post(page.url, {k: v for k, v in data.items() if v is not None}, REMOTE_ADDR=ip)


def test_form_page_has_urgent_notice_above_the_form_and_asks_for_no_medical_details(client, contact_page):
    response = client.get("/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('href="tel:911"') < html.index('<form class="contact-form"')
    assert html.index('href="tel:988"') < html.index('<form class="contact-form"')
    assert "Please do not include medical details." in html
    assert 'autocomplete="given-name"' in html
    assert 'inputmode="tel"' in html and 'autocomplete="tel"' in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    for label in ["New patient consultation", "Question about ketamine infusions", "Existing patient", "Other"]:
        assert label in html
    assert "<textarea" not in html
    assert "no-store" in response["Cache-Control"]


def test_a_valid_request_is_stored_once_and_the_clinic_gets_a_link_only(
    client, contact_page, client_ip, settings, django_capture_on_commit_callbacks
):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, contact_page, client_ip)
    assert response.status_code == 302
    assert response["Location"] == "/contact/thank-you/"

    saved = ContactRequest.objects.get()
    assert (saved.first_name, saved.phone, saved.email) == ("Marisol", "(555) 010-4477", "marisol.quintero@example.net")
    assert (saved.preferred_time, saved.reason, saved.topic) == ("morning", "ketamine", None)
    assert abs((timezone.now() - saved.consented_at).total_seconds()) < 60
    assert "Marisol" not in str(saved)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["frontdesk@clearwater.example"]
    assert f"http://testserver/admin/contact_requests/inspect/{saved.pk}/" in message.body
    sent = message.subject + message.body
    for value in ["Marisol", "555", "4477", "marisol", "example.net", "ketamine", "Morning"]:
        assert value not in sent

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert contact_page.thank_you_heading in thanks.content.decode()


def test_notification_falls_back_to_the_clinic_email_in_settings(
    client, contact_page, client_ip, settings, django_capture_on_commit_callbacks
):
    from website.models import ClinicDetails

    settings.CLINIC_NOTIFICATION_EMAIL = ""
    details = ClinicDetails.for_site(contact_page.get_site())
    details.email = "hello@clearwater.example"
    details.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, contact_page, client_ip)
    assert [m.to for m in mail.outbox] == [["hello@clearwater.example"]]


BAD_INPUT = {
    "missing consent": ({"consent": None}, "consent", "Tick this box so that we may contact you."),
    "invalid email": ({"email": "marisol.example.net"}, "email", "Enter an email address like name@example.com."),
    "phone with letters": ({"phone": "555-CALL-NOW"}, "phone", "Enter a phone number using digits"),
    "phone too short": ({"phone": "12"}, "phone", "Enter a phone number using digits"),
    "no way to reach": ({"phone": "", "email": ""}, "phone", "Give a phone number or an email address"),
    "missing first name": ({"first_name": ""}, "first_name", "Enter your first name."),
    "first name of 10 KB": ({"first_name": "A" * 10_000}, "first_name", "60 characters or fewer"),
    "email of 10 KB": ({"email": "a" * 10_000 + "@example.net"}, "email", "254 characters or fewer"),
    "phone of 10 KB": ({"phone": "5" * 10_000}, "phone", "30 characters or fewer"),
    "NUL byte in name": ({"first_name": "Mari\x00sol"}, "first_name", "Null characters are not allowed."),
    "NUL byte in email": ({"email": "mari\x00sol@example.net"}, "email", "Null characters are not allowed."),
    "formula as a name": ({"first_name": "=HYPERLINK(1)"}, "first_name", "Enter your first name using letters only."),
    "invalid reason": ({"reason": "diagnosis"}, "reason", "Choose one of the reasons listed."),
    "missing reason": ({"reason": None}, "reason", "Choose what your request is about."),
    "invalid time": ({"preferred_time": "3am"}, "preferred_time", "Choose one of the times listed."),
}


@pytest.mark.parametrize("changes, field, message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(
    client, contact_page, client_ip, changes, field, message
):
    response = submit(client, contact_page, client_ip, **changes)
    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(rf'<p class="form-field__error" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    # The field points at its message, so screen readers read it with the field.
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert 'class="error-summary"' in html
    assert ContactRequest.objects.count() == 0
    assert len(mail.outbox) == 0


def test_failed_attempts_do_not_use_up_the_limit(client, contact_page, client_ip, settings):
    settings.CONTACT_RATE_LIMIT_PER_HOUR = 2
    for _ in range(4):
        assert submit(client, contact_page, client_ip, consent=None).status_code == 200
    assert submit(client, contact_page, client_ip).status_code == 302


def test_the_submission_past_the_limit_gets_429_with_the_phone_number(client, contact_page, client_ip):
    for name in ["Ana", "Bea", "Cara", "Dana", "Eva"]:  # the default CONTACT_RATE_LIMIT_PER_HOUR, all different
        assert submit(client, contact_page, client_ip, first_name=name).status_code == 302
    response = submit(client, contact_page, client_ip, first_name="Sixth")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Please call us instead" in html
    assert 'href="tel:5550100199">(555) 010-0199</a>' in html
    assert ContactRequest.objects.count() == 5
    assert not ContactRequest.objects.filter(first_name="Sixth").exists()
    # Another client is not affected, and reading the form is never limited.
    assert submit(client, contact_page, client_ip.rsplit(".", 1)[0] + ".255").status_code == 302
    assert client.get("/contact/", REMOTE_ADDR=client_ip).status_code == 200


def test_the_counter_lives_in_redis_under_a_hash_never_the_address(client, contact_page, client_ip):
    submit(client, contact_page, client_ip)
    cache = ratelimit_cache()
    redis = cache.client.get_client()
    key = cache.make_key(client_key(FakeRequest(client_ip)))
    assert redis.get(key) == b"1"
    assert 0 < redis.ttl(key) <= 3600
    assert not [k for k in redis.keys("*") if client_ip.encode() in k]


def test_ipv6_clients_are_counted_per_64_network():
    assert client_key(FakeRequest("2001:db8:1:2::1")) == client_key(FakeRequest("2001:db8:1:2:ffff::9"))
    assert client_key(FakeRequest("2001:db8:1:2::1")) != client_key(FakeRequest("2001:db8:1:3::1"))


def test_proxy_setting_takes_the_address_the_proxy_saw(settings):
    request = FakeRequest("10.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 203.0.113.9"
    assert client_key(request) == client_key(FakeRequest("10.0.0.1"))  # not trusted by default
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_key(request) == client_key(FakeRequest("203.0.113.9"))


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
)
def test_with_redis_down_the_form_still_works(client, contact_page):
    assert submit(client, contact_page, "10.9.9.9").status_code == 302
    assert ContactRequest.objects.count() == 1


def test_the_honeypot_is_a_field_no_autofill_fills_hidden_from_people_and_screen_readers(client, contact_page):
    html = client.get("/contact/").content.decode()
    assert 'name="website"' not in html and 'type="url"' not in html
    trap = re.search(r'<div class="contact-form__trap" aria-hidden="true">(.*?)</div>', html, re.S).group(1)
    assert '<input type="text" name="message" autocomplete="off" tabindex="-1" id="id_message">' in trap


def test_a_filled_honeypot_on_a_valid_form_is_stored_flagged_not_discarded(
    client, contact_page, client_ip, settings, django_capture_on_commit_callbacks
):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, contact_page, client_ip, message="https://spam.example/")
    assert response.status_code == 302
    assert response["Location"] == "/contact/thank-you/"
    saved = ContactRequest.objects.get()
    assert saved.flagged_as_possible_spam
    assert saved.first_name == "Marisol"
    assert len(mail.outbox) == 1
    submit(client, contact_page, client_ip, first_name="Ana")
    assert not ContactRequest.objects.get(first_name="Ana").flagged_as_possible_spam


def test_a_filled_honeypot_on_an_invalid_form_shows_the_errors_and_stores_nothing(client, contact_page, client_ip):
    response = submit(client, contact_page, client_ip, message="Marisol", consent=None)
    assert response.status_code == 200
    assert "Tick this box so that we may contact you." in response.content.decode()
    assert ContactRequest.objects.count() == 0


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))  # the message, its arguments and any traceback


def test_no_submitted_value_appears_in_any_log(
    client, contact_page, client_ip, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_RATE_LIMIT_PER_HOUR = 1
    capture = Capture()
    root = logging.getLogger()
    loggers = [logging.getLogger(name) for name in ("django", "django.request", "django.server", "wagtail", "contact")]
    saved_levels = [(logger, logger.level) for logger in [root, *loggers]]
    root.addHandler(capture)
    try:
        for logger in [root, *loggers]:
            logger.setLevel(logging.DEBUG)
        with django_capture_on_commit_callbacks(execute=True):
            submit(client, contact_page, client_ip)  # stored and notified
            submit(client, contact_page, client_ip, email="marisol.quintero@bad", phone="")  # refused
            submit(client, contact_page, client_ip)  # over the limit: 429
    finally:
        root.removeHandler(capture)
        for logger, level in saved_levels:
            logger.setLevel(level)

    logged = "\n".join(capture.lines)
    assert "request #" in logged and "rate limit reached" in logged  # the capture did see the submissions
    for value in ["Marisol", "marisol", "quintero", "010-4477", "4477", "example.net", client_ip]:
        assert value not in logged


def test_a_topic_can_be_preselected_as_context(client, contact_page, topic_index, client_ip):
    topic = TopicPageFactory(parent=topic_index, title="Low-dose ketamine infusions", slug="ketamine")
    response = client.get(f"/contact/?topic={topic.slug}")
    html = response.content.decode()
    assert "About: <strong>Low-dose ketamine infusions</strong>" in html
    assert f'<input type="hidden" name="topic" value="{topic.pk}" id="id_topic">' in html
    assert client.get(f"/contact/?topic={topic.pk}").content.decode().count("About: <strong>") == 1

    submit(client, contact_page, client_ip, topic=str(topic.pk))
    assert ContactRequest.objects.get().topic == topic


@pytest.mark.parametrize("topic", ["no-such-topic", "999999999", "../../etc/passwd", "x" * 10_000, "\x00"])
def test_an_unknown_topic_is_ignored_not_an_error(client, contact_page, topic_index, client_ip, topic):
    # A NUL byte in a URL is refused site-wide with a 400 (RejectNulBytesMiddleware); in the form it is ignored.
    assert client.get("/contact/", {"topic": topic}).status_code == (400 if "\x00" in topic else 200)
    assert submit(client, contact_page, client_ip, topic=topic).status_code == 302
    assert ContactRequest.objects.get().topic is None


def test_a_draft_topic_is_not_offered(client, contact_page, topic_index):
    draft = TopicPageFactory(parent=topic_index, title="Unpublished topic", slug="unpublished", live=False)
    assert "Unpublished topic" not in client.get(f"/contact/?topic={draft.slug}").content.decode()


def button_target(client, html, label):
    """Where a call-to-action button takes the patient, following a click-counting redirect if there is one."""
    href = re.search(rf'<a class="button" href="([^"]+)"[^>]*>{label}</a>', html).group(1).replace("&amp;", "&")
    response = client.get(href)
    return response["Location"] if response.status_code == 302 else href


def test_a_topic_call_to_action_to_the_contact_page_carries_the_topic(client, home, contact_page, topic_index):
    to_contact = CallToActionFactory(link_url="", link_page=contact_page, button_label="Ask us")
    elsewhere = CallToActionFactory(link_url="https://example.org/elsewhere/", button_label="Read more")
    topic = TopicPageFactory(
        parent=topic_index,
        slug="sciatica",
        body__0__call_to_action__call_to_action=to_contact,
        body__1__call_to_action__call_to_action=elsewhere,
    )
    html = client.get(topic.url).content.decode()
    assert button_target(client, html, "Ask us") == f"/contact/?topic=sciatica&from={topic.pk}"
    assert button_target(client, html, "Read more") == "https://example.org/elsewhere/"

    home.call_to_action = to_contact
    home.save_revision().publish()
    assert button_target(client, client.get("/").content.decode(), "Ask us") == f"/contact/?from={home.pk}"


@pytest.mark.parametrize("started_from", ["", "999999999", "abc", "²", "1" * 40, "-1"])
def test_the_page_a_request_started_from_is_stored_by_id_and_anything_else_dropped(
    client, contact_page, topic_index, client_ip, started_from
):
    topic = TopicPageFactory(parent=topic_index, slug="sciatica")
    html = client.get("/contact/", {"topic": "sciatica", "from": topic.pk}).content.decode()
    assert f'<input type="hidden" name="started_from" value="{topic.pk}" id="id_started_from">' in html
    # A well-formed id is kept as it is (checked when the form is sent); anything else is not even shown.
    shown = (
        f'name="started_from" value="{started_from}"'
        in client.get("/contact/", {"from": started_from}).content.decode()
    )
    assert shown is (started_from == "999999999")
    assert submit(client, contact_page, client_ip, started_from=started_from).status_code == 302
    assert ContactRequest.objects.get().started_from is None
    ContactRequest.objects.all().delete()
    submit(client, contact_page, client_ip, started_from=str(topic.pk), first_name="Rosa")
    assert ContactRequest.objects.get().started_from_id == topic.pk


@pytest.mark.any_hour
def test_purge_deletes_only_requests_past_the_retention_period(db, settings):
    now = timezone.now()

    def make(days_old):
        return ContactRequest.objects.create(
            first_name="Ana",
            phone="5550100000",
            reason="other",
            consented_at=now,
            created_at=now - datetime.timedelta(days=days_old),
        )

    old, older, recent, today = make(91), make(400), make(89), make(0)

    def purge():
        out = StringIO()
        call_command("purge_contact_requests", stdout=out)
        return out.getvalue().strip()

    assert purge() == "Deleted 2 contact requests older than 90 days."
    assert set(ContactRequest.objects.all()) == {recent, today}
    assert purge() == "Deleted 0 contact requests older than 90 days."

    settings.CONTACT_RETENTION_DAYS = 30
    assert purge() == "Deleted 1 contact request older than 30 days."
    assert list(ContactRequest.objects.all()) == [today]
    assert not ContactRequest.objects.filter(pk__in=[old.pk, older.pk]).exists()


@pytest.fixture
def stored_request(db):
    return ContactRequest.objects.create(
        first_name="Marisol",
        phone="+1 555 010 4477",
        email="=cmd@example.net",
        reason="new_patient",
        consented_at=timezone.now(),
    )


def test_staff_with_the_view_permission_see_inspect_and_export(client, django_user_model, stored_request):
    user = django_user_model.objects.create_user("frontdesk", password="pw")
    group = Group.objects.create(name="Front desk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_contactrequest"),
    )
    user.groups.add(group)
    verified_login(client, user)

    listing = client.get("/admin/contact_requests/")
    assert listing.status_code == 200
    assert "Marisol" in listing.content.decode()
    assert client.get(f"/admin/contact_requests/inspect/{stored_request.pk}/").status_code == 200

    export = client.get("/admin/contact_requests/?export=csv")
    assert export.status_code == 200
    csv_text = b"".join(export.streaming_content).decode()
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("Request,Created at,First name,Phone,Email,Preferred time to call,Reason")
    assert "Marisol" in row and "New patient consultation" in row
    assert "'+1 555 010 4477" in row and "'=cmd@example.net" in row  # no formula injection in spreadsheets
    assert header.endswith(",Flagged as possible spam") and row.endswith(",False")


def test_flagged_requests_are_shown_and_filterable_in_the_admin(client, django_user_model, stored_request):
    flagged = ContactRequest.objects.create(
        first_name="Botty",
        phone="5550100000",
        reason="other",
        consented_at=timezone.now(),
        flagged_as_possible_spam=True,
    )
    verified_login(client, django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))
    listing = client.get("/admin/contact_requests/").content.decode()
    assert "Flagged as possible spam" in listing
    only_flagged = client.get("/admin/contact_requests/?flagged_as_possible_spam=true").content.decode()
    assert "Botty" in only_flagged and "Marisol" not in only_flagged
    assert "Flagged as possible spam" in client.get(f"/admin/contact_requests/inspect/{flagged.pk}/").content.decode()


def test_nobody_may_add_or_edit_requests_and_others_see_nothing(client, django_user_model, stored_request):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    verified_login(client, admin)
    assert client.get("/admin/contact_requests/").status_code == 200
    assert client.get("/admin/contact_requests/new/").status_code in (302, 403)
    assert client.get(f"/admin/contact_requests/edit/{stored_request.pk}/").status_code in (302, 403)

    editor = django_user_model.objects.create_user("writer", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    verified_login(client, editor)
    for url in ["/admin/contact_requests/", f"/admin/contact_requests/inspect/{stored_request.pk}/"]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Marisol" not in response.content.decode()


def test_demo_loader_creates_the_contact_page_and_points_the_placeholder_cta_at_it(demo):
    from cta.models import CallToAction

    page = ContactPage.objects.get(locale__language_code="en")
    assert page.url == "/contact/" and page.live
    assert page.get_translations().get().url == "/es/contacto/"
    cta = CallToAction.objects.get(name="Prepare for your first visit")
    assert (cta.link_page_id, cta.link_url) == (page.pk, "")
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert ContactPage.objects.count() == 2  # English and its Spanish translation


class TestContactPageTree(WagtailPageTestCase):
    def test_only_one_contact_page_under_the_home_page(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, {})
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanNotCreateAt(TopicIndexPage, ContactPage)
        assert ContactPage.max_count == 1


def test_every_text_cell_of_the_csv_export_is_escaped_including_the_topic_title(client, django_user_model, topic_index):
    topic = TopicPageFactory(parent=topic_index, title='=HYPERLINK("https://evil.example","Sciatica")')
    ContactRequest.objects.create(
        first_name="Ana",
        phone="-5550100000",
        email="@ana@example.net",
        reason="other",
        topic=topic,
        consented_at=timezone.now(),
    )
    verified_login(client, django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))
    export = client.get("/admin/contact_requests/?export=csv")
    row = b"".join(export.streaming_content).decode().splitlines()[1]
    cells = next(csv.reader([row]))
    assert '\'=HYPERLINK("https://evil.example","Sciatica")' in cells
    assert "'-5550100000" in cells and "'@ana@example.net" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_same_form_posted_twice_within_seconds_is_stored_once(
    client, contact_page, client_ip, settings, django_capture_on_commit_callbacks
):
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(client, contact_page, client_ip)
        second = submit(client, contact_page, client_ip)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == "/contact/thank-you/"
    assert ContactRequest.objects.count() == 1
    assert len(mail.outbox) == 1

    # A request that differs in any field is a request of its own.
    submit(client, contact_page, client_ip, reason="other")
    submit(client, contact_page, client_ip, phone="(555) 010-4478")
    assert ContactRequest.objects.count() == 3

    # The same request again after the window is stored again.
    ContactRequest.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    submit(client, contact_page, client_ip)
    assert ContactRequest.objects.count() == 4


def post_at_once(page, forms):
    """Post each form from its own thread at the same moment; returns the status codes."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(forms))
    statuses = []

    def post(data):
        try:
            barrier.wait()
            statuses.append(Client().post(page.url, data, REMOTE_ADDR=f"10.77.{random.randint(0, 255)}.9").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(data,)) for data in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_two_identical_posts_at_the_same_moment_make_one_row_and_distinct_ones_are_all_kept(
    transactional_db, contact_page
):
    for round_number in range(5):
        name = "Marisol" + "abcde"[round_number]
        same = {**VALID, "first_name": name}
        assert post_at_once(contact_page, [same, same]) == [302, 302]
        assert ContactRequest.objects.filter(first_name=name).count() == 1

    distinct = [{**VALID, "first_name": "Ana", "reason": reason} for reason in ("new_patient", "other", "ketamine")]
    assert post_at_once(contact_page, distinct) == [302, 302, 302]
    assert ContactRequest.objects.filter(first_name="Ana").count() == 3
