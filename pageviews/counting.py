"""Page views counted in Redis, one hash field per page and language in a hash per day, and written to the
database in batches by the scheduled `flush_page_views` job (jobs/schedule.py).

A view costs one Redis round trip (a small script: the client's count for the rate limit, HINCRBY on the day's hash
and SADD of that hash to the pending set) and no database query; page ids are checked only when the counts are
written, where an id that is no page, or a language that is not that page's, is dropped. Where the default cache is
not Redis (`make run`), each view is written to the database at once; where Redis fails, the view is not counted
(a count is not worth a database write per view).
A flush that fails leaves its counts in Redis for the next one.

A view reached from the site's own search results also counts its query (already normalised and filtered by the
caller: pageviews/views.py) in a second hash per day, field [page id, language, query], in the same round trip; the
flush writes those into PageSearchDay rows.
"""

import datetime
import hashlib
import json
import logging

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


#: One round trip per view: the client's count for the window (an HMAC of its address, never the address) and, while
#: it is within the limit, one more view in the day's hash, which is listed as pending for the flush.
COUNT_VIEW_LUA = """
local seen = redis.call('INCR', KEYS[1])
if seen == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if seen > tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
if ARGV[5] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[3] .. ':' .. ARGV[5], 1) end
redis.call('SADD', KEYS[3], KEYS[2])
if KEYS[4] then
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
  redis.call('SADD', KEYS[3], KEYS[4])
end
return 1
"""
#: Its SHA1, computed once: each view is one EVALSHA (the script is loaded again where Redis answers NOSCRIPT).
COUNT_VIEW_SHA = hashlib.sha1(COUNT_VIEW_LUA.encode(), usedforsecurity=False).hexdigest()


def run_count_script(redis, keys, args):
    """COUNT_VIEW_LUA by its SHA on a connection of `redis`'s pool; loaded first where Redis
    does not know it yet (a new or restarted Redis, SCRIPT FLUSH)."""
    try:
        return redis.evalsha(COUNT_VIEW_SHA, len(keys), *keys, *args)
    except NoScriptError:
        redis.script_load(COUNT_VIEW_LUA)
        return redis.evalsha(COUNT_VIEW_SHA, len(keys), *keys, *args)


def count_view(page_id, language, client_key, limit, window, search="", variant=None):
    """Count one view of page `page_id` in `language` today (the id is checked when the counts are written), unless
    the client (`client_key`, an HMAC of its address) has sent `limit` views in the last `window` seconds; and,
    when the view came from the site's search results, the `search` that led there (normalised and filtered).
    A view of a page under an experiment also counts for its `variant` ("a" or "b"), in the field
    "<page>:<language>:<variant>" of the day's hash, written by experiments.counting.add_views.

    Returns True when counted, False past the limit, None when Redis failed (the view is lost, never an error).
    """
    day = timezone.localdate()
    backend = caches["default"]
    if not uses_redis(backend):
        _write({(page_id, language): 1}, day)
        if search:
            _write_searches({(page_id, language, search): 1}, day)
        if variant:
            add_variant_views({(page_id, variant): 1}, day)
        return True

    keys = [_key(f"pageviews:client:{client_key}", backend), day_key(day, backend), _key(PENDING_KEY, backend)]
    # ARGV[4]: the search's field (with KEYS[4], its hash), ARGV[5]: the experiment variant ("" for none).
    args = [window, limit, f"{page_id}:{language}", "", variant or ""]
    if search:
        keys.append(searches_key(day, backend))
        args[3] = json.dumps([page_id, language, search])

    def add(redis):
        return run_count_script(redis, keys, args)

    counted = redis_call_on(backend, "page_views", add)
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
