"""django-redis with a small circuit breaker, so a hung or unreachable Redis costs one short timeout, not one per call.

After a failed call the cache is skipped for `BREAKER_SECONDS` (per process, per Redis location). Caches with
`FAIL_SILENTLY` (the page cache and the search vocabulary) then answer as misses, after a logged warning; the
others (the rate limits) raise, so their callers decide what to do and log it themselves.
"""

import functools
import logging
import time
import uuid

from django_redis.cache import RedisCache
from django_redis.client.default import glob_escape
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILURES = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)
#: Redis location -> monotonic time until which it is skipped (shared by every thread of this process).
_open_until = {}

GUARDED = [
    "add", "set", "get", "get_many", "set_many", "delete", "delete_many", "incr", "decr", "has_key", "touch",
    "delete_pattern", "ttl", "expire", "persist", "keys", "iter_keys", "lock",
]  # fmt: skip
MISS_VALUES = {"get_many": {}, "has_key": False, "add": False, "touch": False, "delete": False}


class UnavailableError(ConnectionInterrupted):
    """Redis failed a moment ago; not tried again until the breaker closes."""


class CircuitBreakerRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.fail_silently = options.pop("FAIL_SILENTLY", False)
        self.breaker_seconds = float(options.pop("BREAKER_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker_key = str(server)

    def _guard(self, name, call, args, kwargs):
        if time.monotonic() < _open_until.get(self.breaker_key, 0):
            return self._fail(name, args, kwargs, UnavailableError(connection=None))
        try:
            return call()
        except FAILURES as error:
            _open_until[self.breaker_key] = time.monotonic() + self.breaker_seconds
            logger.warning(
                "Redis cache unavailable (%s); skipping it for %s s", type(error).__name__, self.breaker_seconds
            )
            return self._fail(name, args, kwargs, error)

    def clear(self):
        """This cache's keys only, of every version: django-redis's clear() is FLUSHDB, which would also empty every
        other cache, site and process sharing the Redis database under another KEY_PREFIX (CACHE_KEY_PREFIX)."""
        return self._guard("clear", self._delete_own_keys, (), {})

    def _delete_own_keys(self):
        redis = self.client.get_client(write=True)
        keys = []
        for key in redis.scan_iter(match=f"{glob_escape(self.key_prefix)}:*", count=1000):
            keys.append(key)
            if len(keys) == 1000:
                redis.unlink(*keys)
                keys = []
        if keys:
            redis.unlink(*keys)

    def raw(self, name, function):
        """function(Redis client) behind the breaker, for commands the cache API lacks (HINCRBY, SADD...);
        None when Redis fails and this cache fails silently."""
        return self._guard(name, lambda: function(self.client.get_client(write=True)), (), {})

    def _fail(self, name, args, kwargs, error):
        if not self.fail_silently:
            raise error
        if name == "get":
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        return MISS_VALUES.get(name)


def _guarded(name):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        return self._guard(name, lambda: method(self, *args, **kwargs), args, kwargs)

    return guarded


for _name in GUARDED:
    setattr(CircuitBreakerRedisCache, _name, _guarded(_name))


def redis_call(name, function, alias="default"):
    """function(Redis client) on the `alias` cache's Redis, for counters that gather in Redis (search counts, page
    views); None where that cache is not Redis (`make run`'s and most tests' in-memory cache) or Redis failed."""
    from django.core.cache import caches

    return redis_call_on(caches[alias], name, function)


def redis_call_on(backend, name, function):
    """redis_call on a cache backend the caller already holds (one `caches[...]` look-up a request, not two)."""
    if not hasattr(getattr(backend, "client", None), "get_client"):
        return None
    try:
        if isinstance(backend, CircuitBreakerRedisCache):
            return backend.raw(name, function)  # None when Redis failed and the cache fails silently
        return function(backend.client.get_client(write=True))
    except FAILURES as error:
        logger.warning("%s: Redis unavailable (%s)", name, type(error).__name__)
        return None


#: Marks a pending hash a flush has taken (renamed) and not finished writing.
FLUSHING = ":flushing:"


def take_pending_hashes(redis, pending_key):
    """[(name, {field: count})] of every hash named in the set `pending_key`, each renamed first to a name of its own
    (so counts made meanwhile start a new hash); one a failed flush left behind is taken as it is. The caller writes
    each and then forgets it (`forget_hash`); the counters of search (search/counts.py) and page views
    (pageviews/counting.py) gather in such hashes."""
    names = []
    for member in redis.smembers(pending_key):
        member = member.decode()
        if FLUSHING in member:
            names.append(member)
            continue
        name = f"{member}{FLUSHING}{uuid.uuid4().hex}"
        pipe = redis.pipeline(transaction=True)
        pipe.srem(pending_key, member)
        pipe.sadd(pending_key, name)
        pipe.rename(member, name)  # fails harmlessly when another flush took it first
        pipe.execute(raise_on_error=False)
        names.append(name)
    return [(name, redis.hgetall(name)) for name in names]


def forget_hash(redis, pending_key, name):
    """A taken hash is written: delete it and its entry in the pending set."""
    return redis.pipeline().delete(name).srem(pending_key, name).execute()
