"""Wagtail frontend-cache backends: this site's own page cache, and Varnish in front of it.

Both get the same purges from pagecache/signals.py; `purge_everything()` reaches every backend that can
forget all pages at once (site settings, view restrictions, bulk imports).
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.db.transaction import on_commit
from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from . import store

logger = logging.getLogger("wagtail.frontendcache")


class PageCacheBackend(BaseBackend):
    def purge(self, url):
        store.purge(urlsplit(url).path or "/")

    def purge_batch(self, urls):
        for url in urls:
            self.purge(url)

    def purge_all(self):
        store.purge_all()


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP purge for deploy/varnish/clinic.vcl (`LOCATION`: Varnish's address, e.g. http://127.0.0.1:8000).

    As Wagtail's HTTPBackend: `PURGE <path>` with the page's Host; the VCL drops every query variant of the path.
    Unlike it: sent after the transaction commits (as the page cache's purges, so no request can re-cache the
    old revision in between), with a timeout (a hung Varnish never holds an editor's publish), and `purge_all`
    sends one `BAN` that drops every object.
    """

    TIMEOUT_SECONDS = 2

    def purge(self, url):
        parts = urlsplit(url)
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path or "/", parts.query, ""])
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        on_commit(lambda: self.send("PURGE", target, host))

    def purge_all(self):
        on_commit(lambda: self.send("BAN", urlunsplit([self.cache_scheme, self.cache_netloc, "/", "", ""]), None))

    def send(self, method, target, host):
        headers = {"User-Agent": "Wagtail-frontendcache/" + __version__}
        if host:
            headers["Host"] = host
        try:
            urlopen(Request(target, method=method, headers=headers), timeout=self.TIMEOUT_SECONDS)  # noqa: S310
        except (URLError, OSError) as error:
            logger.error("Couldn't %s '%s' in Varnish: %s", method, target, error)


def purge_everything():
    """Forget every cached page in every frontend cache (the page cache, Varnish), after the transaction commits."""
    for backend in get_backends().values():
        purge_all = getattr(backend, "purge_all", None)
        if purge_all:
            purge_all()
