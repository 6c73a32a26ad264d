"""A per-client limit on call-to-action clicks that never stores the client's address.

Counts live in the `ratelimit` cache when it is configured (shared Redis in production), else the default
cache, under an HMAC of the client's address with SECRET_KEY. If the cache is down the click still redirects.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from website.clients import client_address

logger = logging.getLogger(__name__)


def client_key(request):
    return "cta-click:" + salted_hmac("editorial.cta_click", client_address(request)).hexdigest()[:32]


def allow_click(request):
    """Count one request for this client; False once it is past CTA_CLICK_RATE_LIMIT in the window."""
    limit = getattr(settings, "CTA_CLICK_RATE_LIMIT", 30)
    window = getattr(settings, "CTA_CLICK_RATE_WINDOW", 60)
    cache = caches["ratelimit" if "ratelimit" in settings.CACHES else "default"]
    key = client_key(request)
    try:
        cache.add(key, 0, window)
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        return True
    except Exception:
        logger.warning("CTA click rate limit: cache unavailable, not limiting", exc_info=True)
        return True
    return count is None or count <= limit
