"""Serve anonymous visitors' Wagtail pages from the page cache."""

from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail.models import get_page_models

from . import store

SKIP_PREFIXES = (
    *("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/search/", "/go/", "/healthz", "/api/"),
    "/es/search/",
)
HIT_HEADER = "X-Page-Cache"
#: Headers a stored response keeps besides its type: a page's file (the referral form) is a named download.
KEPT_HEADERS = ("Content-Disposition",)
#: Longer query strings never touch the cache (rendered every time), nor do longer values of a used parameter.
MAX_QUERY_STRING = 2000
MAX_PARAMETER_VALUE = 100


@cache
def used_query_parameters():
    """Every query parameter some page type reads (`page_cache_query_params` on the page class)."""
    return frozenset(name for model in get_page_models() for name in getattr(model, "page_cache_query_params", ()))


def cache_query(request):
    """The part of the query string that selects a cached entry, or None when the request must not use the cache.

    Only parameters some page reads count, sorted, with the value the page sees (the last one); any other
    parameter (`?utm_source=`, `?x=<random>`) is answered from the same entry as the bare URL, because no
    page's content depends on it, so random parameters can neither miss the cache nor fill it.
    """
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return None
    pairs = sorted((name, request.GET[name]) for name in used_query_parameters() & set(request.GET))
    if any(len(value) > MAX_PARAMETER_VALUE for _name, value in pairs):
        return None
    return "&".join(f"{name}={value}" for name, value in pairs)


class PageCacheMiddleware:
    """Answers a cacheable GET from the cache, or stores the rendered page for the next visitor.

    Only pages that Wagtail served (marked by the `before_serve_page` hook), for visitors without
    a session, with a 200 response, no cookies set and no `Cache-Control: private` (Wagtail adds it
    to every page under a view restriction) are stored. Entries are per host (`request.get_host()`,
    already checked against ALLOWED_HOSTS) and scheme, so no Host header can poison another host's page.

    A page whose content depends on the request's experiment variant (it sets `request.page_cache_variant`,
    experiments/variants.py) is stored once per variant, with a BY_VARIANT marker under its plain key, and answered
    with `Vary: <PAGE_VARIANT_HEADER>` so Varnish keeps one object per variant too; every other page stays one entry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = cache_query(request) if self.may_use_cache(request) else None
        if query is None:
            return self.get_response(request)
        if not settings.PAGE_CACHE_ENABLED:
            return self.mark_shareable(request, self.get_response(request))
        host = f"{request.scheme}://{request.get_host()}"
        generations, cached = store.get(host, request.path, query)
        if cached == store.BY_VARIANT:
            request.page_cache_variant = request.META.get(settings.PAGE_VARIANT_META, "")
            cached = store.get_stored(
                generations, host, request.path, store.variant_query(query, request.page_cache_variant)
            )
        if cached is not None:
            content, content_type, *headers = cached
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers[0] if headers else ():
                response[name] = value
            response[HIT_HEADER] = "hit"
            return self.mark_shareable(request, response, stored=True)
        response = self.get_response(request)
        if self.may_store(request, response):
            kept = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
            payload = (response.content, response["Content-Type"], kept)
            variant = getattr(request, "page_cache_variant", None)
            if variant:
                generations = store.put(generations, host, request.path, query, store.BY_VARIANT)
                if generations is not None:
                    store.put(generations, host, request.path, store.variant_query(query, variant), payload)
            else:
                store.put(generations, host, request.path, query, payload)
            response[HIT_HEADER] = "miss"
            self.mark_shareable(request, response, stored=True)
        return response

    def mark_shareable(self, request, response, stored=False):
        """Let a shared cache in front (Varnish, a CDN) keep exactly what the page cache may keep.

        `s-maxage=FRONT_CACHE_SECONDS` for shared caches, `max-age=0` so browsers ask again (a purge reaches
        the front cache, never a browser). deploy/varnish/clinic.vcl stores nothing without it."""
        shareable = stored or self.may_store(request, response)
        if getattr(request, "page_cache_variant", None):
            patch_vary_headers(response, [settings.PAGE_VARIANT_HEADER])
        if settings.FRONT_CACHE_SECONDS and shareable and "Cache-Control" not in response:
            response["Cache-Control"] = f"max-age=0, s-maxage={settings.FRONT_CACHE_SECONDS}"
        return response

    @staticmethod
    def may_use_cache(request):
        return (
            (settings.PAGE_CACHE_ENABLED or settings.FRONT_CACHE_SECONDS)
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(SKIP_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "preview" not in request.GET
        )

    @staticmethod
    def may_store(request, response):
        """Also refused: a request using a parameter this page does not read (`/topics/x/?group=y`)."""
        page_parameters = set(getattr(request, "page_cache_query_params", ()))
        return (
            getattr(request, "page_cacheable", False)
            and not (used_query_parameters() & set(request.GET)) - page_parameters
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "private" not in response.get("Cache-Control", "")
            and not getattr(request, "csrf_cookie_needs_reset", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
