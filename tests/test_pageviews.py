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
from pageviews.models import PageSearchDay, PageViewDay
from tests.conftest import translate_to_spanish
from tests.factories import TopicPageFactory

REDIS_CACHE = {
    "BACKEND": "website.cache.CircuitBreakerRedisCache",
    # Production's default cache, in this checkout's test database (TEST_REDIS_URL), under its own prefix.
    "LOCATION": django_settings.TEST_REDIS_URL,
    "KEY_PREFIX": f"{django_settings.TEST_KEY_PREFIX}-pageviews",
    "OPTIONS": {
        "FAIL_SILENTLY": True,
        "SOCKET_CONNECT_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
        "SOCKET_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
    },
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


# The searches that led to a page: `q` on the beacon, cleaned and filtered as the search log is.


def searches(page):
    return set(PageSearchDay.objects.filter(page=page).values_list("language", "query", "count"))


def test_the_search_that_led_to_a_page_is_counted_normalised_without_a_query_and_flushed_per_page_and_day(
    redis_cache, beacon, sciatica, spanish_topic_index
):
    ciatica = translate_to_spanish(sciatica, "Ciática", "ciatica")
    with CaptureQueriesContext(connection) as queries:
        for query in ("leg+pain", "Leg%20%20Pain%0A", "nerve"):
            assert beacon(f"page={sciatica.pk}&language=en&q={query}").status_code == 204
        assert beacon(f"page={ciatica.pk}&language=es&q=dolor+de+pierna+%C3%A1").status_code == 204
        assert beacon(f"page={sciatica.pk}&language=en&q=").status_code == 204  # an empty search: a view only
    assert queries.captured_queries == []
    assert counting.waiting() == {(sciatica.pk, "en"): 4, (ciatica.pk, "es"): 1}
    assert counting.waiting_searches() == {
        (sciatica.pk, "en", "leg pain"): 2,
        (sciatica.pk, "en", "nerve"): 1,
        (ciatica.pk, "es", "dolor de pierna á"): 1,
    }

    assert "Wrote 5 page views." in flush()
    assert searches(sciatica) == {("en", "leg pain", 2), ("en", "nerve", 1)}
    assert searches(ciatica) == {("es", "dolor de pierna á", 1)}
    beacon(f"page={sciatica.pk}&language=en&q=leg+pain")
    beacon(f"page={ciatica.pk}&language=en&q=leg+pain")  # not that page's language: dropped at the flush
    beacon("page=999999&language=en&q=leg+pain")  # no such page: dropped at the flush
    flush()
    assert ("en", "leg pain", 3) in searches(sciatica) and PageSearchDay.objects.count() == 3
    assert redis_cache.keys("pageviews:searches:*") == redis_cache.keys("pageviews:pending") == []
    assert [f.name for f in PageSearchDay._meta.concrete_fields] == ["id", "page", "language", "day", "query", "count"]


@pytest.mark.parametrize(
    "query",
    ["call+me+555-010-0199", "ana%40example.org+sciatica", "%EF%BC%95%EF%BC%95%EF%BC%955550100"],
    ids=["phone", "email", "fullwidth-digits"],
)
def test_a_search_that_looks_like_personal_data_is_dropped_and_the_view_still_counted(
    redis_cache, beacon, sciatica, query
):
    assert beacon(f"page={sciatica.pk}&language=en&q={query}").status_code == 204
    assert counting.waiting() == {(sciatica.pk, "en"): 1}
    assert counting.waiting_searches() == {}


@pytest.mark.parametrize(
    "body",
    [
        "page=1&language=en&q=" + "a" * 900,  # too big a beacon
        "page=1&language=en&q=%FF%FE",  # not UTF-8
        "page=1&language=en&q=%ED%A0%80",  # an encoded surrogate
        "page=1&language=en&q=a&q=b",
    ],
    ids=["huge", "not-utf-8", "surrogate", "twice"],
)
def test_a_bad_search_on_the_beacon_gets_400_and_nothing_is_counted(redis_cache, beacon, body):
    response = beacon(body)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert counting.waiting() == {} and counting.waiting_searches() == {}


def test_control_characters_and_a_long_search_are_cleaned_as_the_search_page_does(redis_cache, beacon, sciatica):
    assert beacon(f"page={sciatica.pk}&language=en&q=back%00pain%1B%7F").status_code == 204
    assert beacon(f"page={sciatica.pk}&language=en&q={'b' * 250}").status_code == 204
    assert counting.waiting_searches() == {(sciatica.pk, "en", "back pain"): 1, (sciatica.pk, "en", "b" * 200): 1}


def test_without_redis_the_search_is_written_at_once(beacon, sciatica):
    beacon(f"page={sciatica.pk}&language=en&q=Sciatic+Nerve")
    assert searches(sciatica) == {("en", "sciatic nerve", 1)}


def test_the_search_page_keeps_same_origin_referrers_whole_and_the_script_sends_the_query(client, db):
    assert client.get("/search/?q=sciatica")["Referrer-Policy"] == "strict-origin-when-cross-origin"
    script = (django_settings.PROJECT_DIR / "static" / "js" / "site.js").read_text()
    beacon_part = script[script.index("// Page views") :]
    assert "document.referrer" in beacon_part and 'data.append("q"' in beacon_part
    assert 'referrerPolicy: "no-referrer"' in beacon_part  # the beacon itself sends no referrer


def test_the_beacon_is_answered_before_the_rest_of_the_middleware_and_keeps_its_protections(
    redis_cache, beacon, sciatica, settings
):
    from django.urls import reverse

    from pageviews.middleware import BEACON_PATH

    assert reverse("page_view_beacon") == BEACON_PATH
    middleware = django_settings.MIDDLEWARE
    assert middleware.index("pageviews.middleware.BeaconMiddleware") == 1
    assert middleware[0] == "django.middleware.security.SecurityMiddleware"
    response = beacon(f"page={sciatica.pk}&language=en")
    assert response.status_code == 204
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"]  # SecurityMiddleware's
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY" and response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert not response.cookies and "Vary" not in response
    settings.PAGE_VIEW_RATE_LIMIT = 1  # the rate limit and the other checks are the view's own: still there
    beacon(f"page={sciatica.pk}&language=en")
    assert counting.waiting() == {(sciatica.pk, "en"): 1}
    assert beacon("page=1&language=en", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert beacon("x" * 900).status_code == 400


def test_random_bytes_in_the_search_never_make_a_500(redis_cache, beacon, sciatica):
    import random
    from urllib.parse import quote_from_bytes

    rng = random.Random(33)
    for _ in range(150):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60)))
        response = beacon(f"page={sciatica.pk}&language=en&q={quote_from_bytes(raw)}")
        assert response.status_code in (204, 400), raw
    for field, count in counting.waiting_searches().items():
        assert "\x00" not in field[2] and field[2] == field[2].strip() and count >= 1
