"""Site-wide response headers that belong to no single area."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from wagtail import views as wagtail_views

from website.routing import route_request
from website.shared import cached_for, find_site


class PermissionsPolicyMiddleware:
    """Deny powerful browser features (camera, microphone, location) the site never needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PreviewFramingMiddleware:
    """Let the admin frame its own live previews (same origin only); every other response stays unframeable.

    Wagtail renders a preview through the whole middleware chain with a dummy request for the page's own URL
    (`request.is_preview`), so the public `frame-ancestors 'none'` would otherwise blank the editor's preview panel.
    Sits inside django-csp's and Django's clickjacking middleware, which keep what it sets.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_replace = {"frame-ancestors": ["'self'"]}
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in a URL is never valid here (PostgreSQL cannot even store one): answer 400, not a 500 later.

    Form posts are left to the forms, whose fields refuse NUL bytes with a message next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            return HttpResponseBadRequest(
                "Your request contained a character we cannot accept. Please go back and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(querydict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in querydict.lists())


class SharedReadsMiddleware:
    """Marks the request whose shared reads are cached (website/shared.py). Before Wagtail's page view runs, finds the
    site in the cache (`find_site`) and routes the path with `website.routing`; other views (health check,
    robots.txt) read nothing, but under LINKS_FROM_REQUEST_HOST (`make run`) the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with cached_for(request):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "is_dummy", False):
            return
        if view_func is wagtail_views.serve:
            find_site(request)
            route_request(request, view_kwargs.get("path", view_args[0] if view_args else ""))
        elif settings.LINKS_FROM_REQUEST_HOST:
            find_site(request)  # the sitemap's links on the request's host too (website.shared.on_request_host)
