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


class VarnishBackend(BaseBackend):
    """Wagtail's HTTP purge for deploy/varnish/clinic.vcl, sent to every Varnish node.

    `LOCATIONS` lists each Varnish's address (settings: VARNISH_URLS, e.g. http://10.0.0.5:8000,http://10.0.0.6:8000);
    `LOCATION` is the one-node form. As Wagtail's HTTPBackend: `PURGE <path>` with the page's Host; the VCL drops
    every query variant of the path. Unlike it: sent after the transaction commits (as the page cache's purges, so
    no request can re-cache the old revision in between), with a timeout per node (a hung Varnish never holds an
    editor's publish, nor keeps the purge from the other nodes), and `purge_all` sends one `BAN` that drops every
    object.
    """

    TIMEOUT_SECONDS = 2

    def __init__(self, params):
        super().__init__(params)
        locations = params.get("LOCATIONS") or [params["LOCATION"]]
        self.nodes = [urlsplit(location)[:2] for location in locations]

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        targets = [urlunsplit([scheme, netloc, parts.path or "/", parts.query, ""]) for scheme, netloc in self.nodes]
        on_commit(lambda: self.send_to_each("PURGE", targets, host))

    def purge_all(self):
        targets = [urlunsplit([scheme, netloc, "/", "", ""]) for scheme, netloc in self.nodes]
        on_commit(lambda: self.send_to_each("BAN", targets, None))

    def send_to_each(self, method, targets, host):
        for target in targets:
            self.send(method, target, host)

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
