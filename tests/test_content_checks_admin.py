"""Content checks in the admin: the preview's checker configuration, the edit screen's summary, the clinician's
approval (warnings listed, confirmation required and recorded) and the "Content checks" report."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Locale, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from contentchecks.models import PageContentChecks, PlainWord
from contentchecks.reports import checked_topics
from editorial.setup import CLINICIANS, EDITORS, ensure_editorial_setup
from tests.factories import TopicGroupFactory, TopicPageFactory, UserFactory
from tests.staff import verified_login
from topics.models import TopicPage

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def site(topic_index):
    ensure_editorial_setup()
    return topic_index


@pytest.fixture
def editor(site):
    return UserFactory(username="ed", groups=[EDITORS])


@pytest.fixture
def clinician(site):
    return UserFactory(username="doc", first_name="Dr. Maya", last_name="Okafor, MD", groups=[CLINICIANS])


def topic_with(parent, html, **fields):
    """A clinic condition page with one text section (so no care card: one safety warning at least)."""
    values = {"title": "Sciatica", "slug": "sciatica", "also_called": "Pinched nerve"}
    values.update(fields)
    page = TopicPageFactory(parent=parent, body=[], **values)
    page.body = json.dumps([{"type": "text", "value": {"heading": "About it", "text": html}}])
    page.save_revision().publish()
    return TopicPage.objects.get(pk=page.pk)


def preview_form(topic, html):
    return nested_form_data(
        {
            "title": topic.title,
            "slug": topic.slug,
            "summary": topic.summary,
            "also_called": topic.also_called,
            "kind": topic.kind,
            "body": streamfield([("text", {"heading": "About it", "text": rich_text(html)})]),
            "treatment_links": inline_formset([]),
            "related_topic_links": inline_formset([]),
            "codes": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def axe_configuration(html):
    found = re.search(r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def check_options(configuration, check_id):
    return next(check["options"] for check in configuration["spec"]["checks"] if check["id"] == check_id)


def test_preview_hands_the_unsaved_pages_results_to_the_checker(client, editor, site):
    topic = topic_with(site, "<p>Rest well.</p>")
    verified_login(client, editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[topic.pk])
    unsaved = "<p>Take an analgesic. See <a href='https://example.org/forms'>click here</a>.</p>"
    assert client.post(url, preview_form(topic, unsaved)).json()["is_valid"]

    preview = client.get(url + "?mode=&in_preview_panel=true")
    assert preview.status_code == 200
    configuration = axe_configuration(preview.content.decode())
    assert "clinic-jargon" in configuration["options"]["runOnly"]
    assert check_options(configuration, "clinic-jargon-check") == {
        "locate": "word",
        "locators": ["analgesic"],
        "found": True,
    }
    assert check_options(configuration, "clinic-link-text-check")["locators"] == ["click here"]
    assert check_options(configuration, "clinic-care-card-check")["found"] is True
    assert "Say “pain medicine”" in configuration["messages"]["clinic-jargon"]["help_text"]
    assert b"contentchecks/checks.js" in preview.content


def test_a_plain_word_added_by_an_editor_is_suggested_in_the_next_preview(client, editor, site):
    topic = topic_with(site, "<p>You may feel malaise.</p>")
    verified_login(client, editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[topic.pk])
    assert client.post(url, preview_form(topic, "<p>You may feel malaise.</p>")).json()["is_valid"]
    before = axe_configuration(client.get(url + "?mode=&in_preview_panel=true").content.decode())
    assert check_options(before, "clinic-jargon-check")["locators"] == []

    add_url = reverse("wagtailsnippets_contentchecks_plainword:add")
    response = client.post(add_url, {"term": "malaise", "plain_alternative": "feeling unwell", "language": "en"})
    assert response.status_code == 302
    after = axe_configuration(client.get(url + "?mode=&in_preview_panel=true").content.decode())
    assert check_options(after, "clinic-jargon-check")["locators"] == ["malaise"]
    assert "Say “feeling unwell”" in after["messages"]["clinic-jargon"]["help_text"]


def test_plain_word_form_refuses_a_duplicate_with_a_message(client, editor, site):
    verified_login(client, editor)
    add_url = reverse("wagtailsnippets_contentchecks_plainword:add")
    response = client.post(add_url, {"term": "analgesic", "plain_alternative": "painkiller", "language": "en"})
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert PlainWord.objects.filter(term="analgesic", language="en").count() == 1


def test_edit_screen_shows_the_drafts_checks_beside_submit(client, editor, site):
    topic = topic_with(site, "<p>Take an analgesic.</p>")
    verified_login(client, editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk]))
    html = response.content.decode()
    assert "data-content-checks-panel" in html
    assert "Medical word with a plainer alternative" in html
    assert "No urgent-help care card" in html
    assert "Submit to Clinical review" in html


def submit_for_review(client, editor, topic):
    """The editor's "Submit to Clinical review" on the topic's latest revision."""
    topic.save_revision(user=editor)
    topic.get_workflow().start(topic, editor)
    topic.refresh_from_db()
    return topic.current_workflow_state.current_task_state


def approve_url(topic, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[topic.pk, "approve", task_state.pk])


def test_approval_screen_lists_the_warnings_and_reading_grade(client, editor, clinician, site):
    topic = topic_with(site, "<p>Take an analgesic.</p>")
    task_state = submit_for_review(client, editor, topic)
    verified_login(client, clinician)
    response = client.get(approve_url(topic, task_state), **XHR)
    html = response.json()["html"]
    assert "Content checks of the version you are approving" in html
    assert "Reading grade" in html
    assert "“analgesic” may be unfamiliar. Say “pain medicine”." in html
    assert "No urgent-help care card" in html
    assert "I have read the content-check warnings" in html


def test_approving_with_warnings_without_confirming_is_refused_with_a_message(client, editor, clinician, site):
    topic = topic_with(site, "<p>Take an analgesic.</p>")
    task_state = submit_for_review(client, editor, topic)
    verified_login(client, clinician)
    response = client.post(approve_url(topic, task_state), {"checked_task_state": task_state.pk, "comment": ""}, **XHR)
    assert response.status_code == 200
    assert response.json()["step"] == "action"
    assert "Tick the box to confirm you have read them" in response.json()["html"]
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    # Without the form (a forged or stale post straight to the task) the approval is refused too, never a 500.
    response = client.post(approve_url(topic, task_state), {"comment": ""}, **XHR)
    assert response.json()["step"] == "action"
    assert "out of date" in response.json()["html"]


def test_approving_from_the_editor_without_the_confirmation_is_forbidden_not_an_error(client, editor, clinician, site):
    """The editor's "Approve" collects the form's data in the modal first; a post that skips it is refused the way
    Wagtail's admin refuses anything forbidden (403, or back to the dashboard with a message)."""
    topic = topic_with(site, "<p>Take an analgesic.</p>")
    task_state = submit_for_review(client, editor, topic)
    verified_login(client, clinician)
    form = preview_form(topic, "<p>Take an analgesic.</p>")
    form.update({"action-workflow-action": "on", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[topic.pk]), form)
    assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS


