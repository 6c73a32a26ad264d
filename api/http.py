"""What every /api/ answer carries besides its body: CORS for reading from any origin, caching headers a shared
cache (Varnish, a CDN) and partners' HTTP clients can use, and a per-client rate limit.

- `Cache-Control: max-age=0, s-maxage=FRONT_CACHE_SECONDS` on a 200 (the pages' rule): Varnish keeps the answer until
  a publish purges it (`api.signals`), clients revalidate. A strong `ETag` (a hash of the body) and `Last-Modified`
  (the newest publication among the pages answered, when the view names one) make a revalidation a 304.
- `Access-Control-Allow-Origin: *` on every answer, and a preflight (OPTIONS) answered here, so a browser app on
  another site may read the API (no cookies are read or set: it is public content).
- HEAD is answered as the GET it asks about, without the body.
- At most `API_RATE_LIMIT` requests per client a minute reach the app (answers Varnish gives from its cache are not
  counted); past it a 429 with `Retry-After`, never stored by any cache.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from wagtail.api.v3.errors import problem_response

from website.ratelimit import RateLimit

PREFIX = "/api/"
RATE_WINDOW_SECONDS = 60
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def has_nul(querydict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in querydict.lists())


def rate_limit():
    limit = int(getattr(settings, "API_RATE_LIMIT", 120))
    return RateLimit("api", "api.http.rate", limit, RATE_WINDOW_SECONDS, ipv6_prefix=64)


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for name, value in PREFLIGHT_HEADERS.items():
                response[name] = value
        elif "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", "") or has_nul(request.GET):
            response = problem_response(status=400, detail="The request contains a NUL character.")
            response["Cache-Control"] = "no-store"
        elif not rate_limit().hit(request):
            response = problem_response(status=429, detail="Too many requests from this client: try again in a minute.")
            response["Retry-After"] = str(RATE_WINDOW_SECONDS)
            response["Cache-Control"] = "no-store"
        else:
            head = request.method == "HEAD"
            if head:  # answered as the GET it asks about, without the body (django-ninja routes GET only)
                request.method = "GET"
            response = self.cacheable(request, self.get_response(request))
            if head and not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    @staticmethod
    def cacheable(request, response):
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            if "Cache-Control" not in response:
                response["Cache-Control"] = "no-store" if response.status_code == 429 else "max-age=0, no-cache"
            return response
        if "Cache-Control" not in response:
            seconds = settings.FRONT_CACHE_SECONDS
            response["Cache-Control"] = f"max-age=0, s-maxage={seconds}" if seconds else "max-age=0, no-cache"
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        last_modified = getattr(request, "api_last_modified", None)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        conditional = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified.timestamp()) if last_modified is not None else None,
            response=response,
        )
        return conditional or response
