"""Calls to action: drafts, previews, usage, and the cookie-free click counter and its report."""

import csv
import datetime
import io

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cta.models import CallToAction, CallToActionClick
from cta.views import click_limit
from editorial.setup import EDITORS, MARKETING, ensure_editorial_setup
from tests.factories import CallToActionClickFactory, CallToActionFactory, TopicPageFactory, UserFactory
from tests.staff import verified_login
from website.ratelimit import ratelimit_cache


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with an empty click allowance for the test client's address."""
    key = click_limit().key(RequestFactory().get("/"))
    ratelimit_cache().delete(key)
    yield
    ratelimit_cache().delete(key)


def clicks(cta):
    return sum(CallToActionClick.objects.filter(call_to_action=cta).values_list("count", flat=True))


@pytest.mark.any_hour
@pytest.mark.django_db
def test_click_counts_and_redirects_to_the_ctas_own_url(client):
    cta = CallToActionFactory(link_url="https://example.org/book/")
    url = reverse("cta_click", args=[cta.pk])
    assert url == f"/go/cta/{cta.pk}/"
    for expected in (1, 2):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "https://example.org/book/"
        assert clicks(cta) == expected
    assert not response.cookies
    assert CallToActionClick.objects.get(call_to_action=cta).day == timezone.localdate()


@pytest.mark.django_db
def test_click_on_a_page_link_redirects_to_that_page(client, topic_index):
    topic = TopicPageFactory(parent=topic_index, slug="sciatica")
    cta = CallToActionFactory(link_url="", link_page=topic)
    response = client.get(reverse("cta_click", args=[cta.pk]))
    assert response.status_code == 302
    assert response["Location"] == topic.url == "/topics/sciatica/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?next=https://evil.example/",
        "?url=//evil.example/",
        "?to=/admin/",
        "?next=https://example.org/book/",  # even the CTA's own target: the endpoint takes no target at all
        "?topic=a&topic=b",
    ],
)
def test_click_refuses_any_other_target(client, query):
    cta = CallToActionFactory(link_url="https://example.org/book/")
    response = client.get(reverse("cta_click", args=[cta.pk]) + query)
    assert response.status_code == 400
    assert "Location" not in response
    assert clicks(cta) == 0


@pytest.mark.django_db
def test_click_with_an_unknown_topic_still_leads_to_the_target(client):
    """A stale or mistyped topic is dropped, never a dead end: the patient still reaches the button's target."""
    cta = CallToActionFactory(link_url="https://example.org/book/")
    response = client.get(reverse("cta_click", args=[cta.pk]) + "?topic=no-such-topic")
    assert (response.status_code, response["Location"]) == (302, "https://example.org/book/")
    assert clicks(cta) == 1


@pytest.mark.django_db
def test_click_on_a_draft_or_unknown_cta_is_not_found(client):
    draft = CallToActionFactory(live=False)
    assert client.get(reverse("cta_click", args=[draft.pk])).status_code == 404
    assert client.get("/go/cta/999999/").status_code == 404
    assert client.post(reverse("cta_click", args=[draft.pk])).status_code == 405
    assert clicks(draft) == 0


