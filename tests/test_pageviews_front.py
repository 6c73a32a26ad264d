"""The page-view beacon's WSGI front (pageviews/front.py), called as granian calls it, with real environ dicts and
real Redis: the same answers and counts as the beacon through Django, and everything else handed to Django."""

import logging

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client, RequestFactory

from pageviews import counting
from pageviews.front import BeaconFront
from tests import test_pageviews
from tests.test_pageviews import BROWSER, REDIS_CACHE, flush, views

# The beacon tests' fixtures: real Redis under this checkout's prefix, and a topic page.
redis_cache, sciatica = test_pageviews.redis_cache, test_pageviews.sciatica

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def django_handler():
    """Django's WSGI handler, without the request signals closing the test's database connection (as the test
    client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def front(django_handler, settings):
    """Production's HTTPS settings; call(...) builds the front after any settings change, as a worker does at start."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    def call(body="", method="POST", path="/go/view/", content_type="text/plain;charset=UTF-8", **headers):
        headers = {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_FETCH_SITE": "same-origin", **HTTPS, **headers}
        headers = {name: value for name, value in headers.items() if value is not None}  # None: not sent
        environ = RequestFactory().generic(method, path, body, content_type, **headers).environ
        answered = {}

        def start_response(status, response_headers):
            answered["status"], answered["headers"] = int(status.split()[0]), dict(response_headers)
            answered["header_list"] = response_headers

        answered["body"] = b"".join(BeaconFront(django_handler)(environ, start_response))
        return answered

    return call


def test_counted_views_land_in_redis_and_the_flush_writes_them(redis_cache, front, sciatica):
    assert front(f"page={sciatica.pk}&language=en")["status"] == 204
    assert front(f"page={sciatica.pk}&language=en&q=leg+pain&variant=b")["status"] == 204
    assert counting.waiting() == {(sciatica.pk, "en"): 2}
    assert counting.waiting_searches() == {(sciatica.pk, "en", "leg pain"): 1}
    assert "Wrote 2 page views." in flush()
    assert views(sciatica) == 2


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "1"}, {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; bingbot/2.0)"}],
    ids=["gpc", "dnt", "crawler"],
)
def test_privacy_signals_and_crawlers_get_204_and_are_not_counted(redis_cache, front, sciatica, headers):
    assert front(f"page={sciatica.pk}&language=en", **headers)["status"] == 204
    assert counting.waiting() == {}


@pytest.mark.parametrize(
    "body",
    ["", "page=abc&language=en", "page=1&language=fr", "page=1&language=en&variant=c", "x" * 900, b"page=\xff"],
)
def test_a_bad_beacon_gets_the_same_400_and_message_as_through_django(redis_cache, front, body):
    answered = front(body)
    through_django = Client(HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin", **HTTPS).post(
        "/go/view/", body, content_type="text/plain", secure=True
    )
    assert answered["status"] == through_django.status_code == 400
    assert answered["body"] == through_django.content and answered["body"]
    assert answered["headers"]["Content-Type"] == "text/plain; charset=utf-8"
    assert counting.waiting() == {}


def test_another_sites_post_gets_403_and_a_get_405(redis_cache, front, sciatica):
    cross = front(f"page={sciatica.pk}&language=en", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross["status"] == 403 and cross["body"] == b"Page views are counted from this site's pages only."
    other_origin = front(
        f"page={sciatica.pk}&language=en", HTTP_SEC_FETCH_SITE=None, HTTP_ORIGIN="https://evil.example"
    )
    assert other_origin["status"] == 403
    get = front(method="GET")
    assert get["status"] == 405 and get["headers"]["Allow"] == "POST"
    assert counting.waiting() == {}


def test_a_host_not_allowed_gets_djangos_400_and_is_never_counted(redis_cache, front, sciatica, client):
    answered = front(f"page={sciatica.pk}&language=en", HTTP_HOST="evil.example")
    assert answered["status"] == 400
    for secure in (False, True):  # Django's HTTPS redirect checks the Host; over HTTPS the beacon checks it itself
        through_django = client.post(
            "/go/view/", f"page={sciatica.pk}&language=en", content_type="text/plain", HTTP_HOST="evil.example",
            HTTP_SEC_FETCH_SITE="same-origin", HTTP_USER_AGENT=BROWSER, secure=secure,
        )  # fmt: skip
        assert through_django.status_code == 400
    assert counting.waiting() == {}


def test_plain_http_is_redirected_to_https_and_answers_carry_the_security_headers(redis_cache, front, sciatica):
    redirected = front(f"page={sciatica.pk}&language=en", HTTP_X_FORWARDED_PROTO="http")
    assert redirected["status"] == 301 and redirected["headers"]["Location"] == "https://testserver/go/view/"
    assert counting.waiting() == {}

    answered = front(f"page={sciatica.pk}&language=en")
    through_django = Client(HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin", **HTTPS).post(
        "/go/view/", f"page={sciatica.pk}&language=en", content_type="text/plain", secure=True
    )
    assert answered["status"] == through_django.status_code == 204
    assert answered["headers"] == dict(through_django.items())
    assert answered["headers"]["Strict-Transport-Security"] == "max-age=31536000"
    assert answered["headers"]["X-Content-Type-Options"] == "nosniff"
    assert answered["headers"]["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert answered["headers"]["Cross-Origin-Opener-Policy"] == "same-origin"
    assert answered["headers"]["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert not any(name.lower() == "set-cookie" for name, _value in answered["header_list"])


def test_with_redis_down_the_view_is_answered_204_uncounted_and_a_warning_names_no_client(
    front, sciatica, settings, caplog
):
    settings.CACHES = {**settings.CACHES, "default": {**REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}}
    with caplog.at_level(logging.WARNING):
        answered = front(f"page={sciatica.pk}&language=en", REMOTE_ADDR="203.0.113.9")
        assert front(f"page={sciatica.pk}&language=en")["status"] == 204  # the breaker is open: no wait
    assert answered["status"] == 204
    assert caplog.records and "203.0.113.9" not in caplog.text and BROWSER not in caplog.text


def test_an_unexpected_error_is_logged_as_django_logs_it_and_answered_500(
    redis_cache, front, sciatica, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(counting, "count_view", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        answered = front(f"page={sciatica.pk}&language=en")
    assert answered["status"] == 500 and answered["headers"]["Cache-Control"] == "no-store"
    assert answered["headers"]["X-Content-Type-Options"] == "nosniff"
    assert "Internal Server Error: /go/view/" in caplog.text and "RuntimeError" in caplog.text


def test_a_script_redis_forgot_is_loaded_again(redis_cache, front, sciatica):
    redis_cache.client.get_client(write=True).script_flush()
    assert front(f"page={sciatica.pk}&language=en")["status"] == 204
    assert counting.waiting() == {(sciatica.pk, "en"): 1}


def test_other_paths_and_the_beacon_without_redis_go_to_django(front, sciatica):
    health = front(method="GET", path="/healthz")
    assert health["status"] == 200 and health["body"].startswith(b"ok")
    assert front(method="GET", path=sciatica.url)["status"] == 200
    assert front(f"page={sciatica.pk}&language=en")["status"] == 204  # the in-memory cache: written at once
    assert views(sciatica) == 1
