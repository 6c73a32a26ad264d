"""A per-client limit on contact form submissions that never stores the client's address.

The count lives in the `ratelimit` cache (Redis in production and tests, locmem under `make run`) under a key
derived from an HMAC of the client's network with SECRET_KEY. If the cache is down the form stays open: a
patient's request matters more than the limit.
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from website.clients import client_address

logger = logging.getLogger(__name__)

CACHE_ALIAS = "ratelimit"
WINDOW_SECONDS = 60 * 60


def client_key(request):
    """The cache key for a client: IPv6 clients are counted per /64, as one household usually gets a whole /64."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = "unknown"
    else:
        network = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    digest = salted_hmac("contact.ratelimit", network).hexdigest()[:32]
    return f"contact:{digest}"


class SubmissionLimit:
    """CONTACT_RATE_LIMIT_PER_HOUR submissions per client in a window that opens with the first one."""

    def __init__(self, request):
        self.key = client_key(request)
        self.limit = settings.CONTACT_RATE_LIMIT_PER_HOUR
        self.cache = caches[CACHE_ALIAS]

    def count(self):
        try:
            return int(self.cache.get(self.key) or 0)
        except Exception:
            logger.warning("Contact rate limit: cache unavailable, not limiting", exc_info=True)
            return 0

    def reached(self):
        return self.count() >= self.limit

    def hit(self):
        """Count one submission; False when it goes past the limit (checked atomically, so races cannot pass)."""
        try:
            self.cache.add(self.key, 0, WINDOW_SECONDS)
            count = self.cache.incr(self.key)
        except ValueError:
            # The key expired between add() and incr(): this submission starts a new window.
            self.cache.set(self.key, 1, WINDOW_SECONDS)
            return True
        except Exception:
            logger.warning("Contact rate limit: cache unavailable, not limiting", exc_info=True)
            return True
        return count is None or count <= self.limit

    def clear(self):
        self.cache.delete(self.key)
