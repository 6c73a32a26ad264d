"""A cached topic page viewed in Chromium is counted by the page-view beacon, and not when the browser sends Sec-GPC."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from pagecache import store
from pageviews.models import PageViewDay
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


def test_ten_views_of_a_cached_topic_are_ten_after_the_flush_and_none_with_global_privacy_control(
    live_site, browser, settings, monkeypatch
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
    finally:
        caches["default"].delete_pattern("*")
    assert list(PageViewDay.objects.values_list("page_id", "language", "count")) == [(sciatica.pk, "en", 10)]
