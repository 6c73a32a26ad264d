"""Page views counted in Redis, one hash field per page and language in a hash per day, and written to the
database in batches by the scheduled `flush_page_views` job (jobs/schedule.py).

A view costs no database query. In production each process gathers the views it answers and sends them every
PAGE_VIEW_BATCH_SECONDS (0.1 s) in one Redis round trip (`ViewBatch`: a small script applies each client's limit,
adds HINCRBYs to the day's hash and lists that hash as pending for the flush); with batching off (0, the tests) each
view is that round trip on its own. Page ids are checked only when the counts are written, where an id that is no
page, or a language that is not that page's, is dropped. Where the default cache is not Redis (`make run`), each
view is written to the database at once; where Redis fails, batched views wait for the next batch (ViewBatch) and a
view sent on its own is not counted (a count is not worth a database write per view).
A flush that fails leaves its counts in Redis for the next one.

A view reached from the site's own search results also counts its query (already normalised and filtered by the
caller: pageviews/views.py) in a second hash per day, field [page id, language, query], in the same round trip; the
flush writes those into PageSearchDay rows.
"""

import atexit
import datetime
import hashlib
import json
import logging
import multiprocessing.util
import os
import threading
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from redis.exceptions import NoScriptError
from wagtail.models import Page

from experiments.counting import add_views as add_variant_views
from website.cache import FLUSHING, forget_hash, redis_call, redis_call_on, take_pending_hashes

logger = logging.getLogger(__name__)

PENDING_KEY = "pageviews:pending"

ADD_VIEWS_SQL = (
    "INSERT INTO pageviews_pageviewday (page_id, language, day, count) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (page_id, language, day) DO UPDATE SET count = pageviews_pageviewday.count + excluded.count"
)

ADD_SEARCHES_SQL = (
    "INSERT INTO pageviews_pagesearchday (page_id, language, day, query, count) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (page_id, language, day, query) DO UPDATE SET count = pageviews_pagesearchday.count + excluded.count"
)


def _key(name, backend=None):
    return (backend or caches["default"]).make_key(name)


def day_key(day, backend=None):
    return _key(f"pageviews:day:{day.isoformat()}", backend)


def searches_key(day, backend=None):
    return _key(f"pageviews:searches:{day.isoformat()}", backend)


def _is_searches(name):
    return ":pageviews:searches:" in f":{name}"


def uses_redis(backend=None):
    """Whether the default cache (or `backend`) is Redis through django-redis."""
    return hasattr(getattr(backend or caches["default"], "client", None), "get_client")


#: One round trip for a batch of views (one view when batching is off): for each client (an HMAC of its address,
#: never the address), its count for the window goes up by its views in the batch, and those still within the limit
#: are added to their day's hash (and the variant's field, and the search's hash), each hash listed as pending for
#: the flush. ARGV: window, limit, then JSON [[client key, [[day hash, field, variant field, searches hash,
#: search field], ...]], ...] ("" for no variant or search). Returns how many views were counted.
COUNT_VIEWS_LUA = """
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local counted = 0
local adds, order = {}, {}
local function add(hash, field)
  local slot = hash .. '\0' .. field
  if adds[slot] == nil then adds[slot] = 0; order[#order + 1] = {hash, field, slot} end
  adds[slot] = adds[slot] + 1
end
for _, client in ipairs(cjson.decode(ARGV[3])) do
  local views = client[2]
  local seen = redis.call('INCRBY', client[1], #views)
  if seen == #views then redis.call('EXPIRE', client[1], window) end
  local allowed = limit - (seen - #views)
  for i, view in ipairs(views) do
    if i > allowed then break end
    add(view[1], view[2])
    if view[3] ~= '' then add(view[1], view[3]) end
    if view[4] ~= '' then add(view[4], view[5]) end
    counted = counted + 1
  end
end
for _, item in ipairs(order) do
  redis.call('HINCRBY', item[1], item[2], adds[item[3]])
  redis.call('SADD', KEYS[1], item[1])
end
return counted
"""
#: Its SHA1, computed once: each batch is one EVALSHA (the script is loaded again where Redis answers NOSCRIPT).
COUNT_VIEWS_SHA = hashlib.sha1(COUNT_VIEWS_LUA.encode(), usedforsecurity=False).hexdigest()
#: Views a process keeps while Redis cannot take them (its oldest are dropped past this): a few MB at most.
MAX_WAITING_VIEWS = 50_000


