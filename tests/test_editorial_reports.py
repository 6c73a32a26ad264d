"""The "Topics due for review" report, its export, the dashboard panel and the readability figure."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from editorial.setup import CLINICIANS, EDITORS, MARKETING, ensure_editorial_setup
from tests.factories import TopicPageFactory, UserFactory
from tests.staff import verified_login
from topics.readability import Readability, analyse, count_syllables, flesch_kincaid_grade, page_readability

REPORT_URL = "/admin/reports/topics-due-for-review/"


@pytest.fixture
def topics(topic_index):
    """Five topics: two overdue, one never reviewed, two due soon, one not due for months."""
    ensure_editorial_setup()
    today = timezone.localdate()

    def make(title, days, live=True):
        due = None if days is None else today + datetime.timedelta(days=days)
        return TopicPageFactory(parent=topic_index, title=title, next_review_due=due, live=live)

    return {
        "due-20": make("Due in twenty days", 20),
        "overdue-3": make("Overdue by three", -3),
        "later": make("Reviewed recently", 200),
        "due-0": make("Due today", 0),
        "never": make("Never reviewed", None),
        "overdue-40": make("Overdue by forty", -40, live=False),
    }


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_lists_overdue_first_then_due_within_30_days(client, topics):
    verified_login(client, UserFactory(groups=[CLINICIANS]))
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    titles = [topic.title for topic in response.context["object_list"]]
    assert titles == ["Overdue by forty", "Overdue by three", "Never reviewed", "Due today", "Due in twenty days"]
    html = response.content.decode()
    assert "Overdue by 3 days" in html and "Due in 20 days" in html
    assert "Reviewed recently" not in html
    assert reverse("wagtailadmin_pages:edit", args=[topics["overdue-3"].pk]) in html


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_filters(client, topics):
    verified_login(client, UserFactory(groups=[EDITORS]))
    due_soon = client.get(REPORT_URL, {"state": "1"}).context["object_list"]
    assert [t.title for t in due_soon] == ["Due today", "Due in twenty days"]
    published_overdue = client.get(REPORT_URL, {"state": "0", "live": "true"}).context["object_list"]
    assert [t.title for t in published_overdue] == ["Overdue by three", "Never reviewed"]


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_exports_csv_and_xlsx_in_report_order(client, topics):
    verified_login(client, UserFactory(groups=[CLINICIANS]))
    response = client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="topics-due-for-review-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Topic", "Status", "Next review due", "Last reviewed", "Reviewer", "Published", "Address"]
    assert [row[0] for row in rows[1:]] == [
        "Overdue by forty",
        "Overdue by three",
        "Never reviewed",
        "Due today",
        "Due in twenty days",
    ]
    assert rows[2][1] == "Overdue by 3 days"
    assert rows[2][2] == (timezone.localdate() - datetime.timedelta(days=3)).isoformat()

    response = client.get(REPORT_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "Topic"
    assert [row[0] for row in values[1:]] == [row[0] for row in rows[1:]]


@pytest.mark.any_hour
@pytest.mark.django_db
def test_report_and_dashboard_panel_by_role(client, topics):
    verified_login(client, UserFactory(groups=[MARKETING]))
    assert client.get(REPORT_URL).status_code in (302, 403)
    assert "topics-due-for-review" not in client.get("/admin/").content.decode()

    verified_login(client, UserFactory(groups=[EDITORS]))
    dashboard = client.get("/admin/").content.decode()
    # Published topics only: two overdue or never reviewed (the unpublished one is left out), two due soon.
    assert '<strong data-count="overdue">2</strong>' in dashboard
    assert '<strong data-count="due-soon">2</strong>' in dashboard
    assert REPORT_URL in dashboard


def test_syllable_heuristic_on_common_words():
    words = ["pain", "table", "nerve", "walked", "doctor", "medicine", "careful", "management"]
    assert [count_syllables(word) for word in words] == [1, 2, 1, 1, 2, 3, 2, 3]


def test_flesch_kincaid_grade_for_known_texts():
    # grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    # 6 words, 1 sentence, 6 syllables: 2.34 + 11.8 - 15.59 = -1.45
    assert flesch_kincaid_grade("The cat sat on the mat.") == -1.4
    # 17 words, 3 sentences, 20 syllables (sci-at-i-ca counts 3, gen-tle 2): 2.21 + 13.88 - 15.59 = 0.5
    plain = "Sciatica is pain in your leg. It starts in your low back. Rest and gentle walks help."
    assert analyse([plain]) == Readability(words=17, sentences=3, syllables=20)
    assert flesch_kincaid_grade(plain) == 0.5
    # 11 words, 1 sentence, 33 syllables: 4.29 + 35.4 - 15.59 = 24.1, far above the target of 8
    hard = (
        "Chronic neuropathic pain frequently necessitates multidisciplinary management and careful medication review."
    )
    result = analyse([hard])
    assert (result.words, result.sentences, result.syllables, result.grade) == (11, 1, 33, 24.1)
    assert not result.meets_target and analyse([plain]).meets_target
    assert flesch_kincaid_grade("") is None


def test_headings_end_a_sentence_even_without_a_full_stop():
    assert analyse(["Symptoms", "You may feel pain."]).sentences == 2


@pytest.mark.django_db
def test_readability_panel_on_the_topic_edit_screen(client, topic_index):
    ensure_editorial_setup()
    topic = TopicPageFactory(
        parent=topic_index,
        title="Sciatica",
        summary="Sciatica is pain in your leg.",
        body__0__text__heading="Help",
        body__0__text__text=RichText("<p>Rest and gentle walks help.</p>"),
    )
    expected = page_readability(topic)
    # "Sciatica" / "Sciatica is pain in your leg." / "Help" / "Rest and gentle walks help."
    assert expected == Readability(words=13, sentences=4, syllables=18)
    verified_login(client, UserFactory(groups=[EDITORS]))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk])).content.decode()
    assert f"<strong data-readability-grade>{expected.grade}</strong>" in html
    assert "aim for grade 8 or below" in html
