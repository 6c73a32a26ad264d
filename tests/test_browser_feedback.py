"""A patient answers "Did this page help you?" on a cached topic page, with and without JavaScript."""

import pytest
from django.core.cache import caches
from django.test import Client

from feedback.models import PageFeedbackComment, PageFeedbackDay
from feedback.views import answer_once, client_limit
from pagecache import store
from tests.staff import verified_login
from tests.test_pagecache import REDIS_CACHE
from topics.models import TopicPage
from website.ratelimit import ratelimit_cache

pytestmark = pytest.mark.browser


class LocalRequest:
    META = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def cached_site(live_site, settings, monkeypatch):
    """The demo site behind the Redis page cache, with this machine's feedback counters cleared."""
    monkeypatch.setattr(store, "on_commit", lambda purge: purge())
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].delete_pattern("*")
    sciatica = TopicPage.objects.get(slug="sciatica")
    keys = [client_limit().key(LocalRequest), answer_once(sciatica).key(LocalRequest)]
    ratelimit_cache().delete_many(keys)
    yield live_site, sciatica
    ratelimit_cache().delete_many(keys)
    caches["default"].delete_pattern("*")


def test_no_with_a_comment_in_place_from_the_cached_page(cached_site, browser, admin_user):
    site, sciatica = cached_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        assert page.goto(site + "/topics/sciatica/").headers["x-page-cache"] == "miss"
        assert page.goto(site + "/topics/sciatica/").headers["x-page-cache"] == "hit"
        question = page.locator("[data-page-feedback]")
        question.get_by_role("button", name="No").click()
        thanks = question.locator(".page-feedback__thanks")
        thanks.wait_for()
        assert page.url.endswith("/topics/sciatica/")  # no reload
        assert page.evaluate("document.activeElement.classList.contains('page-feedback__thanks')")
        box = question.get_by_label("What were you looking for? (optional)")
        assert box.get_attribute("aria-describedby") == "page-feedback-comment-hint"
        box.fill("Please call me on 555 867 5309 about exercises")
        question.get_by_role("button", name="Send comment").click()
        question.get_by_text("Thank you for your comment.").wait_for()
        assert page.evaluate("document.activeElement.classList.contains('page-feedback__thanks')")
        assert context.cookies() == []
        assert page.goto(site + "/topics/sciatica/").headers["x-page-cache"] == "hit"
    finally:
        context.close()
    assert PageFeedbackDay.objects.get(page=sciatica).no == 1
    assert PageFeedbackComment.objects.get(page=sciatica).text == "Please call me on [removed] about exercises"
    editor = Client()
    verified_login(editor, admin_user)
    assert "Please call me on [removed] about exercises" in editor.get("/admin/reports/page-feedback/").content.decode()


def test_the_question_works_without_javascript(cached_site, browser):
    site, sciatica = cached_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + "/topics/sciatica/")
        page.locator("[data-page-feedback]").get_by_role("button", name="No").click()
        page.wait_for_url(f"**/feedback/{sciatica.pk}/")
        assert "Thank you for your answer." in page.locator("main").inner_text()
        page.get_by_label("What were you looking for? (optional)").fill("More on driving, mail me at a@b.example")
        page.get_by_role("button", name="Send comment").click()
        page.wait_for_url(f"**/feedback/{sciatica.pk}/comment/")
        assert "Thank you for your comment." in page.locator("main").inner_text()
        page.get_by_role("link", name="Back to Sciatica").click()
        page.wait_for_url("**/topics/sciatica/")
        assert context.cookies() == []
    finally:
        context.close()
    assert PageFeedbackDay.objects.get(page=sciatica).no == 1
    assert PageFeedbackComment.objects.get(page=sciatica).text == "More on driving, mail me at [removed]"
