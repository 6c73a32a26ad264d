"""`make test`: real PostgreSQL (DATABASE_URL), fast hashing, in-memory the rest."""

import os

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"))
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# pytest-xdist runs the suite in worker processes (gw0, gw1...). pytest-django gives each its own test database
# (test_<name>_gw0), the demo snapshot follows that name (tests/conftest.py). Redis has only 16 numbered databases
# and parallel checkouts each own two of them (TEST_REDIS_URL, TEST_PAGECACHE_REDIS_URL), so workers share those
# two and keep apart by key prefix: every test cache prefixes its keys with TEST_KEY_PREFIX and empties only its
# own prefix (delete_pattern), never the whole database.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_KEY_PREFIX = f"test-{TEST_WORKER}" if TEST_WORKER else "test"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
TEST_PAGECACHE_REDIS_URL = os.environ.get("TEST_PAGECACHE_REDIS_URL", "redis://127.0.0.1:6379/3")
#: Socket timeouts of the tests' real Redis caches. Production's are 0.25 s (website/settings/base.py, tested against
#: a hung Redis in tests/test_hung_dependencies.py); here 3 workers, Chromium and servers share 2 cores, and a process
#: held off the CPU for half a second timed out, opened the breaker and failed the next 34 tests' setups (a CI run).
TEST_REDIS_TIMEOUT = 5
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The contact form's rate limit runs against real Redis, as in production (TEST_REDIS_URL, own prefix).
    "ratelimit": {
        "BACKEND": "website.cache.CircuitBreakerRedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": f"{TEST_KEY_PREFIX}-ratelimit",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": TEST_REDIS_TIMEOUT, "SOCKET_TIMEOUT": TEST_REDIS_TIMEOUT},
    },
}
# Each view reaches Redis before its answer, so a test can read the counts at once; tests/test_pageviews_batch.py
# and the production-server tests run the batches as production does.
PAGE_VIEW_BATCH_SECONDS = 0
MEDIA_ROOT = BASE_DIR / ".test-media" / (TEST_WORKER or "main")  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# django-axes is switched on in its own tests (tests/test_security.py); elsewhere tests log in freely.
AXES_ENABLED = False
