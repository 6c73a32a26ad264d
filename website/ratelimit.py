"""One per-client rate limiter for the public forms and counters, which never stores the client's address.

Counts live in the `ratelimit` cache when it is configured (shared Redis in production and tests), else the
default cache, under an HMAC of the client's address (or its IPv6 /64) with SECRET_KEY. If the cache is down
the limiter fails open: a patient's request matters more than the limit.
"""

import functools
import hashlib
import hmac
import ipaddress
import logging
import socket

from django.conf import settings
from django.core.cache import caches

from .clients import client_address

logger = logging.getLogger(__name__)


def ratelimit_cache():
    return caches["ratelimit" if "ratelimit" in settings.CACHES else "default"]


def client_network(address, ipv6_prefix):
    """The address as counted: an IPv6 address widened to its /`ipv6_prefix` network (one household usually
    gets a whole /64), anything unparsable as "unknown"."""
    if ":" not in address:  # IPv4, the common case, without the ipaddress module (the beacon's hot path)
        try:
            return socket.inet_ntop(socket.AF_INET, socket.inet_pton(socket.AF_INET, address))
        except (OSError, ValueError):
            return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6 and ipv6_prefix:
        return str(ipaddress.ip_network(f"{ip}/{ipv6_prefix}", strict=False))
    return str(ip)


@functools.lru_cache(maxsize=32)
def _derived_key(salt, secret):
    """Django's salted_hmac key for `salt`: derived once, not once a request (the page-view beacon's hot path)."""
    return hashlib.sha1(f"{salt}{secret}".encode()).digest()  # noqa: S324 (salted_hmac derives it so, in an HMAC)


def address_hmac(salt, secret, address):
    """The hex HMAC of `address`, exactly `django.utils.crypto.salted_hmac(salt, address)` (SHA1, SECRET_KEY)."""
    return hmac.new(_derived_key(salt, secret), address.encode(), hashlib.sha1).hexdigest()


class RateLimit:
    """At most `limit` hits per client in a `window` (seconds) that opens with the client's first hit."""

    def __init__(self, prefix, salt, limit, window, ipv6_prefix=None):
        self.prefix, self.salt, self.limit, self.window, self.ipv6_prefix = prefix, salt, limit, window, ipv6_prefix

    def key(self, request):
        address = client_address(request)
        if self.ipv6_prefix:
            address = client_network(address, self.ipv6_prefix)
        return f"{self.prefix}:{address_hmac(self.salt, settings.SECRET_KEY, address)[:32]}"

    def count(self, request):
        try:
            return int(ratelimit_cache().get(self.key(request)) or 0)
        except Exception:
            logger.warning("Rate limit %s: cache unavailable, not limiting", self.prefix, exc_info=True)
            return 0

    def reached(self, request):
        return self.count(request) >= self.limit

    def hit(self, request):
        """Count one request; False once it goes past the limit (checked atomically, so races cannot pass)."""
        cache, key = ratelimit_cache(), self.key(request)
        try:
            cache.add(key, 0, self.window)
            count = cache.incr(key)
        except ValueError:
            # The key expired between add() and incr(): this request starts a new window.
            cache.set(key, 1, self.window)
            return True
        except Exception:
            logger.warning("Rate limit %s: cache unavailable, not limiting", self.prefix, exc_info=True)
            return True
        return count is None or count <= self.limit

    def clear(self, request):
        ratelimit_cache().delete(self.key(request))