def test_confirmed_approval_is_recorded_with_the_revision(client, editor, clinician, site):
    topic = topic_with(site, "<p>Take an analgesic.</p>")
    task_state = submit_for_review(client, editor, topic)
    verified_login(client, clinician)
    response = client.post(
        approve_url(topic, task_state),
        {"checked_task_state": task_state.pk, "confirm_warnings": "on", "comment": ""},
        **XHR,
    )
    assert response.json()["step"] == "success"
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_APPROVED
    entry = PageLogEntry.objects.get(page=topic, action="contentchecks.warnings_confirmed")
    assert entry.revision_id == task_state.revision_id
    assert entry.user == clinician
    assert entry.data["warnings"] >= 2
    assert "clinic-jargon" in entry.data["rules"]
    history = client.get(reverse("wagtailadmin_pages:history", args=[topic.pk]))
    assert "content-check warning" in history.content.decode()


def test_a_clean_version_is_approved_without_a_confirmation(client, editor, clinician, site):
    topic = topic_with(site, "<p>Rest well.</p>")
    topic.body = json.dumps(
        [
            {"type": "text", "value": {"heading": "About it", "text": "<p>Rest well.</p>"}},
            {"type": "urgent_help", "value": {"level": "urgent", "heading": "Call us if", "warning_signs": ["Fever"]}},
        ]
    )
    task_state = submit_for_review(client, editor, topic)
    verified_login(client, clinician)
    response = client.post(approve_url(topic, task_state), {"checked_task_state": task_state.pk, "comment": ""}, **XHR)
    assert response.json()["step"] == "success"
    assert not PageLogEntry.objects.filter(page=topic, action="contentchecks.warnings_confirmed").exists()


