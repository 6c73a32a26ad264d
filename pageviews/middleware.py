"""The page-view beacon answered straight after Django's SecurityMiddleware, past the rest of the chain.

A beacon is a POST that reads no session, cookie, user, language, message or cached page, sets none, is never
redirected and renders nothing: the sessions, locale, CSRF (the view is exempt), authentication, messages, page
cache, shared reads, redirects and lockout middleware, and URL resolving, did nothing for it but cost about half of
its CPU time (docs/performance.md, "Page-view beacon"). What protects it stays: SecurityMiddleware (HTTPS redirect,
HSTS, nosniff, Referrer-Policy) runs first, and the view keeps its own checks (size, fields, same site, the
per-client rate limit); the framing and feature headers the skipped middleware would add are set by the view.

In production (the default cache is Redis) the WSGI front (pageviews/front.py) answers the beacon before Django
with the same view; this middleware answers it where the front hands it on (`make run`, the test client).
"""

from .views import answer_beacon

#: The beacon's address (`reverse("page_view_beacon")`; tests/test_pageviews.py checks that they agree).
BEACON_PATH = "/go/view/"


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == BEACON_PATH:
            return answer_beacon(request)
        return self.get_response(request)
