"""Experiments on two block orders (issue #33 item 4): B may only reorder the live page's blocks or swap a call to
action (checked on start and at every render of B), each view is shown A or B at random with no cookie, views, CTA
clicks and contact requests are counted per variant, the report compares them honestly, and ending keeps A or
sends B's order through the page's normal route (Clinical review for topic pages)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.blocks import StreamValue

from contact.models import ContactRequest
from editorial.setup import MARKETING, ensure_editorial_setup
from experiments.models import Experiment, ExperimentCount
from experiments.report import experiment_figures
from pageviews import counting
from pageviews.comparison import MIN_VIEWS
from pageviews.models import PageViewDay
from tests.factories import CallToActionFactory, ContactPageFactory, TopicPageFactory, UserFactory
from tests.staff import verified_login
from tests.test_pageviews import BROWSER, redis_cache  # noqa: F401  (a fixture)

REPORT = "/admin/reports/experiments/"
QUOTES = ["I can walk my dog again.", "I sleep through the night."]


@pytest.fixture
def contact(home):
    return ContactPageFactory(parent=home)


def three_block_topic(parent, title, cta):
    """A published topic: a call to action, then two patient quotes."""
    page = TopicPageFactory(
        parent=parent,
        title=title,
        body__0__call_to_action__call_to_action=cta,
        body__1__patient_quote__quote=QUOTES[0],
        body__2__patient_quote__quote=QUOTES[1],
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def sciatica(topic_index, contact):
    book = CallToActionFactory(name="Book", link_url="", link_page=contact, button_label="Book")
    return three_block_topic(topic_index, "Sciatica", book)


@pytest.fixture
def marketer(client, sciatica):
    """Marketing, set up once the pages exist (its page permissions and the topics' Clinical review workflow)."""
    ensure_editorial_setup()
    verified_login(client, UserFactory(groups=[MARKETING]))
    return client


def save_draft(page, raw):
    """A draft whose body is `raw` (block dicts with their ids, as the editor keeps them when blocks move)."""
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.body = StreamValue(page.body.stream_block, raw, is_lazy=True)
    return page.save_revision()


def raw(page):
    return [dict(block) for block in page.body.raw_data]


def reordered(page):
    book, first, second = raw(page)
    return [second, first, book]


def start(client, page):
    return client.post(f"/admin/experiments/start/{page.pk}/")


def problem(response):
    """The refusal the start page shows, or "" (then what it says B changes)."""
    found = re.search(r"data-experiment-problem>(.*?)</p>", response.content.decode(), re.S)
    return found[1] if found else re.search(r"which (.*?)\. Each page view", response.content.decode(), re.S)[1]


def preview(client, page):
    return problem(client.get(f"/admin/experiments/start/{page.pk}/"))


def anonymous(url, variant=None):
    headers = {"HTTP_X_PAGE_VARIANT": variant} if variant else {}
    return Client(HTTP_USER_AGENT=BROWSER).get(url, **headers)


def quotes_in(html):
    return [quote for quote in re.findall(r"I can walk my dog again\.|I sleep through the night\.", html)]


def test_b_with_changed_text_is_refused_with_a_reason_and_a_reorder_starts(marketer, sciatica):
    blocks = raw(sciatica)
    blocks[1] = {**blocks[1], "value": {**blocks[1]["value"], "quote": "I can run again."}}
    save_draft(sciatica, blocks)
    shown = preview(marketer, sciatica)
    assert "changes the text of the block" in shown and "never shows unapproved text" in shown
    refused = start(marketer, sciatica)
    assert refused.status_code == 400 and not Experiment.objects.exists()

    save_draft(sciatica, raw(sciatica) + [{**raw(sciatica)[1], "id": "new-block"}])
    assert "adds or removes blocks" in problem(start(marketer, sciatica))

    sciatica.refresh_from_db()
    draft = sciatica.specific.__class__.objects.get(pk=sciatica.pk)
    draft.summary = "A new summary nobody reviewed."
    draft.save_revision()
    assert "changes summary" in problem(start(marketer, sciatica))

    save_draft(sciatica, raw(sciatica))
    assert "the same as the live page" in problem(start(marketer, sciatica))

    revision = save_draft(sciatica, reordered(sciatica))
    edit = marketer.get(f"/admin/pages/{sciatica.pk}/edit/").content.decode()
    assert f"/admin/experiments/start/{sciatica.pk}/" in edit  # the page's header menu offers it
    assert "blocks reordered" in preview(marketer, sciatica)
    assert start(marketer, sciatica).status_code == 302
    experiment = Experiment.objects.get()
    assert (experiment.page_id, experiment.variant_revision_id, experiment.is_running) == (
        sciatica.pk,
        revision.pk,
        True,
    )
    assert "already running" in problem(start(marketer, sciatica))


def test_a_cta_swap_may_be_tested_but_only_to_a_live_call_to_action_of_the_language(marketer, sciatica):
    blocks = raw(sciatica)
    draft_cta = CallToActionFactory(name="Not live yet", live=False)
    blocks[0] = {**blocks[0], "value": {"call_to_action": draft_cta.pk}}
    save_draft(sciatica, blocks)
    assert "not live" in problem(start(marketer, sciatica))
    blocks[0] = {**blocks[0], "value": {"call_to_action": CallToActionFactory(name="Call us").pk}}
    save_draft(sciatica, blocks)
    assert "call to action swapped" in preview(marketer, sciatica)
    assert start(marketer, sciatica).status_code == 302


def test_each_view_is_a_or_b_at_random_with_no_cookie_and_b_shows_the_drafts_order(marketer, sciatica, topic_index):
    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    a, b = anonymous(sciatica.url, "a"), anonymous(sciatica.url, "b")
    assert quotes_in(a.content.decode()) == QUOTES and 'data-view-variant="a"' in a.content.decode()
    assert quotes_in(b.content.decode()) == QUOTES[::-1] and 'data-view-variant="b"' in b.content.decode()
    assert "variant=b" in b.content.decode()  # the CTA link carries it
    for response in (a, b):
        assert "X-Page-Variant" in response["Vary"] and not response.cookies
    # A client's own value is only "a" or "b"; anything else (and no header) is a coin toss per view.
    seen = {quotes_in(anonymous(sciatica.url, "x' or 1=1").content.decode())[0] for _ in range(20)}
    assert seen == set(QUOTES)
    other = TopicPageFactory(parent=topic_index, title="Gout")
    plain = anonymous(other.url, "b")
    assert "X-Page-Variant" not in plain.get("Vary", "") and "data-view-variant" not in plain.content.decode()


def test_b_is_not_shown_once_the_live_text_differs_from_it(marketer, sciatica):
    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    live = sciatica.specific.__class__.objects.get(pk=sciatica.pk)
    blocks = raw(live)
    blocks[1] = {**blocks[1], "value": {**blocks[1]["value"], "quote": "Reviewed new words."}}
    live.body = StreamValue(live.body.stream_block, blocks, is_lazy=True)
    live.save_revision().publish()
    html = anonymous(sciatica.url, "b").content.decode()
    assert "Reviewed new words." in html and 'data-view-variant="a"' in html  # A, and counted as A


def test_views_clicks_and_contact_requests_are_counted_per_variant(marketer, sciatica, contact):
    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    experiment = Experiment.objects.get()
    browser = Client(HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    for variant in ("a", "b", "b"):
        body = f"page={sciatica.pk}&language=en&variant={variant}"
        assert browser.post("/go/view/", body, content_type="text/plain").status_code == 204
    bad = browser.post("/go/view/", f"page={sciatica.pk}&language=en&variant=c", content_type="text/plain")
    assert bad.status_code == 400 and b"variant must be a or b" in bad.content

    link = re.search(r'href="(/go/cta/[^"]+variant=b[^"]*)"', anonymous(sciatica.url, "b").content.decode())[1]
    landing = browser.get(link.replace("&amp;", "&"))["Location"]
    assert landing.endswith(f"from={sciatica.pk}&variant=b")
    assert browser.get(link.replace("variant=b", "variant=z").replace("&amp;", "&")).status_code == 400
    assert 'name="started_from_variant" value="b"' in browser.get(landing).content.decode()
    browser.post(
        contact.url,
        {
            "first_name": "Rosa",
            "phone": "(555) 010-0199",
            "preferred_time": "any",
            "reason": "new_patient",
            "consent": "on",
            "started_from": sciatica.pk,
            "started_from_variant": "b",
        },
    )
    assert ContactRequest.objects.get().started_from_variant == "b"
    counts = {(c.variant, c.kind): c.count for c in ExperimentCount.objects.filter(experiment=experiment)}
    assert counts == {("a", "view"): 1, ("b", "view"): 2, ("b", "click"): 1, ("b", "contact"): 1}


def test_with_redis_a_variant_view_waits_in_the_days_hash_and_the_flush_writes_both_counts(
    marketer,
    sciatica,
    redis_cache,  # noqa: F811
):
    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    browser = Client(HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    for body in ("variant=b", "variant=b", "variant=a", ""):
        browser.post("/go/view/", f"page={sciatica.pk}&language=en&{body}".rstrip("&"), content_type="text/plain")
    assert counting.waiting() == {(sciatica.pk, "en"): 4}  # the page's own count holds every view
    counting.flush()
    assert PageViewDay.objects.get(page=sciatica).count == 4
    views = dict(ExperimentCount.objects.filter(kind="view").values_list("variant", "count"))
    assert views == {"a": 1, "b": 2}


def add(experiment, variant, kind, count, days_ago=0):
    ExperimentCount.objects.create(
        experiment=experiment,
        variant=variant,
        kind=kind,
        count=count,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def test_the_report_says_not_enough_data_yet_then_compares_with_intervals_in_constant_queries(
    marketer, sciatica, topic_index, django_assert_num_queries
):
    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    experiment = Experiment.objects.get()
    add(experiment, "a", "view", 50)
    add(experiment, "b", "view", 60)
    page = marketer.get(REPORT).content.decode()
    assert f"Not enough data yet: {MIN_VIEWS} views of each variant" in page and "End and keep B" in page

    for day in range(1, 11):
        add(experiment, "a", "view", 100, day)
        add(experiment, "b", "view", 100, day)
        add(experiment, "a", "click", 2, day)
        add(experiment, "b", "click", 12, day)
    row = experiment_figures()[0]
    a, b = (figures for _name, figures in row["variants"])
    assert (a["views"], b["views"], a["clicks"]["count"], b["clicks"]["count"]) == (1050, 1060, 20, 120)
    assert row["enough"] and row["click_verdict"] == "B higher" and row["contact_verdict"] == "no clear difference yet"
    assert "11.3% (95% interval" in marketer.get(REPORT).content.decode()

    with django_assert_num_queries(2):
        experiment_figures()
    for title in ("Gout", "Migraine"):
        other = three_block_topic(topic_index, title, CallToActionFactory(name=title))
        save_draft(other, reordered(other))
        start(marketer, other)
        for day in range(20):
            add(Experiment.objects.get(page=other), "a", "view", 5, day)
    with django_assert_num_queries(2):
        assert len(experiment_figures()) == 3


def test_end_and_keep_a_changes_nothing_and_keep_b_goes_to_clinical_review(marketer, sciatica):
    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    experiment = Experiment.objects.get()
    assert marketer.post(f"/admin/experiments/{experiment.pk}/end/", {"keep": "c"}).status_code == 400
    marketer.post(f"/admin/experiments/{experiment.pk}/end/", {"keep": "a"})
    experiment.refresh_from_db()
    assert (experiment.is_running, experiment.kept) == (False, "a")
    assert quotes_in(anonymous(sciatica.url, "b").content.decode()) == QUOTES

    save_draft(sciatica, reordered(sciatica))
    start(marketer, sciatica)
    second = Experiment.objects.running().get()
    marketer.post(f"/admin/experiments/{second.pk}/end/", {"keep": "b"})
    second.refresh_from_db()
    sciatica.refresh_from_db()
    assert second.kept == "b" and "Clinical review" in second.outcome
    state = sciatica.current_workflow_state
    assert state is not None and state.status == "in_progress"
    in_review = state.current_task_state.revision.as_object()
    assert [block["id"] for block in in_review.body.raw_data] == [block["id"] for block in reordered(sciatica)]
    assert quotes_in(anonymous(sciatica.url).content.decode()) == QUOTES  # live until a clinician approves
    assert "ended" in marketer.get(REPORT).content.decode()
