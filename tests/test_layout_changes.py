"""Reorders and call-to-action changes are recorded on publish, marked on the chart, and compared before and after
with sample sizes and a Wilson interval ("not enough data yet" when small)."""

import datetime

import pytest
from django.utils import timezone

from cta.models import CallToActionClick
from pageviews.comparison import MIN_VIEWS, wilson_interval
from pageviews.models import PageLayoutChange, PageViewDay
from tests.factories import CallToActionFactory, TopicPageFactory
from tests.test_page_performance import URL, marketer, rows  # noqa: F401  (marketer is a fixture)


@pytest.fixture
def sciatica(topic_index):
    page = TopicPageFactory(
        parent=topic_index,
        title="Sciatica",
        body__0__call_to_action__call_to_action=CallToActionFactory(name="Book"),
        body__1__patient_quote__quote="I can walk my dog again.",
        body__2__patient_quote__quote="I sleep through the night.",
    )
    page.save_revision().publish()  # the first publish: nothing to compare with
    return page


def publish(page, blocks):
    page.body = blocks
    page.save_revision().publish()


def blocks(page):
    return [(block.block_type, block.value) for block in page.body]


def test_a_reorder_and_a_cta_swap_are_recorded_and_a_text_edit_is_not(sciatica):
    assert not PageLayoutChange.objects.exists()
    book, first, second = blocks(sciatica)
    publish(sciatica, [first, book, second])
    publish(sciatica, [first, book, second])  # published again unchanged
    change = PageLayoutChange.objects.get()
    assert (change.page_id, change.reordered, change.cta_changed) == (sciatica.pk, True, False)
    assert change.day == timezone.localdate() and change.description == "Blocks reordered"

    edited = ("patient_quote", {**dict(second[1]), "quote": "I sleep better now."})
    publish(sciatica, [first, book, edited])
    assert PageLayoutChange.objects.count() == 1  # new words are no reorder

    call = CallToActionFactory(name="Call us")
    publish(sciatica, [first, ("call_to_action", {"call_to_action": call}), edited])
    latest = PageLayoutChange.objects.first()
    assert (latest.reordered, latest.cta_changed, latest.description) == (False, True, "Call to action changed")


def test_the_wilson_interval():
    low, high = wilson_interval(5, 10)
    assert round(low, 4) == 0.2366 and round(high, 4) == 0.7634
    assert wilson_interval(0, 10)[0] == 0 and round(wilson_interval(0, 10)[1], 4) == 0.2775
    assert wilson_interval(0, 0) == (0.0, 1.0)


def add_days(page, first_day, last_day, views, clicks):
    day = first_day
    while day <= last_day:
        PageViewDay.objects.create(page=page, language="en", day=day, count=views)
        CallToActionClick.objects.create(
            call_to_action_id=page.body[0].value["call_to_action"].pk, page=page, position=1, day=day, count=clicks
        )
        day += datetime.timedelta(days=1)


@pytest.mark.any_hour
def test_the_report_says_not_enough_data_yet_then_shows_both_rates_with_their_intervals(marketer, sciatica):  # noqa: F811
    today = timezone.localdate()
    change = PageLayoutChange.objects.create(
        page=sciatica, published_at=timezone.now(), day=today - datetime.timedelta(days=10), reordered=True
    )
    add_days(sciatica, change.day - datetime.timedelta(days=5), change.day - datetime.timedelta(days=1), 10, 1)
    row = rows(marketer.get(URL))["Sciatica"]
    assert f"Blocks reordered on {change.day:%d %b %Y}: not enough data yet (50 views before, 0 after;" in (
        row.last_change_text
    )
    assert f"{MIN_VIEWS} on each side needed" in row.last_change_text
    assert 'stroke-dasharray="2 2"><title>Blocks reordered</title>' in row.chart

    add_days(sciatica, change.day - datetime.timedelta(days=28), change.day - datetime.timedelta(days=6), 10, 1)
    add_days(sciatica, change.day + datetime.timedelta(days=1), today, 30, 6)
    text = rows(marketer.get(URL))["Sciatica"].last_change_text
    assert "CTA click rate 10.0% before (95% interval 7.0% to 14.1%, 28 clicks in 280 views)" in text
    assert "20.0% after" in text and "60 in 300" in text and text.endswith("higher after")
    export = marketer.get(URL, {"export": "csv"})
    assert b"Since the last layout change" in b"".join(export.streaming_content)
