"""django-redis with a small circuit breaker, so a hung or unreachable Redis costs one short timeout, not one per call.

After a failed call the cache is skipped for `BREAKER_SECONDS` (per process, per Redis location). Caches with
`FAIL_SILENTLY` (the page cache and the search vocabulary) then answer as misses, after a logged warning; the
others (the rate limits) raise, so their callers decide what to do and log it themselves.
"""

import functools
import logging
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILURES = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)
#: Redis location -> monotonic time until which it is skipped (shared by every thread of this process).
_open_until = {}

GUARDED = [
    "add", "set", "get", "get_many", "set_many", "delete", "delete_many", "incr", "decr", "has_key", "touch",
    "clear", "delete_pattern", "ttl", "expire", "persist", "keys", "iter_keys", "lock",
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
