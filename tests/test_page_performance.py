"""The page performance report: views, CTA clicks per call to action and block position, contact requests started
from the page, the yes-rate and a server-drawn chart; filters, sorting, export, and a constant number of queries."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contact.models import ContactRequest
from cta.models import CallToActionClick
from editorial.setup import CLINICIANS, EDITORS, MARKETING, ensure_editorial_setup
from feedback.models import PageFeedbackDay
from pageviews.models import PageLayoutChange, PageSearchDay, PageViewDay
from tests.factories import (
    CallToActionClickFactory,
    CallToActionFactory,
    ContactPageFactory,
    TopicGroupFactory,
    TopicPageFactory,
    UserFactory,
)
from tests.staff import verified_login

URL = "/admin/reports/page-performance/"


@pytest.fixture
def marketer(client, db):
    ensure_editorial_setup()
    verified_login(client, UserFactory(groups=[MARKETING]))
    return client


def add_views(page, count, days_ago=0, language="en"):
    PageViewDay.objects.create(
        page=page, language=language, day=timezone.localdate() - datetime.timedelta(days=days_ago), count=count
    )


def request_from(page, days_ago=0):
    return ContactRequest.objects.create(
        first_name="Ana",
        phone="5550100000",
        reason="other",
        consented_at=timezone.now(),
        started_from=page,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def rows(response):
    return {page.title: page for page in response.context["object_list"]}


@pytest.mark.any_hour
def test_a_ctas_clicks_by_block_position_and_a_contact_request_from_the_page_reach_its_row(
    client, marketer, home, topic_index
):
    contact = ContactPageFactory(parent=home)
    book = CallToActionFactory(name="Book a consultation", link_url="", link_page=contact, button_label="Book")
    call = CallToActionFactory(name="Call us", link_url="https://example.org/call/", button_label="Call")
    sciatica = TopicPageFactory(
        parent=topic_index,
        title="Sciatica",
        slug="sciatica",
        body__0__call_to_action__call_to_action=book,
        body__1__patient_quote__quote="Between the buttons.",
        body__2__call_to_action__call_to_action=call,
    )
    TopicPageFactory(parent=topic_index, title="Gout")
    html = client.get(sciatica.url).content.decode()
    links = [link.replace("&amp;", "&") for link in re.findall(r'class="button" href="(/go/cta/[^"]+)"', html)]
    book_link = f"/go/cta/{book.pk}/?topic=sciatica&from={sciatica.pk}&pos=1"
    call_link = f"/go/cta/{call.pk}/?from={sciatica.pk}&pos=3"
    assert set(links) == {book_link, call_link}  # the side column repeats the first one's link
    landing = client.get(book_link)["Location"]
    assert landing == f"/contact/?topic=sciatica&from={sciatica.pk}"
    for _ in range(2):
        client.get(call_link)
    form = client.get(landing).content.decode()
    assert f'name="started_from" value="{sciatica.pk}"' in form
    client.post(
        contact.url,
        {
            "first_name": "Rosa",
            "phone": "(555) 010-0199",
            "preferred_time": "any",
            "reason": "new_patient",
            "consent": "on",
            "topic": sciatica.pk,
            "started_from": sciatica.pk,
        },
    )
    assert ContactRequest.objects.get().started_from_id == sciatica.pk
    add_views(sciatica, 40)
    add_views(sciatica, 10, days_ago=3)
    PageFeedbackDay.objects.create(page=sciatica, day=timezone.localdate(), yes=3, no=1)

    response = marketer.get(URL)
    assert response.status_code == 200
    row = rows(response)["Sciatica"]
    assert (row.views, row.cta_clicks, row.contact_requests) == (50, 3, 1)
    assert row.clicks_by_position == [("Block 1", 1), ("Block 3", 2)]
    assert row.clicks_by_cta == [("Call us", 2), ("Book a consultation", 1)]
    assert (row.click_rate_text, row.contact_rate_text, row.helpful_text) == ("6.0%", "2.0%", "75.0%")
    assert rows(response)["Gout"].views == 0
    html = response.content.decode()
    assert html.count('<svg class="page-performance-chart" role="img"') == 3  # the home page, Sciatica, Gout
    assert 'aria-label="Sciatica, ' in html and "50 views, 3 call-to-action clicks, 1 contact requests" in html
    assert [page.title for page in response.context["object_list"]][0] == "Sciatica"  # most viewed first
    assert CallToActionClick.objects.filter(page=sciatica, position=3).get().count == 2


@pytest.mark.any_hour
def test_day_range_language_group_and_sorting(marketer, topic_index, spanish_topic_index):
    nerve = TopicGroupFactory(name="Nerve pain")
    sciatica = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[nerve])
    gout = TopicPageFactory(parent=topic_index, title="Gout")
    add_views(sciatica, 5)
    add_views(sciatica, 100, days_ago=40)
    add_views(gout, 9)
    request_from(sciatica)
    request_from(sciatica)
    assert rows(marketer.get(URL))["Sciatica"].views == 5
    assert rows(marketer.get(URL, {"period": "90"}))["Sciatica"].views == 105
    since = (timezone.localdate() - datetime.timedelta(days=45)).isoformat()
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    ranged = marketer.get(URL, {"since": since, "until": until})
    assert rows(ranged)["Sciatica"].views == 100
    assert rows(ranged)["Sciatica"].chart.count("<polyline") == 3
    assert set(rows(marketer.get(URL, {"group": nerve.pk}))) == {"Sciatica"}
    spanish = rows(marketer.get(URL, {"locale": spanish_topic_index.locale_id}))
    assert "Sciatica" not in spanish and "Temas de salud" not in spanish  # an index page counts no views
    by_requests = marketer.get(URL, {"ordering": "-contact_requests"}).context["object_list"]
    assert by_requests[0].title == "Sciatica"
    by_views = marketer.get(URL, {"ordering": "-views"}).context["object_list"]
    assert [page.title for page in by_views][:2] == ["Gout", "Sciatica"]
    assert marketer.get(URL, {"since": "not-a-date", "ordering": "nonsense"}).status_code == 200


def test_the_export_escapes_formulas_and_names_each_figure(marketer, topic_index):
    page = TopicPageFactory(parent=topic_index, title='=HYPERLINK("https://evil.example")')
    add_views(page, 4)
    CallToActionClickFactory(page=page, position=2, call_to_action__name="@Book", count=1)
    response = marketer.get(URL, {"export": "csv"})
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0][:5] == ["Page", "Language", "Views", "CTA clicks", "Click rate"]
    [row] = [row for row in table[1:] if "HYPERLINK" in row[0]]
    assert row[0].startswith("'=") and row[2:5] == ["4", "1", "25.0%"]
    assert row[5] == "Block 2: 1" and row[6] == "'@Book: 1"
    assert marketer.get(URL, {"export": "xlsx"}).status_code == 200


def test_marketing_and_editors_see_the_report_and_clinicians_do_not(client, db):
    ensure_editorial_setup()
    for group, allowed in [(MARKETING, True), (EDITORS, True), (CLINICIANS, False)]:
        verified_login(client, UserFactory(groups=[group]))
        assert (client.get(URL).status_code == 200) is allowed
        assert ("/admin/reports/page-performance/" in client.get("/admin/").content.decode()) is allowed


def report_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"period": "365"}).status_code == 200
    return len(queries.captured_queries)


def test_the_number_of_queries_stays_the_same_as_pages_and_days_grow(marketer, topic_index):
    cta = CallToActionFactory()

    def add_pages(count, days):
        for _ in range(count):
            page = TopicPageFactory(parent=topic_index)
            for day in range(days):
                add_views(page, 3, days_ago=day * 7)
                CallToActionClickFactory(call_to_action=cta, page=page, position=day % 3, day=page_day(day))
            request_from(page, days_ago=days)
            for day in range(0, days, 4):
                PageLayoutChange.objects.create(
                    page=page, published_at=timezone.now(), day=page_day(day), reordered=True
                )
            PageFeedbackDay.objects.create(page=page, day=timezone.localdate(), yes=1)
            for day in range(days):
                for n in range(7):
                    PageSearchDay.objects.create(
                        page=page, language="en", day=page_day(day), query=f"search {n}", count=n + 1
                    )

    def page_day(day):
        return timezone.localdate() - datetime.timedelta(days=day * 7)

    add_pages(2, 2)
    marketer.get(URL)  # the admin's own first-use queries (content types, the menu)
    few = report_queries(marketer)
    add_pages(6, 12)
    assert report_queries(marketer) == few


def test_the_top_searches_that_led_to_each_page_over_the_chosen_days_are_listed_and_exported(marketer, topic_index):
    sciatica = TopicPageFactory(parent=topic_index, title="Sciatica")
    gout = TopicPageFactory(parent=topic_index, title="Gout")
    add_views(sciatica, 10)
    today = timezone.localdate()
    for query, count, days_ago in [
        ("leg pain", 4, 0),
        ("leg pain", 3, 5),
        ("nerve", 6, 1),
        ("back", 1, 0),
        ("b", 1, 0),
        ("c", 1, 0),
        ("d", 1, 0),  # sixth: past the top five, the ties in alphabetical order
        ("old search", 99, 40),  # before the period
    ]:
        PageSearchDay.objects.create(
            page=sciatica, language="en", day=today - datetime.timedelta(days=days_ago), query=query, count=count
        )
    PageSearchDay.objects.create(page=gout, language="en", day=today, query="=toe", count=2)

    found = rows(marketer.get(URL, {"period": "30"}))
    assert found["Sciatica"].searches == [("leg pain", 7), ("nerve", 6), ("b", 1), ("back", 1), ("c", 1)]
    assert found["Gout"].searches == [("=toe", 2)]
    assert rows(marketer.get(URL, {"since": today.isoformat()}))["Sciatica"].searches[0] == ("leg pain", 4)
    html = marketer.get(URL, {"period": "30"}).content.decode()
    assert "Searches that led here" in html and "<li>leg pain: 7</li>" in html

    response = marketer.get(URL, {"period": "30", "export": "csv"})
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    column = table[0].index("Searches that led here")
    by_page = {row[0]: row[column] for row in table[1:]}
    assert by_page["Sciatica"] == "leg pain: 7; nerve: 6; b: 1; back: 1; c: 1"
    assert by_page["Gout"] == "'=toe: 2"  # a formula is escaped
