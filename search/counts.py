"""Search counts without a database write per search: Wagtail's popular queries (daily hits) and the searches
with no results, counted in Redis and written to the database in batches.

Each first-page search adds one to a field of a Redis hash for its day (HINCRBY, in one round trip with the rest).
`flush()` moves what Redis holds to the database, one INSERT ... ON CONFLICT per distinct search, and runs

- from the request path: at most once every `SEARCH_COUNTS_FLUSH_SECONDS` (default 60) across every worker, in the
  search that finds the flush lock free (a Redis key set with NX and that expiry);
- before the "Searches with no results" report is shown, so editors see every search made until then;
- from `manage.py flush_search_counts` (for a deploy, or a cron job on a site with few searches).

Where the default cache is not Redis (`make run`'s and the tests' in-memory cache) or Redis fails, each search is
written to the database at once, as before, so no count is lost. A flush that fails leaves its counts in Redis
for the next one; a process that dies between writing them and deleting them from Redis counts them twice.
"""

import datetime
import json
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from website.cache import FLUSHING, forget_hash, redis_call, take_pending_hashes
from website.personal_data import REMOVED, remove_contact_details

from .models import ZERO_RESULT_RETENTION_DAYS, ZeroResultQuery

logger = logging.getLogger(__name__)

HITS, ZERO_RESULTS = "hits", "zero"
#: Redis set of the hashes waiting to be written (one per kind and day, and those being written).
PENDING_KEY = "search:counts:pending"
FLUSH_LOCK_KEY = "search:counts:flush-lock"

#: Add to a day's count, creating its row at that count (PostgreSQL and SQLite alike).
ADD_HITS_SQL = (
    "INSERT INTO wagtailsearchpromotions_querydailyhits (query_id, date, hits) VALUES (%s, %s, %s) "
    "ON CONFLICT (query_id, date) DO UPDATE SET hits = wagtailsearchpromotions_querydailyhits.hits + excluded.hits"
)
ADD_ZERO_RESULTS_SQL = (
    "INSERT INTO search_zeroresultquery (query_text, language, day, count) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (query_text, language, day) DO UPDATE SET count = search_zeroresultquery.count + excluded.count"
)


def flush_seconds():
    return int(getattr(settings, "SEARCH_COUNTS_FLUSH_SECONDS", 60))


def _redis_call(function):
    """function(Redis client) on the default cache's Redis; None where it is not Redis or Redis failed (the callers
    then write to the database)."""
    return redis_call("search_counts", function)


def _key(name):
    return caches["default"].make_key(name)


def _hash_key(kind, day):
    return _key(f"search:counts:{kind}:{day.isoformat()}")


def logged_query(query):
    """`query` as the search log keeps it: any phone number or email address replaced by "[removed]", then
    Wagtail's normalisation (lower case, spaces squeezed, at most 255 characters)."""
    return normalise_query_string(remove_contact_details(query))


def looks_personal(logged):
    """A query (as `logged_query` gives it) that held something like a phone number or an email address."""
    return REMOVED in logged


def count_search(query, language, found):
    """Count one first-page search for `query` in `language`: a hit for popular queries and, when it `found`
    nothing, a search with no results (text only, with any phone number or email address a patient typed removed)."""
    query = remove_contact_details(query)
    hit = logged_query(query)
    zero = "" if found else ZeroResultQuery.normalise(query)
    if not hit and not zero:
        return
    fields = []
    if hit:
        fields.append((_hash_key(HITS, timezone.now().date()), hit))  # the day Query.add_hit() would use
    if zero:
        fields.append((_hash_key(ZERO_RESULTS, timezone.localdate()), json.dumps([language, zero])))

    def add(redis):
        pipe = redis.pipeline(transaction=False)
        for hash_key, field in fields:
            pipe.hincrby(hash_key, field, 1)
            pipe.sadd(_key(PENDING_KEY), hash_key)
        pipe.set(_key(FLUSH_LOCK_KEY), 1, nx=True, ex=flush_seconds())
        return pipe.execute()

    result = _redis_call(add)
    if result is None:
        if hit:
            Query.get(query).add_hit()
        if zero:
            ZeroResultQuery.record(query, language)
    elif result[-1]:  # this search took the flush lock: time to write what has gathered
        flush()


def flush():
    """Write every count waiting in Redis to the database; returns (hits, searches with no results) written."""

    taken = _redis_call(lambda redis: take_pending_hashes(redis, _key(PENDING_KEY)))
    totals = {HITS: 0, ZERO_RESULTS: 0}
    for name, counts in taken or ():
        kind, day = name.split(FLUSHING)[0].split(":")[-2:]
        try:
            with transaction.atomic():
                totals[kind] += _write(kind, datetime.date.fromisoformat(day), counts)
        except DatabaseError:
            logger.exception("Search counts: writing %s failed; kept in Redis for the next flush", name)
            continue
        _redis_call(lambda redis, name=name: forget_hash(redis, _key(PENDING_KEY), name))
    return totals[HITS], totals[ZERO_RESULTS]


def _write(kind, day, counts):
    """Add one hash's counts to the database; returns how many searches they were."""
    if not counts:
        return 0
    counts = {field.decode(): int(count) for field, count in counts.items()}
    if kind == HITS:
        _write_hits(day, counts)
    else:
        _write_zero_results(day, {tuple(json.loads(field)): count for field, count in counts.items()})
    return sum(counts.values())


def _write_hits(day, counts):
    """Wagtail's Query rows for new searches, then each one's daily hits increased (as Query.add_hit() would)."""
    Query.objects.bulk_create([Query(query_string=text) for text in counts], ignore_conflicts=True)
    ids = dict(Query.objects.filter(query_string__in=list(counts)).values_list("query_string", "pk"))
    with connection.cursor() as cursor:
        cursor.executemany(
            ADD_HITS_SQL,
            [(ids[text], day, count) for text, count in counts.items()],
        )


def _write_zero_results(day, counts):
    with connection.cursor() as cursor:
        cursor.executemany(
            ADD_ZERO_RESULTS_SQL,
            [(text, language, day, count) for (language, text), count in counts.items()],
        )
    cutoff = timezone.localdate() - datetime.timedelta(days=ZERO_RESULT_RETENTION_DAYS)
    ZeroResultQuery.objects.filter(day__lt=cutoff).delete()
