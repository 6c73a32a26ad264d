"""A cached topic page viewed in Chromium is counted by the page-view beacon, and not when the browser sends Sec-GPC;
a patient who reaches it from the site's search results brings the search to the page performance report."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from editorial.setup import MARKETING, ensure_editorial_setup
from pagecache import store
from pageviews.models import PageSearchDay, PageViewDay
from tests.factories import UserFactory
from tests.staff import verified_login
from tests.test_pageviews import REDIS_CACHE
from topics.models import TopicPage

pytestmark = pytest.mark.browser


def view_topic(browser, url, views, **context_options):
    """Open `url` `views` times in a fresh browser context, each time until its beacon has been answered;
    returns the context's cookies."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, **context_options)
    page = context.new_page()
    try:
        for _ in range(views):
            with page.expect_response(lambda response: response.url.endswith("/go/view/")) as beacon:
                response = page.goto(url)
            assert response.headers["x-page-cache"] in ("hit", "miss")
            assert beacon.value.status == 204
        return context.cookies()
    finally:
        context.close()


def search_and_open_the_result(browser, site, query, title):
    """Search the site for `query`, click the result `title` and wait for its beacon; returns the beacon's body."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + "/search/")
        page.locator("#search-page-q").fill(query)
        page.locator("#search-page-q").press("Enter")
        page.wait_for_url("**/search/?q=*")
        with page.expect_response(lambda response: response.url.endswith("/go/view/")) as beacon:
            page.locator("main .search-result a", has_text=title).first.click()
        assert beacon.value.status == 204
        return beacon.value.request.post_data
    finally:
        context.close()


def test_ten_views_of_a_cached_topic_are_ten_after_the_flush_and_none_with_global_privacy_control(
    live_site, browser, settings, monkeypatch, client
):
    monkeypatch.setattr(store, "on_commit", lambda purge: purge())
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].delete_pattern("*")
    sciatica = TopicPage.objects.get(slug="sciatica", locale__language_code="en")
    try:
        assert view_topic(browser, live_site + sciatica.url, 10) == []
        assert view_topic(browser, live_site + sciatica.url, 3, extra_http_headers={"Sec-GPC": "1"}) == []
        call_command("flush_page_views", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert list(PageViewDay.objects.values_list("page_id", "language", "count")) == [(sciatica.pk, "en", 10)]

        # From the search results: the referrer (same origin, kept whole) gives the search to the beacon.
        assert "q=sciatic+nerve" in search_and_open_the_result(browser, live_site, "Sciatic  Nerve", "Sciatica")
        call_command("flush_page_views", stdout=open("/dev/null", "w"))  # noqa: SIM115
    finally:
        caches["default"].delete_pattern("*")
    assert list(PageViewDay.objects.values_list("page_id", "language", "count")) == [(sciatica.pk, "en", 11)]
    assert list(PageSearchDay.objects.values_list("page_id", "query", "count")) == [(sciatica.pk, "sciatic nerve", 1)]
    ensure_editorial_setup()
    verified_login(client, UserFactory(groups=[MARKETING]))
    assert "<li>sciatic nerve: 1</li>" in client.get("/admin/reports/page-performance/").content.decode()
