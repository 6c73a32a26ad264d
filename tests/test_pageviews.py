"""Page views counted through the cache without cookies: the beacon, its Redis counts and the flush into daily rows."""

import re
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pageviews import counting
from pageviews.models import PageViewDay
from tests.conftest import translate_to_spanish
from tests.factories import TopicPageFactory

REDIS_CACHE = {
    "BACKEND": "website.cache.CircuitBreakerRedisCache",
    # Production's default cache, in this checkout's test database (TEST_REDIS_URL), under its own prefix.
    "LOCATION": django_settings.TEST_REDIS_URL,
    "KEY_PREFIX": f"{django_settings.TEST_KEY_PREFIX}-pageviews",
    "OPTIONS": {"FAIL_SILENTLY": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    cache = caches["default"]
    cache.delete_pattern("*")  # this prefix's keys only: other tests share the database
    yield cache
    cache.delete_pattern("*")


@pytest.fixture
def beacon():
    """A browser on this site: CSRF checks on, as for a real visitor, and a browser's User-Agent."""
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")

    def send(body, content_type="application/x-www-form-urlencoded", **headers):
        return client.post("/go/view/", body, content_type=content_type, **headers)

    return send


@pytest.fixture
def sciatica(topic_index):
    return TopicPageFactory(parent=topic_index, title="Sciatica", slug="sciatica")


def views(page):
    return sum(PageViewDay.objects.filter(page=page).values_list("count", flat=True))


def flush():
    out = StringIO()
    call_command("flush_page_views", stdout=out)
    return out.getvalue()


@pytest.mark.any_hour
def test_views_gather_in_redis_without_a_query_and_the_flush_writes_one_row_per_page_language_and_day(
    redis_cache, beacon, sciatica, spanish_topic_index
):
    ciatica = translate_to_spanish(sciatica, "Ciática", "ciatica")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert beacon(f"page={sciatica.pk}&language=en").status_code == 204
        assert beacon(f"page={ciatica.pk}&language=es", content_type="text/plain;charset=UTF-8").status_code == 204
    assert queries.captured_queries == []
    assert counting.waiting() == {(sciatica.pk, "en"): 3, (ciatica.pk, "es"): 1}
    assert not PageViewDay.objects.exists()

    assert "Wrote 4 page views." in flush()
    rows = set(PageViewDay.objects.values_list("page_id", "language", "day", "count"))
    today = timezone.localdate()
    assert rows == {(sciatica.pk, "en", today, 3), (ciatica.pk, "es", today, 1)}
    assert "Wrote 0 page views." in flush()  # nothing twice
    beacon(f"page={sciatica.pk}&language=en")
    flush()
    assert views(sciatica) == 4 and PageViewDay.objects.count() == 2


def test_unknown_pages_and_a_language_that_is_not_the_pages_are_dropped_at_the_flush(redis_cache, beacon, sciatica):
    for body in (f"page={sciatica.pk}&language=es", "page=999999&language=en", f"page={sciatica.pk}&language=en"):
        assert beacon(body).status_code == 204
    assert "Wrote 1 page views." in flush()
    assert list(PageViewDay.objects.values_list("page_id", "language", "count")) == [(sciatica.pk, "en", 1)]
    assert redis_cache.keys("pageviews:day:*") == redis_cache.keys("pageviews:pending") == []  # nothing left to write


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_GPC": "1"},
        {"HTTP_DNT": "1"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; bingbot/2.0)"},
        {"HTTP_USER_AGENT": ""},
    ],
    ids=["gpc", "dnt", "googlebot", "bingbot", "no-user-agent"],
)
def test_privacy_signals_and_crawlers_are_answered_but_never_counted(redis_cache, beacon, sciatica, headers):
    response = beacon(f"page={sciatica.pk}&language=en", **headers)
    assert response.status_code == 204
    assert counting.waiting() == {}


@pytest.mark.parametrize(
    "body",
    [
        "",
        "page=1",
        "language=en",
        "page=abc&language=en",
        "page=0&language=en",
        "page=-3&language=en",
        "page=99999999999&language=en",
        "page=1&language=fr",
        "page=1&language=en&variant=c",
        "page=1&language=en&order=b",
        "page=1&language=en&variant=a&variant=b",
        "page=1&page=2&language=en",
        "page=1&language=en&x=" + "y" * 300,
        "page=1%00&language=en",
        '{"page": 1, "language": "en"}',
    ],
)
def test_a_malformed_beacon_gets_400_with_a_message_though_it_needs_no_csrf_token(redis_cache, beacon, body):
    response = beacon(body)
    assert response.status_code == 400
    assert response.content and response["Content-Type"].startswith("text/plain")
    assert counting.waiting() == {}


def test_bytes_that_are_not_ascii_and_a_get_are_refused_cleanly(redis_cache, beacon, client):
    assert beacon(b"page=1&language=\xff\xfe").status_code == 400
    assert client.get("/go/view/").status_code == 405


def test_a_post_from_another_site_is_refused_and_not_counted(redis_cache, beacon, sciatica):
    response = beacon(f"page={sciatica.pk}&language=en", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert counting.waiting() == {}


def test_past_the_per_client_limit_views_go_uncounted(redis_cache, beacon, sciatica, settings):
    settings.PAGE_VIEW_RATE_LIMIT = 2
    assert [beacon(f"page={sciatica.pk}&language=en").status_code for _ in range(3)] == [204, 204, 204]
    assert counting.waiting() == {(sciatica.pk, "en"): 2}


def test_without_redis_each_view_is_written_at_once(beacon, sciatica):
    beacon(f"page={sciatica.pk}&language=en")
    assert views(sciatica) == 1


def test_counted_pages_carry_the_beacon_and_nothing_sets_a_cookie_or_stores_an_address(
    redis_cache, client, beacon, sciatica, home, settings
):
    settings.PAGE_CACHE_ENABLED = True
    html = client.get(sciatica.url).content.decode()
    assert f'data-view-url="/go/view/" data-view-page="{sciatica.pk}" data-view-language="en"' in html
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(sciatica.url)
    assert cached["X-Page-Cache"] == "hit" and queries.captured_queries == []
    assert 'data-view-page="' in client.get(home.url).content.decode()
    for response in (cached, beacon(f"page={sciatica.pk}&language=en", REMOTE_ADDR="203.0.113.9")):
        assert not response.cookies and "Set-Cookie" not in response
    flush()
    assert [f.name for f in PageViewDay._meta.concrete_fields] == ["id", "page", "language", "day", "count"]
    assert "203.0.113.9" not in str(list(PageViewDay.objects.values_list()))
    assert not redis_cache.keys("*203.0.113.9*")


def test_previews_and_signed_in_staff_are_not_counted(admin_client, sciatica):
    html = admin_client.get(sciatica.url).content.decode()
    assert "data-view-page" not in html
    preview = admin_client.get(f"/admin/pages/{sciatica.pk}/edit/preview/?mode=").content.decode()
    assert "data-view-page" not in preview


def test_the_beacon_script_honours_privacy_signals_and_sends_no_cookie():
    script = (django_settings.PROJECT_DIR / "static" / "js" / "site.js").read_text()
    beacon_part = script[script.index("// Page views") :]
    assert "navigator.globalPrivacyControl" in beacon_part and "doNotTrack" in beacon_part
    assert 'credentials: "omit"' in beacon_part and "keepalive: true" in beacon_part
    assert not re.search(r"localStorage|sessionStorage|document\.cookie", script)
