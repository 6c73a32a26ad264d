"""Clinical review counts are about the clinic's own pages; MedlinePlus library pages are never "overdue"."""

import datetime
import re

import pytest
from django.utils import timezone

from editorial.reports import review_counts
from editorial.setup import EDITORS, ensure_editorial_setup
from tests.factories import TopicPageFactory, UserFactory
from tests.staff import verified_login
from topics.models import TopicPage

REPORT_URL = "/admin/reports/topics-due-for-review/"


@pytest.fixture
def pages(topic_index):
    ensure_editorial_setup()
    today = timezone.localdate()
    clinic = [
        TopicPageFactory(
            parent=topic_index, title="Clinic overdue", next_review_due=today - datetime.timedelta(days=3)
        ),
        TopicPageFactory(
            parent=topic_index, title="Clinic due soon", next_review_due=today + datetime.timedelta(days=9)
        ),
    ]
    library = [
        TopicPageFactory(
            parent=topic_index, title=f"Library page {n}", source=TopicPage.SOURCE_MEDLINEPLUS, source_id=f"mp{n}"
        )
        for n in range(3)
    ]
    return clinic, library


def titles(response):
    return [topic.title for topic in response.context["object_list"]]


@pytest.mark.any_hour
@pytest.mark.django_db
def test_counts_and_report_are_clinic_pages_by_default(client, pages):
    assert review_counts() == {"overdue": 1, "due_soon": 1}
    verified_login(client, UserFactory(groups=[EDITORS]))
    assert titles(client.get(REPORT_URL)) == ["Clinic overdue", "Clinic due soon"]
    dashboard = client.get("/admin/").content.decode()
    assert '<strong data-count="overdue">1</strong>' in dashboard


@pytest.mark.any_hour
@pytest.mark.django_db
def test_library_pages_can_be_filtered_in_and_are_not_called_overdue(client, pages):
    verified_login(client, UserFactory(groups=[EDITORS]))
    library = client.get(REPORT_URL, {"source": TopicPage.SOURCE_MEDLINEPLUS})
    assert titles(library) == ["Library page 0", "Library page 1", "Library page 2"]
    [html] = [body for body in re.findall(r"<tbody.*?</tbody>", library.content.decode(), re.S) if "Library" in body]
    assert "Never reviewed" not in html and "Overdue" not in html
    assert "Library page: not reviewed by the clinic" in html
    both = client.get(REPORT_URL, {"source": "all"})
    assert set(titles(both)) == {
        "Clinic overdue",
        "Clinic due soon",
        "Library page 0",
        "Library page 1",
        "Library page 2",
    }
    overdue_only = client.get(REPORT_URL, {"source": "all", "state": "0"})
    assert titles(overdue_only) == ["Clinic overdue"]


@pytest.mark.django_db
def test_report_and_dashboard_queries_do_not_grow_with_library_pages(
    client, pages, topic_index, django_assert_max_num_queries
):
    verified_login(client, UserFactory(groups=[EDITORS]))

    def measure():
        counts = []
        for url, params in [(REPORT_URL, {"source": "all"}), ("/admin/", {})]:
            with django_assert_max_num_queries(60) as queries:
                assert client.get(url, params).status_code == 200
            counts.append(len(queries))
        return counts

    measure()  # the first requests also load what Wagtail caches per process
    before = measure()
    for n in range(3, 13):
        TopicPageFactory(
            parent=topic_index, title=f"Library page {n}", source=TopicPage.SOURCE_MEDLINEPLUS, source_id=f"mp{n}"
        )
    assert measure() == before
