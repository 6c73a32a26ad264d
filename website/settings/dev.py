"""`make run`: embedded SQLite, debug pages, console email."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-4b1f0c2e9a")
# Canonical, hreflang, sitemap and feed links on the address `make run` answers on, not the demo site's localhost:80.
LINKS_FROM_REQUEST_HOST = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