#: The report's queries (session, user, the session's second-factor device, permissions, filters' choices, the page
#: of rows), whatever the topic count.
QUERIES = 15


def make_topics(parent, count, group, prefix):
    for number in range(count):
        html = "<p>Take an analgesic.</p>" if number % 2 else "<p>Rest well.</p>"
        topic_with(parent, html, title=f"{prefix} {number}", slug=f"{prefix}-{number}", groups=[group])


def test_report_lists_worst_first_with_constant_queries(client, editor, site, django_assert_max_num_queries):
    group = TopicGroupFactory()
    verified_login(client, editor)
    url = reverse("contentchecks_report")
    make_topics(site, 3, group, "small")
    with django_assert_max_num_queries(QUERIES) as few:
        small = client.get(url)
    make_topics(site, 12, group, "large")
    with django_assert_max_num_queries(QUERIES) as many:
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries), "queries grew with the number of topics"
    assert "large 1" in large.content.decode()
    rows = list(checked_topics())
    assert rows[0].warnings >= rows[-1].warnings
    assert PageContentChecks.objects.count() >= 15


def test_report_filters_by_language_and_group_and_exports(client, editor, site):
    group, other = TopicGroupFactory(), TopicGroupFactory()
    topic_with(site, "<p>Take an analgesic.</p>", groups=[group])
    topic_with(site, "<p>Rest.</p>", title="Neck pain", slug="neck-pain", groups=[other])
    verified_login(client, editor)
    url = reverse("contentchecks_report")
    by_group = client.get(url, {"groups": group.pk}).content.decode()
    assert "Sciatica" in by_group and "Neck pain" not in by_group
    spanish = Locale.objects.get(language_code="es")
    assert "Sciatica" not in client.get(url, {"locale": spanish.pk}).content.decode()
    csv = client.get(url, {"export": "csv"})
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Missing safety blocks" in text.splitlines()[0]
    assert "Sciatica" in text
    assert client.get(url, {"export": "xlsx"}).status_code == 200


def test_report_names_each_language_s_reading_scale(client, editor, site):
    """English scores are a school grade (lower is easier), Spanish ones INFLESZ (higher is easier): the column
    says which, so a clinician never reads 82 as "too hard"."""
    from contentchecks.reports import reading_text

    english = PageContentChecks(reading_score=9.4, reading_ok=False, language="en")
    spanish = PageContentChecks(reading_score=82.1, reading_ok=True, language="es")
    assert reading_text(english, "en") == "Grade 9.4 (misses target)"
    assert reading_text(spanish, "es") == "INFLESZ 82.1"


def test_report_refuses_a_bad_filter_with_a_4xx_or_ignores_it(client, editor, site):
    verified_login(client, editor)
    response = client.get(reverse("contentchecks_report"), {"locale": "not-a-number", "groups": "x"})
    assert response.status_code < 500