def run_count_script(redis, pending_key, args):
    """COUNT_VIEWS_LUA by its SHA on a connection of `redis`'s pool; loaded first where Redis does not know it yet (a
    new or restarted Redis, SCRIPT FLUSH)."""
    try:
        return redis.evalsha(COUNT_VIEWS_SHA, 1, pending_key, *args)
    except NoScriptError:
        redis.script_load(COUNT_VIEWS_LUA)
        return redis.evalsha(COUNT_VIEWS_SHA, 1, pending_key, *args)


class View(NamedTuple):
    client_key: str
    day: datetime.date
    page_id: int
    language: str
    search: str
    variant: str | None


def send(views, limit, window, backend=None):
    """Count `views` in one Redis round trip, each client's within its limit; returns how many were counted, None
    when Redis failed."""
    backend = backend or caches["default"]
    clients = {}
    days = {day: (day_key(day, backend), searches_key(day, backend)) for day in {view.day for view in views}}
    for view in views:
        field = f"{view.page_id}:{view.language}"
        views_hash, searches_hash = days[view.day]
        clients.setdefault(view.client_key, []).append(
            [
                views_hash,
                field,
                f"{field}:{view.variant}" if view.variant else "",
                searches_hash if view.search else "",
                json.dumps([view.page_id, view.language, view.search]) if view.search else "",
            ]
        )
    batch = json.dumps([[_key(f"pageviews:client:{client}", backend), items] for client, items in clients.items()])
    return redis_call_on(
        backend, "page_views", lambda redis: run_count_script(redis, _key(PENDING_KEY, backend), [window, limit, batch])
    )


class ViewBatch:
    """Views this process answered and has not sent to Redis yet, sent together every PAGE_VIEW_BATCH_SECONDS by a
    thread of the process, and when it stops normally (as granian's workers do on SIGTERM): a beacon then costs no
    Redis round trip of its own.

    What it changes: a view reaches Redis up to that long after its answer; a process killed outright (SIGKILL, a
    crash) loses the views of its last interval; while Redis is down they wait here (MAX_WAITING_VIEWS at most) and
    go with the next batch that Redis takes. Each client's limit is still applied in Redis, across processes and
    nodes, when its views arrive (the answer was 204 either way)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.views = []
        self.pid = None

    def add(self, view):
        with self.lock:
            if self.pid != os.getpid():  # the first view of this process (or of a fork): start its sender
                self.pid, self.views = os.getpid(), []
                threading.Thread(target=self._run, name="page-view-batch", daemon=True).start()
                atexit.register(self.send)
                # A multiprocessing child (granian's workers) ends with os._exit, after its finalizers but no atexit.
                multiprocessing.util.Finalize(None, self.send, exitpriority=10)
            self.views.append(view)

    def _run(self):
        while True:
            time.sleep(settings.PAGE_VIEW_BATCH_SECONDS)
            self.send()

    def send(self):
        """Send what is waiting now (the sender thread, at exit, and tests)."""
        with self.lock:
            views, self.views = self.views, []
        if not views:
            return 0
        counted = send(views, settings.PAGE_VIEW_RATE_LIMIT, settings.PAGE_VIEW_RATE_WINDOW)
        if counted is None:
            with self.lock:
                kept = (views + self.views)[-MAX_WAITING_VIEWS:]
                dropped = len(views) + len(self.views) - len(kept)
                self.views = kept
            if dropped:
                logger.warning("Page views: Redis unavailable, %d views dropped", dropped)
            return None
        return counted


BATCH = ViewBatch()


def count_view(page_id, language, client_key, limit, window, search="", variant=None):
    """Count one view of page `page_id` in `language` today (the id is checked when the counts are written), unless
    the client (`client_key`, an HMAC of its address) has sent `limit` views in the last `window` seconds; and,
    when the view came from the site's search results, the `search` that led there (normalised and filtered).
    A view of a page under an experiment also counts for its `variant` ("a" or "b"), in the field
    "<page>:<language>:<variant>" of the day's hash, written by experiments.counting.add_views.

    With PAGE_VIEW_BATCH_SECONDS above 0 (production) the view joins this process's batch (ViewBatch) and True is
    returned. Otherwise: True when counted, False past the limit, None when Redis failed (the view is lost, never
    an error).
    """
    day = timezone.localdate(timezone=timezone.get_default_timezone())  # not the current one: no per-thread look-up
    backend = caches["default"]
    if not uses_redis(backend):
        _write({(page_id, language): 1}, day)
        if search:
            _write_searches({(page_id, language, search): 1}, day)
        if variant:
            add_variant_views({(page_id, variant): 1}, day)
        return True
    view = View(client_key, day, page_id, language, search, variant)
    if settings.PAGE_VIEW_BATCH_SECONDS > 0:
        BATCH.add(view)
        return True
    counted = send([view], limit, window, backend)
    return None if counted is None else bool(counted)


def waiting(day=None):
    """{(page id, language): views} gathered in Redis for `day` (today) and not written yet."""
    found = redis_call("page_views", lambda redis: redis.hgetall(day_key(day or timezone.localdate()))) or {}
    return _split(found)[0]


def _split(counts):
    """({(page id, language): views}, {(page id, variant): views}) from a day's hash fields."""
    views, variants = {}, {}
    for field, count in counts.items():
        page_id, language, *variant = field.decode().split(":")
        if variant:
            key = (int(page_id), variant[0])
            variants[key] = variants.get(key, 0) + int(count)
        else:
            views[int(page_id), language] = int(count)
    return views, variants


