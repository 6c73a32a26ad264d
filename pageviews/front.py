"""The page-view beacon answered in front of Django: a WSGI app that takes POST /go/view/ and hands every other
request to Django's handler untouched (website/wsgi.py: `application = BeaconFront(get_wsgi_application())`).

Django's handler costs a beacon more than everything the beacon does: the WSGIRequest, the request signals (which
close stale database connections; the beacon opens none) and the handler's exception and response plumbing
(docs/performance.md, "Page-view beacon"). The front skips that and nothing else: it builds a BeaconRequest from the
environ and runs exactly what BeaconMiddleware runs after Django's SecurityMiddleware:

- Django's own SecurityMiddleware instance (the HTTPS redirect behind SECURE_PROXY_SSL_HEADER, HSTS, nosniff,
  Referrer-Policy, Cross-Origin-Opener-Policy), on the same settings;
- what pageviews.views.answer_beacon runs: the Host against ALLOWED_HOSTS with Django's get_host, then
  refusal_or_count (POST only, the body limit, the fields, the same-site check, Sec-GPC/DNT and crawlers, the count
  joining the process's batch, pageviews/counting.py) and the view's own headers. A beacon that passes is answered
  with the 204 page_view makes, made once per process (and per HTTP/HTTPS: HSTS) and reused.

It answers only where the default cache is Redis (production). Elsewhere (`make run`, most tests) each view is a
database write, which needs Django's connection handling, so the front hands the beacon to Django. A Host that is
not allowed is handed to Django too, before anything is read or counted, so it gets Django's own 400 page and log.
An unexpected error is logged as Django logs one ("django.request", with its traceback) and answered 500, with the
beacon's headers rather than the site's error page (no one reads a beacon's answer).
"""

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseServerError
from django.http.request import HttpRequest
from django.middleware.security import SecurityMiddleware
from django.utils.functional import cached_property

from . import counting
from .middleware import BEACON_PATH
from .views import answer, page_view_answer, refusal_or_count

request_logger = logging.getLogger("django.request")


class EnvironHeaders:
    """`request.headers.get(name)` for the beacon's checks, read from the environ's HTTP_* keys without building
    Django's full header map (Content-Type and Content-Length, which are not HTTP_*, are not needed)."""

    def __init__(self, environ):
        self.environ = environ

    def get(self, name, default=None):
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"), default)


class BeaconRequest:
    """The part of an HttpRequest the beacon's checks and SecurityMiddleware read, from a WSGI environ. Host, port,
    scheme and path are Django's own methods, so ALLOWED_HOSTS, USE_X_FORWARDED_HOST/PORT and SECURE_PROXY_SSL_HEADER
    are applied exactly as for any other request."""

    get_host = HttpRequest.get_host
    _get_raw_host = HttpRequest._get_raw_host
    get_port = HttpRequest.get_port
    scheme = HttpRequest.scheme
    is_secure = HttpRequest.is_secure
    get_full_path = HttpRequest.get_full_path
    _get_full_path = HttpRequest._get_full_path

    def __init__(self, environ):
        self.environ = self.META = environ
        self.method = environ["REQUEST_METHOD"].upper()
        self.path_info = environ.get("PATH_INFO", "")
        self.path = environ.get("SCRIPT_NAME", "") + self.path_info
        self.headers = EnvironHeaders(environ)

    def _get_scheme(self):
        return self.environ.get("wsgi.url_scheme", "http")

    @cached_property
    def body(self):
        """At most CONTENT_LENGTH bytes (read_beacon refuses a beacon over its limit before reading it)."""
        length = self.environ.get("CONTENT_LENGTH") or "0"
        return self.environ["wsgi.input"].read(int(length)) if length.isdigit() else b""


class BeaconFront:
    """WSGI: POST /go/view/ answered here where the default cache is Redis; everything else goes to `django_app`."""

    def __init__(self, django_app):
        self.django_app = django_app
        self.security = SecurityMiddleware(django_app)  # only its process_request and process_response are used
        #: The answer to a beacon that passed its checks, as page_view and SecurityMiddleware make it, per
        #: request.is_secure() (HSTS goes on HTTPS answers only): made on first use, the same bytes every time after.
        self.no_content = {}

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != BEACON_PATH or not counting.uses_redis():
            return self.django_app(environ, start_response)
        request = BeaconRequest(environ)
        try:
            response = self.security.process_request(request)
            if response is None:
                request.get_host()
                response = refusal_or_count(request)
        except DisallowedHost:
            return self.django_app(environ, start_response)
        except Exception:
            request_logger.exception("Internal Server Error: %s", request.path)
            response = answer(HttpResponseServerError())
        if response is None:
            status, headers, content = self.answered_no_content(request)
        else:
            response = self.security.process_response(request, response)
            status, headers, content = self.parts(response)
        start_response(status, list(headers))
        return [content]

    def answered_no_content(self, request):
        secure = request.is_secure()
        if secure not in self.no_content:
            response = self.security.process_response(request, page_view_answer())
            self.no_content[secure] = self.parts(response)
        return self.no_content[secure]

    @staticmethod
    def parts(response):
        return f"{response.status_code} {response.reason_phrase}", tuple(response.items()), response.content