@pytest.mark.django_db
@override_settings(CTA_CLICK_RATE_LIMIT=3)
def test_clicks_are_counted_up_to_the_limit_per_client_and_the_patient_is_always_sent_on(client):
    cta = CallToActionFactory()
    url = reverse("cta_click", args=[cta.pk])
    assert [client.get(url).status_code for _ in range(4)] == [302, 302, 302, 302]
    assert clicks(cta) == 3
    other_client = client.get(url, REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 302
    ratelimit_cache().delete(click_limit().key(other_client.wsgi_request))


@pytest.mark.django_db
def test_rate_limit_key_never_contains_the_address():
    key = click_limit().key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9"))
    assert "203.0.113" not in key
    assert key != click_limit().key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.10"))


@pytest.mark.django_db
def test_rendered_button_points_at_the_counter_and_only_live_ctas_show(client, topic_index):
    live = CallToActionFactory(heading="Book now", link_url="https://example.org/book/")
    draft = CallToActionFactory(heading="Secret draft", live=False)
    topic = TopicPageFactory(
        parent=topic_index,
        body__0__call_to_action__call_to_action=live,
        body__1__call_to_action__call_to_action=draft,
    )
    html = client.get(topic.url).content.decode()
    # The counter's link names the page and the block's place in its body (the first block).
    assert f'href="/go/cta/{live.pk}/?from={topic.pk}&amp;pos=1"' in html
    assert "Book now" in html
    assert "Secret draft" not in html


@pytest.mark.django_db
def test_marketing_saves_a_draft_previews_it_then_publishes(client, topic_index):
    ensure_editorial_setup()
    verified_login(client, UserFactory(groups=[MARKETING]))
    cta = CallToActionFactory(heading="Old heading")
    topic = TopicPageFactory(parent=topic_index, body__0__call_to_action__call_to_action=cta)
    edit_url = reverse("wagtailsnippets_cta_calltoaction:edit", args=[cta.pk])
    form = {
        "name": cta.name,
        "heading": "New heading",
        "text": cta.text,
        "button_label": cta.button_label,
        "link_page": "",
        "link_url": cta.link_url,
    }
    assert client.post(edit_url, form).status_code == 302  # "Save draft"
    cta.refresh_from_db()
    assert cta.heading == "Old heading" and cta.has_unpublished_changes
    assert cta.revisions.count() == 1
    assert "Old heading" in client.get(topic.url).content.decode()

    preview_url = reverse("wagtailsnippets_cta_calltoaction:preview_on_edit", args=[cta.pk])
    assert client.post(preview_url, form).json()["is_valid"]
    assert "New heading" in client.get(preview_url).content.decode()

    history = client.get(reverse("wagtailsnippets_cta_calltoaction:history", args=[cta.pk]))
    assert history.status_code == 200

    assert client.post(edit_url, {**form, "action-publish": "action-publish"}).status_code == 302
    assert "New heading" in client.get(topic.url).content.decode()


@pytest.mark.django_db
def test_usage_shows_the_pages_that_use_a_cta(client, topic_index):
    ensure_editorial_setup()
    verified_login(client, UserFactory(groups=[MARKETING]))
    cta = CallToActionFactory()
    topic = TopicPageFactory(parent=topic_index, title="Nerve blocks", body__0__call_to_action__call_to_action=cta)
    topic.save_revision().publish()
    edit = client.get(reverse("wagtailsnippets_cta_calltoaction:edit", args=[cta.pk])).content.decode()
    assert "Used 1 time" in edit
    usage = client.get(reverse("wagtailsnippets_cta_calltoaction:usage", args=[cta.pk]))
    assert usage.status_code == 200
    assert "Nerve blocks" in usage.content.decode()


@pytest.mark.any_hour
@pytest.mark.django_db
def test_clicks_report_counts_the_last_30_days_for_marketing_only(client):
    ensure_editorial_setup()
    today = timezone.localdate()
    popular, quiet = CallToActionFactory(name="Popular"), CallToActionFactory(name="Quiet")
    CallToActionClickFactory(call_to_action=popular, day=today, count=5)
    CallToActionClickFactory(call_to_action=popular, day=today - datetime.timedelta(days=29), count=2)
    CallToActionClickFactory(call_to_action=popular, day=today - datetime.timedelta(days=30), count=100)
    CallToActionClickFactory(call_to_action=quiet, day=today, count=1)
    url = reverse("editorial_cta_clicks_report")

    verified_login(client, UserFactory(groups=[EDITORS]))
    assert client.get(url).status_code in (302, 403)

    verified_login(client, UserFactory(groups=[MARKETING]))
    response = client.get(url)
    assert response.status_code == 200
    assert [cta.name for cta in response.context["object_list"]] == ["Popular", "Quiet"]
    assert [cta.clicks_in_window for cta in response.context["object_list"]] == [7, 1]

    export = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:2] == ["Call to action", "Clicks (last 30 days)"]
    assert [row[:2] for row in rows[1:]] == [["Popular", "7"], ["Quiet", "1"]]
    assert CallToAction.objects.count() == 2