def waiting_searches(day=None):
    """{(page id, language, query): times} gathered in Redis for `day` (today) and not written yet."""
    found = redis_call("page_views", lambda redis: redis.hgetall(searches_key(day or timezone.localdate()))) or {}
    return {tuple(json.loads(field)): int(count) for field, count in found.items()}


def flush():
    """Write every view count (and search that led to a page) waiting in Redis to the database; returns how many
    views were written."""
    written = 0
    taken = redis_call("page_views", lambda redis: take_pending_hashes(redis, _key(PENDING_KEY)))
    for name, counts in taken or ():
        day = datetime.date.fromisoformat(name.split(FLUSHING)[0].rsplit(":", 1)[-1])
        try:
            with transaction.atomic():
                if _is_searches(name):
                    _write_searches({tuple(json.loads(field)): int(count) for field, count in counts.items()}, day)
                else:
                    views, variants = _split(counts)
                    written += _write(views, day)
                    add_variant_views(variants, day)
        except DatabaseError:
            logger.exception("Page views: writing %s failed; kept in Redis for the next flush", name)
            continue
        redis_call("page_views", lambda redis, name=name: forget_hash(redis, _key(PENDING_KEY), name))
    return written


def _languages(ids):
    return dict(Page.objects.filter(pk__in=ids).values_list("pk", "locale__language_code"))


def _write(counts, day):
    """Add `counts` {(page id, language): views} to the day's rows, for pages that exist in that language."""
    languages = _languages({page_id for page_id, _language in counts})
    rows = [
        (page_id, language, day, views)
        for (page_id, language), views in counts.items()
        if languages.get(page_id) == language and views > 0
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(ADD_VIEWS_SQL, rows)
    return sum(row[-1] for row in rows)


def _write_searches(counts, day):
    """Add `counts` {(page id, language, query): times} to the day's rows, for pages that exist in that language."""
    languages = _languages({page_id for page_id, _language, _query in counts})
    rows = [
        (page_id, language, day, query, times)
        for (page_id, language, query), times in counts.items()
        if languages.get(page_id) == language and times > 0 and query
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(ADD_SEARCHES_SQL, rows)
