"""A Wagtail frontend-cache backend that purges this site's own page cache."""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from . import store


class PageCacheBackend(BaseBackend):
    def purge(self, url):
        store.purge(urlsplit(url).path or "/")

    def purge_batch(self, urls):
        for url in urls:
            self.purge(url)
