"""Settings shared by every environment.

Anything that differs between machines comes from the environment
(`DATABASE_URL`, `REDIS_URL`, `SECRET_KEY`, `ALLOWED_HOSTS`); the defaults
here are only safe for development.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def with_timeouts(database):
    """PostgreSQL with connect and statement timeouts (production); any other engine unchanged.

    A PostgreSQL that accepts connections but never answers costs DB_CONNECT_TIMEOUT seconds (psycopg's
    minimum is 2), then the 503 page; a query running past DB_STATEMENT_TIMEOUT_MS is cancelled (503 too).
    """
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    options = {
        **database.get("OPTIONS", {}),
        "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "2")),
        "options": f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '10000'))}",
    }
    return {**database, "OPTIONS": options}


EMAIL_URL_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtps": (465, False, True)}


def email_settings(environ):
    """SMTP settings from EMAIL_URL (smtp://, smtp+tls:// for STARTTLS, smtps:// for SSL; `?tls=true`/`?ssl=true`
    also work; user and password percent-encoded) or from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
    EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. EMAIL_TIMEOUT (seconds, default 5) bounds every SMTP wait.
    """

    def flag(value):
        return str(value).lower() in ("1", "true", "yes")

    found = {"EMAIL_TIMEOUT": int(environ.get("EMAIL_TIMEOUT", "5"))}
    if environ.get("EMAIL_URL"):
        url = urlsplit(environ["EMAIL_URL"])
        if url.scheme not in EMAIL_URL_SCHEMES:
            raise ValueError(f"EMAIL_URL must start with one of {', '.join(s + '://' for s in EMAIL_URL_SCHEMES)}")
        port, tls, ssl = EMAIL_URL_SCHEMES[url.scheme]
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        return {
            **found,
            "EMAIL_HOST": url.hostname or "localhost",
            "EMAIL_PORT": url.port or port,
            "EMAIL_HOST_USER": unquote(url.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(url.password or ""),
            "EMAIL_USE_TLS": tls or flag(query.get("tls", "")),
            "EMAIL_USE_SSL": ssl or flag(query.get("ssl", "")),
        }
    return {
        **found,
        "EMAIL_HOST": environ.get("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": int(environ.get("EMAIL_PORT", "25")),
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": flag(environ.get("EMAIL_USE_TLS", "")),
        "EMAIL_USE_SSL": flag(environ.get("EMAIL_USE_SSL", "")),
    }


def redis_caches(url, ratelimit_url):
    """Production's caches (also used by the fault tests): short timeouts and a circuit breaker (website/cache.py).

    The page cache answers misses while Redis is unavailable; the rate-limit cache raises, so the limiters
    fail open with a logged warning.
    """
    # CACHE_KEY_PREFIX: for sites (or test runs) that share one Redis database; empty by default.
    prefix = os.environ.get("CACHE_KEY_PREFIX", "")
    options = {
        "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.25")),
        "SOCKET_TIMEOUT": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.25")),
        "BREAKER_SECONDS": float(os.environ.get("REDIS_BREAKER_SECONDS", "5")),
    }
    return {
        "default": {
            "BACKEND": "website.cache.CircuitBreakerRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {**options, "FAIL_SILENTLY": True},
        },
        # Contact form submission counts; shared by every worker, so never locmem here.
        "ratelimit": {
            "BACKEND": "website.cache.CircuitBreakerRedisCache",
            "LOCATION": ratelimit_url,
            "KEY_PREFIX": f"{prefix}-ratelimit" if prefix else "ratelimit",
            "OPTIONS": options,
        },
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "website",
    "locations",
    "clinicians",
    "home",
    "topics",
    "cta",
    "search",
    "pagecache",
    "contact",
    "appointments",
    "feedback",
    "pageviews",
    "experiments",
    "clinic",
    "blog",
    "jobs",
    "api",
    # django-ninja (the content API): listed so /api/docs serves Swagger UI from the site's own static files.
    "ninja",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    # Two-factor login for staff (twofactor/): authenticator apps (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "twofactor",
    "django_tasks",
    "django_tasks_db",
    # Before editorial: its post_migrate setup then runs after every app's content types exist (creating them
    # clears the ContentType cache, which would cost the dashboard a query in tests).
    "contentchecks",
    "editorial",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The page-view beacon (POST /go/view/) is answered here: none of what follows does anything for it.
    "pageviews.middleware.BeaconMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/ answers: CORS, ETag and s-maxage, the per-client rate limit, NUL bytes refused as problems (api/http.py).
    "api.http.ApiHeadersMiddleware",
    "website.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL alone (/es/... Spanish, anything else English): with
    # prefix_default_language=False Django never reads Accept-Language or a cookie for an unprefixed path,
    # so the page cache (keyed on the path) can never hand one language's page to the other.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The booking form on a patient page is checked by where the browser says it came from, not by a token and
    # its cookie (website/sameorigin.py); everything else, the admin included, keeps Django's CSRF check.
    "website.sameorigin.OriginCheckedFormsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): this session passed the second login step (django-otp), then the admin is
    # closed to a session that has not while its user has (or must have) an authenticator (twofactor/).
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "website.middleware.PreviewFramingMiddleware",
    "website.middleware.PermissionsPolicyMiddleware",
    # A or B for a page with a running experiment, per request (experiments/middleware.py): before the page cache,
    # which keeps such a page once per variant.
    "experiments.middleware.VariantMiddleware",
    # Inside every middleware that adds headers, so pages served from the cache carry them too.
    "pagecache.middleware.PageCacheMiddleware",
    # Behind the page cache (a cached page needs none of it): the site, settings and links every page reads,
    # cached under one version (website/shared.py), and routing in two queries (website/routing.py).
    "website.middleware.SharedReadsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: locks out an admin login after repeated failures.
    "axes.middleware.AxesMiddleware",
]

# Django's ModelBackend with django-axes' lockout check in front of it (website/auth.py).
AUTHENTICATION_BACKENDS = ["website.auth.LockoutModelBackend"]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at the unprefixed URLs, Spanish under /es/ (website/urls.py). Pages are translated with
# wagtail.contrib.simple_translation (docs/languages.md).
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
# An editor translates one page at a time ("Translate" in the page's menu), not the whole tree.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# Serve uploaded images (MEDIA_URL images/, original_images/, avatar_images/) from Django: on in production
# (`make serve` has no front server); SERVE_MEDIA=false when a front server serves them. DEBUG serves them too.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "false") == "true"


# Uploaded images, renditions and documents: MEDIA_ROOT on this machine, or, when the MEDIA_S3_* variables are set
# (production.py reads them), an S3-compatible bucket every app node shares (website/storage.py; docs/operations.md,
# "Media on object storage").
MEDIA_S3_REQUIRED = ("MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY_ID", "MEDIA_S3_SECRET_ACCESS_KEY")
MEDIA_S3_OPTIONAL = ("MEDIA_S3_ENDPOINT_URL", "MEDIA_S3_REGION", "MEDIA_S3_PUBLIC_URL", "MEDIA_S3_ADDRESSING_STYLE")


def media_storage(environ):
    """STORAGES["default"] from MEDIA_S3_*: local files when none is set, the bucket when the required ones are.

    MEDIA_S3_ENDPOINT_URL is the S3 API's address (leave it out for AWS), MEDIA_S3_REGION defaults to us-east-1,
    MEDIA_S3_ADDRESSING_STYLE is path (the default with an endpoint URL), virtual or auto, and MEDIA_S3_PUBLIC_URL
    (https://media.example.org, a CDN or the bucket's public address) serves images from there instead of /media/.
    """
    given = [name for name in (*MEDIA_S3_REQUIRED, *MEDIA_S3_OPTIONAL) if environ.get(name)]
    if not given:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    missing = [name for name in MEDIA_S3_REQUIRED if not environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(given)} set but {', '.join(missing)} missing: media on object storage needs "
            f"{', '.join(MEDIA_S3_REQUIRED)} (or unset every MEDIA_S3_* variable for local files)"
        )
    endpoint_url = environ.get("MEDIA_S3_ENDPOINT_URL", "")
    addressing_style = environ.get("MEDIA_S3_ADDRESSING_STYLE") or ("path" if endpoint_url else "auto")
    if addressing_style not in ("path", "virtual", "auto"):
        raise ImproperlyConfigured("MEDIA_S3_ADDRESSING_STYLE must be path, virtual or auto")
    if endpoint_url and urlsplit(endpoint_url).scheme not in ("http", "https"):
        raise ImproperlyConfigured("MEDIA_S3_ENDPOINT_URL must start with http:// or https://")
    options = {
        "bucket_name": environ["MEDIA_S3_BUCKET"],
        "access_key": environ["MEDIA_S3_ACCESS_KEY_ID"],
        "secret_key": environ["MEDIA_S3_SECRET_ACCESS_KEY"],
        "endpoint_url": endpoint_url or None,
        "region_name": environ.get("MEDIA_S3_REGION") or "us-east-1",
        "addressing_style": addressing_style,
    }
    if environ.get("MEDIA_S3_PUBLIC_URL"):
        public_url = urlsplit(environ["MEDIA_S3_PUBLIC_URL"])
        if public_url.scheme not in ("http", "https") or not public_url.netloc:
            raise ImproperlyConfigured("MEDIA_S3_PUBLIC_URL must be an address such as https://media.example.org")
        options["custom_domain"] = public_url.netloc + public_url.path.rstrip("/")
        options["url_protocol"] = f"{public_url.scheme}:"
    return {"BACKEND": "website.storage.MediaBucketStorage", "OPTIONS": options}


STORAGES = {
    "default": media_storage({}),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Documents always go through Wagtail's view, which checks the collection's privacy (never a redirect to storage).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Fields per POST: the page editor posts up to 212 for the demo topics (CRPS, with its 17 clinical codes; counted in
# Chromium, tests/test_browser_security.py), so 2,000 leaves room for long topics; anything past it gets the 400 page.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000

# A form sent without a valid CSRF token gets the site's error page with the phone number (website/views.py).
CSRF_FAILURE_VIEW = "website.views.csrf_failure"

WAGTAIL_SITE_NAME = "Clearwater Pain Clinic"
# Shown on error pages that cannot reach the database (the CMS copy lives in Settings -> Clinic details).
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "(555) 010-0199")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The database backend: PostgreSQL full-text in production and tests (search.backend: each page in its own
# language's text search configuration, Spanish with accents folded), SQLite FTS under `make run`.
# OpenSearch or Elasticsearch (docs/operations.md, "Search backend"): SEARCH_BACKEND names Wagtail's backend module,
# SEARCH_URL the servers (comma-separated, credentials in the URL), SEARCH_INDEX_PREFIX what starts each index's name
# (Wagtail 8 names them prefix + "wagtailcore_page", ...; the older SEARCH_INDEX is read as the prefix, with "_"), and
# SEARCH_TIMEOUT the seconds a request to them may take.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": os.environ.get("SEARCH_BACKEND", "search.backend")}}
if os.environ.get("SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"]["URLS"] = env_list("SEARCH_URL")
if os.environ.get("SEARCH_INDEX_PREFIX") or os.environ.get("SEARCH_INDEX"):
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = os.environ.get("SEARCH_INDEX_PREFIX") or (
        os.environ["SEARCH_INDEX"].rstrip("_") + "_"
    )
if os.environ.get("SEARCH_TIMEOUT"):
    WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = int(os.environ["SEARCH_TIMEOUT"])

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Full links (canonical, hreflang alternates, Open Graph, structured data, sitemap, feeds) use the Wagtail site's
# hostname and port: the configured canonical address, whatever Host header a request carried. Development settings
# (make run) turn this on, so they use the address the server answered on (http://127.0.0.1:8000/): website/shared.py.
LINKS_FROM_REQUEST_HOST = False

# Whole-page cache for anonymous visitors (pagecache/): off unless PAGE_CACHE_ENABLED=true (production turns
# it on). Publishing, unpublishing, moving or deleting a page, or saving a snippet, purges the affected pages
# through Wagtail's frontend cache; add a CDN backend here to purge a CDN too (see docs/operations.md, "Scale-out").
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "false") == "true"
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
# How long a shared cache in front (Varnish in `make serve`, a CDN) may keep an anonymous page: the `s-maxage` the
# page cache middleware gives every page it may store (0: none, nothing in front caches pages). Purges make edits
# visible at once; this only bounds how long a page rendered during a publish can outlive the purge.
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "600"))
#: The request header naming a page view's experiment variant, "a" or "b" (set at random by Varnish, or by
#: experiments/middleware.py); responses of pages with a running experiment carry `Vary` on it.
PAGE_VARIANT_HEADER = "X-Page-Variant"
PAGE_VARIANT_META = "HTTP_X_PAGE_VARIANT"
WAGTAILFRONTENDCACHE = {"pagecache": {"BACKEND": "pagecache.backends.PageCacheBackend"}}
# Varnish in front (deploy/varnish/clinic.vcl): VARNISH_URLS (comma-separated) lists every Varnish node, each of
# which gets every purge; VARNISH_URL is the one-node form. `make serve` adds its own Varnish's loopback address.
VARNISH_URLS = env_list("VARNISH_URLS") or env_list("VARNISH_URL")
if VARNISH_URLS:
    WAGTAILFRONTENDCACHE["varnish"] = {"BACKEND": "pagecache.backends.VarnishBackend", "LOCATIONS": VARNISH_URLS}
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
    }

# Topic review: how long a clinician's approval stays current.
TOPIC_REVIEW_INTERVAL_DAYS = int(os.environ.get("TOPIC_REVIEW_INTERVAL_DAYS", "365"))
# How far ahead the "Topics due for review" report and dashboard panel count a topic as due soon.
TOPIC_REVIEW_DUE_SOON_DAYS = int(os.environ.get("TOPIC_REVIEW_DUE_SOON_DAYS", "30"))
# Topics go live only through the Clinical review workflow, whose approval publishes them (editorial/).
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.workflows.publish_approved"

# Contact requests (contact/): submissions per client per hour (counted in CACHES["ratelimit"]), days they are
# kept before `purge_contact_requests` deletes them, where the no-personal-data notification goes (empty: the
# email in Clinic details).
# Content API (/api/): requests a client may make a minute that reach the app (Varnish's cached answers are free).
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))
CONTACT_RATE_LIMIT_PER_HOUR = int(os.environ.get("CONTACT_RATE_LIMIT_PER_HOUR", "5"))
# "Did this page help you?" (feedback/): answers and comments per client per hour (CACHES["ratelimit"]).
FEEDBACK_RATE_LIMIT_PER_HOUR = int(os.environ.get("FEEDBACK_RATE_LIMIT_PER_HOUR", "30"))
CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "90"))
#: A slot a patient asked for is opened again after this many hours unless staff confirm it (release_held_slots).
SLOT_HOLD_HOURS = int(os.environ.get("SLOT_HOLD_HOURS", "48"))
#: A practice system's SMART Scheduling Links feed (its `$bulk-publish` manifest's address) whose open times
#: `import_slot_feed` copies in every 15 minutes; empty: no import (the job is not scheduled). Each file is read
#: within SLOT_FEED_TIMEOUT seconds and may be at most SLOT_FEED_MAX_BYTES long.
SLOT_FEED_URL = os.environ.get("SLOT_FEED_URL", "")
SLOT_FEED_TIMEOUT = int(os.environ.get("SLOT_FEED_TIMEOUT", "10"))
SLOT_FEED_MAX_BYTES = int(os.environ.get("SLOT_FEED_MAX_BYTES", str(10 * 1024 * 1024)))
CLINIC_NOTIFICATION_EMAIL = os.environ.get("CLINIC_NOTIFICATION_EMAIL", "")
# Every SMTP wait (the contact notification, the admin's password reset) gives up after this many seconds;
# notifications that fail wait in the outbox for `send_pending_notifications`.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "5"))
# Every rate limit (contact form, CTA clicks): how many reverse proxies append to X-Forwarded-For
# (0: use REMOTE_ADDR). See website/clients.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Call-to-action click counter (cta/): clicks per client address in the window (seconds) before it answers 429.
CTA_CLICK_RATE_LIMIT = int(os.environ.get("CTA_CLICK_RATE_LIMIT", "30"))
CTA_CLICK_RATE_WINDOW = int(os.environ.get("CTA_CLICK_RATE_WINDOW", "60"))
# Page-view beacon (pageviews/): views counted per client address in the window (seconds); past it, views go
# uncounted (the beacon still answers 204). Many patients can share one address (a hospital's network).
PAGE_VIEW_RATE_LIMIT = int(os.environ.get("PAGE_VIEW_RATE_LIMIT", "120"))
PAGE_VIEW_RATE_WINDOW = int(os.environ.get("PAGE_VIEW_RATE_WINDOW", "60"))
# Each app process sends the views it answered to Redis together, this often (seconds; 0 sends each view on its own):
# a process killed outright loses at most this much (pageviews/counting.py, ViewBatch).
PAGE_VIEW_BATCH_SECONDS = float(os.environ.get("PAGE_VIEW_BATCH_SECONDS", "0.1"))

# Security headers. The CSP allows no inline script anywhere on the public site (JSON-LD data blocks are not
# executed); the admin keeps Wagtail's own X-Frame-Options handling, and its live previews may be framed by the
# admin itself (frame-ancestors 'self', website.middleware.PreviewFramingMiddleware).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # previews: SAMEORIGIN (website.middleware.PreviewFramingMiddleware)

# Admin login: locked for an hour after 5 failures for the same username from the same address (the address the
# rate limits use, TRUSTED_PROXY_COUNT proxies in). Successful staff logins (axes' access log: address and browser)
# are kept ADMIN_LOGIN_LOG_DAYS, deleted with expired failures by the daily `purge_admin_logins`.
AXES_CLIENT_IP_CALLABLE = "website.clients.client_address"
ADMIN_LOGIN_LOG_DAYS = int(os.environ.get("ADMIN_LOGIN_LOG_DAYS", "30"))
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor login (twofactor/, docs/operations.md "Two-factor login"): required for superusers and every group
# that can publish or approve; the authenticator app shows the site's name. After a wrong code the next is
# refused for 1, 2, 4, 8... seconds (django-otp's throttling, per device), whatever the code.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background work (Wagtail's search index, reference index and purges, the site's mail) runs on django-tasks.
# Here, in `make run` and in the tests it runs at once in the process that enqueues it; production runs it on the
# PostgreSQL queue (django-tasks-db) that `scripts/serve-worker.sh` works through.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Periodic jobs (jobs/schedule.py) run by that worker; change an interval with e.g. "send_article_emails=60".
SCHEDULE_SECONDS = os.environ.get("SCHEDULE_SECONDS", "")
