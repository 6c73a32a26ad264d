"""Production: every secret and address from the environment."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

DATABASES["default"] = with_timeouts(DATABASES["default"])  # noqa: F405

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = redis_caches(REDIS_URL, os.environ.get("RATELIMIT_REDIS_URL", REDIS_URL))  # noqa: F405
# Whole pages for anonymous visitors: set PAGE_CACHE_REDIS_URL to its own Redis instance (maxmemory + allkeys-lru,
# see docs/operations.md "Page cache"), so a full page cache evicts pages, never the rate limits' counters.
CACHES["pagecache"] = {**CACHES["default"], "LOCATION": os.environ.get("PAGE_CACHE_REDIS_URL", REDIS_URL)}

# Mail (SMTP) from EMAIL_URL or EMAIL_HOST/PORT/USER/PASSWORD/USE_TLS/USE_SSL, EMAIL_TIMEOUT (website/settings/base.py).
globals().update(email_settings(os.environ))  # noqa: F405
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Tasks are queued in PostgreSQL and run by the worker `make serve` starts (scripts/serve-worker.sh).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true") == "true"
PAGE_CACHE_ALIAS = "pagecache"

SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true") == "true"
# Uploads in the shared bucket when MEDIA_S3_BUCKET, MEDIA_S3_ACCESS_KEY_ID, MEDIA_S3_SECRET_ACCESS_KEY (and optionally
# MEDIA_S3_ENDPOINT_URL, _REGION, _PUBLIC_URL, _ADDRESSING_STYLE) are set; local MEDIA_ROOT otherwise (base.py).
# A new dict, never base's changed in place: the test settings share base's.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "default": media_storage(os.environ),  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("MEDIA_S3_PUBLIC_URL"):
    # Pictures then come from that domain: pages may show images from it (and still from nowhere else).
    media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(os.environ["MEDIA_S3_PUBLIC_URL"]))  # noqa: F405
    CONTENT_SECURITY_POLICY = {  # noqa: F405
        **CONTENT_SECURITY_POLICY,  # noqa: F405
        "DIRECTIVES": {
            **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
            "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], media_origin],  # noqa: F405
        },
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
# Varnish's health probe asks each app node for /healthz over plain HTTP (deploy/varnish/clinic.vcl): a redirect
# to HTTPS would mark every node sick and turn every uncached page into a 503.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this to SAMEORIGIN themselves

# The app server's access log on standard output (website/accesslog.py: no address, no query string).
LOGGING = {  # noqa: F405
    **LOGGING,  # noqa: F405
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        **LOGGING["handlers"],  # noqa: F405
        "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "message"},
    },
    "loggers": {"website.access": {"handlers": ["access"], "level": "INFO", "propagate": False}},
}
