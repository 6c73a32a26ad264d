"""A short burst of mixed patient traffic against the live test server: no errors, no lost contact requests."""

import sys
from pathlib import Path

import pytest

from contact.models import ContactRequest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import load  # noqa: E402

pytestmark = pytest.mark.load  # a live server under concurrent traffic: slow, skipped by `make test-fast`


def test_mixed_traffic_loses_nothing(live_site, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    from django.core.cache import caches

    rate_limits = caches["ratelimit"]  # this worker's counters only: other workers share the Redis database
    rate_limits.raw(
        "clear", lambda redis: [redis.delete(key) for key in redis.scan_iter(f"{rate_limits.key_prefix}:*")]
    )
    tally = load.run(live_site, seconds=6, patients=6)
    accepted = tally[("contact submit", 302)]
    assert accepted > 0
    assert load.unexpected(tally) == {}
    assert ContactRequest.objects.filter(first_name__startswith="Load").count() == accepted
