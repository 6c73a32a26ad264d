"""The site's Redis caches (website/cache.py) on the test Redis: what clearing one of them removes."""

from django.conf import settings

from website.cache import CircuitBreakerRedisCache


def redis_cache(prefix):
    return CircuitBreakerRedisCache(settings.TEST_REDIS_URL, {"KEY_PREFIX": f"{settings.TEST_KEY_PREFIX}-{prefix}"})


def test_clearing_a_cache_removes_its_own_keys_and_leaves_every_other_prefix_in_the_shared_database():
    """Caches and sites share one Redis database, told apart by CACHE_KEY_PREFIX (the page cache, the rate limits'
    counters, the page views waiting for the flush, test workers): django-redis's clear() is FLUSHDB, which empties
    all of them; this cache's clear() removes its own keys only, every version."""
    cleared, kept = redis_cache("cleared"), redis_cache("kept")
    try:
        cleared.set("page", "cached", version=1)
        cleared.set("page", "cached", version=2)
        kept.set("counter", 3)
        kept.client.get_client().hset(kept.make_key("pageviews:day:2026-12-08"), "5:en", 400)

        cleared.clear()

        assert cleared.get("page", version=1) is None and cleared.get("page", version=2) is None
        assert kept.get("counter") == 3
        assert kept.client.get_client().hgetall(kept.make_key("pageviews:day:2026-12-08")) == {b"5:en": b"400"}
    finally:
        cleared.delete_pattern("*")
        kept.delete_pattern("*")
