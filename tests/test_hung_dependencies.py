"""Hung dependencies (a port that accepts connections and never answers): the site degrades quickly, as documented."""

import logging
import time
import urllib.error
import urllib.request

import pytest
from django.test import override_settings

from tests import servers
from tests.factories import ContactPageFactory
from tests.test_contact import VALID
from website.settings.base import redis_caches, with_timeouts


def timed(fetch):
    started = time.monotonic()
    result = fetch()
    return result, time.monotonic() - started


@pytest.mark.load
@pytest.mark.xdist_group("production-server")  # one worker runs the production-server tests, one at a time
def test_hung_postgresql_answers_the_503_page_with_the_phone_number_within_seconds(tmp_path):
    with (
        servers.silent_server() as db_port,
        servers.production_server(tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{db_port}/clinic") as port,
    ):

        def fetch():
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)  # noqa: S310
            except urllib.error.HTTPError as error:
                return error
            raise AssertionError("a page was served without a database")

        error, elapsed = timed(fetch)
        body = error.read().decode()
    assert error.code == 503
    assert error.headers["Retry-After"] == "60"
    assert "(555) 010-0199" in body and "Traceback" not in body
    assert elapsed < 4, f"the 503 page took {elapsed:.1f} s"


@pytest.fixture
def hung_redis():
    """Production's cache configuration pointed at a Redis that never answers, page cache on."""
    with servers.silent_server() as port:
        url = f"redis://127.0.0.1:{port}/0"
        with override_settings(CACHES=redis_caches(url, url), PAGE_CACHE_ENABLED=True):
            yield


def test_hung_redis_pages_are_served_uncached_quickly(client, home, hung_redis):
    for _ in range(3):
        response, elapsed = timed(lambda: client.get("/"))
        assert response.status_code == 200
        assert elapsed < 2, f"a page took {elapsed:.1f} s with Redis hung"


def test_hung_redis_search_answers_quickly(client, topic_index, hung_redis):
    for path in ["/search/?q=back+pain", "/search/suggest/?q=bac"]:
        response, elapsed = timed(lambda path=path: client.get(path))
        assert response.status_code == 200
        assert elapsed < 2, f"{path} took {elapsed:.1f} s with Redis hung"


def test_hung_redis_leaves_healthz_instant(client, db, hung_redis):
    client.get("/robots.txt")  # the test client's first request sets itself up (static files): not the probe's cost
    response, elapsed = timed(lambda: client.get("/healthz"))
    assert (response.status_code, response.content) == (200, b"degraded: redis unavailable\n")
    # The probe's own Redis ping gives up after 50 ms; waiting on the caches' timeouts (0.5 s a try) would fail this.
    assert elapsed < 0.5


def test_hung_redis_contact_form_stays_open_and_the_rate_limit_logs_a_warning(client, home, hung_redis, caplog):
    page = ContactPageFactory(parent=home)
    with caplog.at_level(logging.WARNING):
        response, elapsed = timed(lambda: client.post(page.url, VALID, REMOTE_ADDR="10.9.8.7"))
    assert response.status_code == 302
    assert elapsed < 2, f"the contact form took {elapsed:.1f} s with Redis hung"
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("rate limit" in message.lower() and "not limiting" in message for message in warnings)
    assert not any("marisol" in message.lower() or "10.9.8.7" in message for message in warnings)


def test_production_database_settings_cancel_slow_statements_and_leave_sqlite_alone(db, settings, monkeypatch):
    import psycopg
    from django.db import connection

    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "300")
    database = with_timeouts(settings.DATABASES["default"])
    assert database["OPTIONS"]["connect_timeout"] == 2
    params = {**connection.get_connection_params(), **database["OPTIONS"]}
    params.pop("cursor_factory", None)
    with psycopg.connect(**params) as conn:
        assert conn.execute("SHOW statement_timeout").fetchone()[0] == "300ms"
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("SELECT pg_sleep(2)")
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}
    assert with_timeouts(sqlite) == sqlite
