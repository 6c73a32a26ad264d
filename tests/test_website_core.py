"""The site-wide rate limiter and daily counter, on the real Redis and PostgreSQL."""

import datetime

import pytest
from django.test import RequestFactory

from cta.models import CallToActionClick
from search.models import ZeroResultQuery
from tests.factories import CallToActionFactory
from website.clients import client_address
from website.counters import add_to_daily_count
from website.ratelimit import RateLimit, ratelimit_cache


def request_from(address):
    return RequestFactory().get("/", REMOTE_ADDR=address)


@pytest.fixture
def limit():
    limit = RateLimit("test-limit", "tests.ratelimit", limit=2, window=60, ipv6_prefix=64)
    for address in ("203.0.113.5", "203.0.113.6", "2001:db8:5::1"):
        limit.clear(request_from(address))
    yield limit
    for address in ("203.0.113.5", "203.0.113.6", "2001:db8:5::1"):
        limit.clear(request_from(address))


def test_the_limit_counts_each_client_apart_and_stops_past_the_limit(limit):
    client, other = request_from("203.0.113.5"), request_from("203.0.113.6")
    assert [limit.hit(client) for _ in range(3)] == [True, True, False]
    assert limit.reached(client)
    assert limit.hit(other) and not limit.reached(other)


def test_ipv6_clients_share_their_64_and_no_address_is_stored(limit):
    assert limit.hit(request_from("2001:db8:5::1"))
    assert limit.count(request_from("2001:db8:5:0:ffff::2")) == 1
    key = limit.key(request_from("2001:db8:5::1"))
    assert key.startswith("test-limit:") and "2001" not in key
    redis = ratelimit_cache().client.get_client()
    assert 0 < redis.ttl(ratelimit_cache().make_key(key)) <= 60


def test_the_key_is_djangos_salted_hmac_of_the_address_and_follows_the_secret(limit, settings):
    """Keys already in Redis stay valid: the derived key is kept per salt and secret, the HMAC is Django's."""
    from django.utils.crypto import salted_hmac

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert limit.key(request) == f"test-limit:{salted_hmac('tests.ratelimit', '203.0.113.9').hexdigest()[:32]}"
    settings.SECRET_KEY = "another-secret-" + "y" * 40
    assert limit.key(request) == f"test-limit:{salted_hmac('tests.ratelimit', '203.0.113.9').hexdigest()[:32]}"


@pytest.mark.parametrize(
    "address",
    [
        "203.0.113.7",
        "0.0.0.0",  # noqa: S104 (an address read, not bound)
        "01.2.3.4",
        "1.2.3",
        "256.1.1.1",
        "1.2.3.4 ",
        "",
        "abc",
        "2001:db8::1",
        "::1",
    ],
)
def test_the_ipv4_shortcut_counts_every_address_as_the_ipaddress_module_reads_it(address):
    import ipaddress

    from website.ratelimit import client_network

    try:
        ip = ipaddress.ip_address(address)
        expected = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    except ValueError:
        expected = "unknown"
    assert client_network(address, 64) == expected


def test_with_the_cache_down_the_limit_fails_open(settings):
    closed_port = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = {**settings.CACHES, "ratelimit": {**closed_port, "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2}}}
    limit = RateLimit("test-limit", "tests.ratelimit", limit=1, window=60)
    assert all(limit.hit(request_from("203.0.113.5")) for _ in range(3))
    assert not limit.reached(request_from("203.0.113.5"))


@pytest.mark.django_db
def test_the_daily_counter_creates_the_row_once_then_adds_to_it():
    cta = CallToActionFactory()
    day = datetime.date(2026, 11, 1)
    assert add_to_daily_count(CallToActionClick, call_to_action=cta, day=day) is True
    assert add_to_daily_count(CallToActionClick, call_to_action=cta, day=day) is False
    add_to_daily_count(CallToActionClick, call_to_action=cta, day=day + datetime.timedelta(days=1))
    assert sorted(CallToActionClick.objects.values_list("day", "count")) == [
        (day, 2),
        (day + datetime.timedelta(days=1), 1),
    ]


@pytest.mark.django_db
def test_zero_result_queries_use_the_same_counter():
    ZeroResultQuery.record("  Sciatica  ")
    ZeroResultQuery.record("sciatica")
    assert list(ZeroResultQuery.objects.values_list("query_text", "count")) == [("sciatica", 2)]


@pytest.mark.parametrize(
    ("forwarded_for", "address"),
    [
        ("6.6.6.6, 203.0.113.9", "203.0.113.9"),
        ("203.0.113.9:5678", "203.0.113.9"),
        ("[2001:db8::1]:80", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("unknown", "10.0.0.1"),
        ("203.0.113.9:port", "10.0.0.1"),
        ("", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_one_proxy(settings, forwarded_for, address):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(request) == address
