"""Page views sent to Redis in batches (pageviews/counting.py, ViewBatch), as production runs them: every view
answered is counted once, each client's limit still holds across a batch, views wait while Redis is down, and an
app server stopped as operators stop it sends what it gathered before it exits."""

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import timezone

from pageviews import counting
from tests import test_pageviews, test_pageviews_front
from tests.servers import production_server, server_cache_prefix
from tests.test_pageviews import BROWSER, REDIS_CACHE, flush, views

redis_cache, sciatica = test_pageviews.redis_cache, test_pageviews.sciatica
django_handler, front = test_pageviews_front.django_handler, test_pageviews_front.front


def eventually(read, expected, seconds=5):
    """What `read()` gives once it equals `expected` (or when `seconds` have passed): batches arrive a little later."""
    deadline = time.monotonic() + seconds
    while (found := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


def day_fields():
    """The fields of today's hash of views in Redis: "<page>:<language>" and "<page>:<language>:<variant>"."""
    found = caches["default"].client.get_client().hgetall(counting.day_key(timezone.localdate()))
    return {field.decode(): int(count) for field, count in found.items()}


@pytest.fixture
def batching(settings, redis_cache):
    """Batches every 50 ms in this process, as in production; what is left is sent before the settings go back."""
    settings.PAGE_VIEW_BATCH_SECONDS = 0.05
    yield counting.BATCH
    counting.BATCH.send()
    with counting.BATCH.lock:
        counting.BATCH.views = []


def test_views_answered_from_many_threads_are_each_counted_once(batching, front, sciatica):
    def view(number):
        body = f"page={sciatica.pk}&language=en" + ("&variant=b" if number % 2 else "")
        return front(body, REMOTE_ADDR=f"10.0.{number % 7}.1")["status"]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(view, range(400)))

    assert answers == [204] * 400
    assert eventually(counting.waiting, {(sciatica.pk, "en"): 400}) == {(sciatica.pk, "en"): 400}
    assert day_fields()[f"{sciatica.pk}:en:b"] == 200
    flush()
    assert views(sciatica) == 400


def test_a_clients_limit_holds_inside_one_batch_and_across_batches(batching, settings, front, sciatica):
    settings.PAGE_VIEW_RATE_LIMIT = 5
    for _ in range(12):
        assert front(f"page={sciatica.pk}&language=en", REMOTE_ADDR="10.1.1.1")["status"] == 204
    assert front(f"page={sciatica.pk}&language=en", REMOTE_ADDR="10.1.1.2")["status"] == 204
    assert eventually(counting.waiting, {(sciatica.pk, "en"): 6}) == {(sciatica.pk, "en"): 6}

    batching.send()
    assert front(f"page={sciatica.pk}&language=en", REMOTE_ADDR="10.1.1.1")["status"] == 204  # still past its limit
    batching.send()
    assert counting.waiting() == {(sciatica.pk, "en"): 6}


def test_searches_and_variants_travel_in_the_batch(batching, front, sciatica):
    front(f"page={sciatica.pk}&language=en&q=leg+pain&variant=a")
    front(f"page={sciatica.pk}&language=en&q=leg+pain")
    assert eventually(counting.waiting_searches, {(sciatica.pk, "en", "leg pain"): 2}) == {
        (sciatica.pk, "en", "leg pain"): 2
    }
    assert day_fields() == {f"{sciatica.pk}:en": 2, f"{sciatica.pk}:en:a": 1}


def test_views_wait_while_redis_is_down_and_go_with_the_next_batch(batching, settings, front, sciatica, caplog):
    settings.PAGE_VIEW_BATCH_SECONDS = 30  # only the test sends: the thread must not race it
    unreachable = {**REDIS_CACHE, "LOCATION": "redis://127.0.0.1:9/0"}  # the discard port: nothing listens
    settings.CACHES = {**settings.CACHES, "default": unreachable}
    for _ in range(3):
        assert front(f"page={sciatica.pk}&language=en", REMOTE_ADDR="10.2.2.2")["status"] == 204
    assert batching.send() is None
    assert len(batching.views) == 3
    assert "10.2.2.2" not in caplog.text

    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    assert batching.send() == 3
    assert counting.waiting() == {(sciatica.pk, "en"): 3}


@pytest.mark.xdist_group("production-server")
def test_an_app_server_stopped_with_sigterm_sends_every_view_it_answered(
    transactional_db, sciatica, settings, tmp_path
):
    """scripts/serve-app.sh as `make serve` runs it, with production's batching: views posted by 8 clients at once
    are all in Redis once the server has stopped, though the last ones were answered a moment before SIGTERM."""
    page = sciatica
    prefix = server_cache_prefix()
    settings.CACHES = {**settings.CACHES, "default": {**REDIS_CACHE, "KEY_PREFIX": prefix}}
    body = f"page={page.pk}&language=en"
    headers = {
        "Content-Type": "text/plain;charset=UTF-8",
        "User-Agent": BROWSER,
        "Sec-Fetch-Site": "same-origin",
        "Host": "127.0.0.1",
    }
    answered = []
    lock = threading.Lock()

    # Every client is the same address here, so the per-client limit is raised as an operator would for a bench.
    with production_server(tmp_path, CACHE_KEY_PREFIX=prefix, PAGE_VIEW_RATE_LIMIT="100000") as port:

        def client(_number):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for _ in range(50):
                connection.request("POST", "/go/view/", body, headers)
                response = connection.getresponse()
                response.read()
                with lock:
                    answered.append(response.status)
            connection.close()

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(client, range(8)))
        refused = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        refused.request("POST", "/go/view/", "page=x", headers)
        assert refused.getresponse().status == 400

    assert answered == [204] * 400
    # The access log (website/accesslog.py) has the refused beacon, and no line for the 400 answered ones.
    access = [line for line in (tmp_path / "server.log").read_text().splitlines() if '"POST /' in line]
    assert len(access) == 1 and '"POST /go/view/" 400 ' in access[0]
    assert not any('"POST /go/view/" 204' in line or "127.0.0.1" in line for line in access)
    assert counting.waiting() == {(page.pk, "en"): 400}
    flush()
    assert views(page) == 400
    caches["default"].delete_pattern("*")
    assert django_settings.PAGE_VIEW_BATCH_SECONDS == 0  # the tests' own setting; the server ran production's
