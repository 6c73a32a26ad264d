"""Serve anonymous visitors' Wagtail pages from the page cache."""

from django.conf import settings
from django.http import HttpResponse

from . import store

SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/search/", "/go/", "/healthz")
HIT_HEADER = "X-Page-Cache"


class PageCacheMiddleware:
    """Answers a cacheable GET from the cache, or stores the rendered page for the next visitor.

    Only pages that Wagtail served (marked by the `before_serve_page` hook), for visitors without
    a session, with a 200 response, no cookies set and no `Cache-Control: private` are stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.may_use_cache(request):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        cached = store.get(request.path, query)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if self.may_store(request, response):
            store.put(request.path, query, (response.content, response["Content-Type"]))
            response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def may_use_cache(request):
        return (
            settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(SKIP_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "preview" not in request.GET
        )

    @staticmethod
    def may_store(request, response):
        return (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "private" not in response.get("Cache-Control", "")
            and not getattr(request, "csrf_cookie_needs_reset", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
