"""The page-view beacon: POST /go/view/ with `page` (a page id) and `language`, sent by the site's script, and `q`
when the patient came from the site's own search results (the query they searched for, percent-encoded UTF-8).

Why it is `csrf_exempt`, and why that is safe: it is posted from pages every anonymous visitor gets from the
page cache or Varnish, which carry no per-visitor token; it reads no cookie, sets none and only adds one anonymous
count. Another site cannot make visitors' browsers count views (`Sec-Fetch-Site`, else `Origin`, must say this
site, as for "Did this page help?"), and one client counts at most PAGE_VIEW_RATE_LIMIT views a
PAGE_VIEW_RATE_WINDOW (an HMAC of its address in Redis, never the address; checked in the same round trip as the
count, pageviews/counting.py).

Not counted, and answered 204 like a counted view: a browser sending `Sec-GPC: 1` or `DNT: 1`, a known crawler
(by its User-Agent, which is read and never stored), a client past its limit. Bad input gets 400 with a message.
The view does no database query: the page id is checked when the counts are written (counting.flush).

Its checks read only `method`, `META`, `headers.get`, `body`, `scheme` and `get_host()` of the request, so they run
as they are on Django's HttpRequest (BeaconMiddleware) and on the WSGI front's BeaconRequest (pageviews/front.py).

The search `q` goes through the search log's own cleaning (search.text.typed_query, search.counts.logged_query):
a query in which it finds a phone number or an email address is not counted at all (the view still is), and an
empty one is ignored. A `q` that is not UTF-8 gets 400 like any malformed beacon.
"""

import re
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from search.counts import logged_query, looks_personal
from search.text import MAX_QUERY_LENGTH, typed_query
from website.ratelimit import RateLimit
from website.sameorigin import posted_from_this_site

from . import counting

#: What the beacon sends (x-www-form-urlencoded or text/plain, as fetch and sendBeacon do): nothing else.
#: Room for a search of about 100 characters however it is encoded; site.js sends no longer `q`.
MAX_BODY_BYTES = 800
PAGE_ID = re.compile(r"[1-9][0-9]{0,9}")
MAX_PAGE_ID = 2**31 - 1
FIELDS = {"page", "language"}
#: Sent only with some views: the search that led to the page (q), and on a page under an experiment (experiments/)
#: which order this view showed (variant, "a" or "b").
OPTIONAL_FIELDS = {"q", "variant"}
VARIANTS = ("a", "b")
#: Crawlers that run scripts (most do not, and are never counted anyway); matched, never stored.
CRAWLERS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|mediapartners|facebookexternalhit|bingpreview|lighthouse|pagespeed|preview",
    re.IGNORECASE,
)


def client_key(request):
    """An HMAC of the client's address (its /64 for IPv6) with SECRET_KEY, as every rate limit keys it."""
    return RateLimit("page-view", "pageviews.ratelimit", 0, 0, 64).key(request)


class BadBeacon(ValueError):
    pass


def read_beacon(request):
    """(page id, language, search, variant) from the body (search "" when none was sent or it is not counted, variant
    None when none was sent), or BadBeacon with what is wrong."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise BadBeacon(f"A page view is at most {MAX_BODY_BYTES} bytes.")
    try:
        body = request.body.decode("ascii")
    except UnicodeDecodeError:
        raise BadBeacon("A page view is plain ASCII: page=<id>&language=<code>.") from None
    pairs = [pair.partition("=") for pair in body.split("&") if pair]
    names = [name for name, _sep, _value in pairs]
    if not FIELDS <= set(names) <= FIELDS | OPTIONAL_FIELDS or len(names) != len(set(names)):
        raise BadBeacon("Send page=<id>&language=<code> (and q=<search>, variant=a or b), each once and nothing else.")
    values = {name: value for name, _sep, value in pairs}
    if not PAGE_ID.fullmatch(values["page"]) or int(values["page"]) > MAX_PAGE_ID:
        raise BadBeacon("page must be a page id (a whole number).")
    if values["language"] not in dict(settings.LANGUAGES):
        raise BadBeacon(f"language must be one of {', '.join(dict(settings.LANGUAGES))}.")
    if "variant" in values and values["variant"] not in VARIANTS:
        raise BadBeacon("variant must be a or b.")
    return int(values["page"]), values["language"], read_search(values.get("q", "")), values.get("variant")


def read_search(value):
    """The search as the search log would keep it, or "" when it is empty or looks like personal data."""
    if not value:
        return ""
    try:
        typed = typed_query(unquote_plus(value, errors="strict"))[:MAX_QUERY_LENGTH]
    except UnicodeDecodeError:
        raise BadBeacon("q must be percent-encoded UTF-8.") from None
    logged = logged_query(typed)
    return "" if looks_personal(logged) else logged


def declines_counting(request):
    """The browser asks not to be tracked (Global Privacy Control, Do Not Track): then nothing is counted."""
    return request.headers.get("Sec-GPC", "").strip() == "1" or request.headers.get("DNT", "").strip() == "1"


def is_crawler(request):
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(CRAWLERS.search(agent))


#: The beacon is answered before the CSP, framing and Permissions-Policy middleware (pageviews/middleware.py), so
#: its answers carry their own: nothing in them may run, load or be framed.
BEACON_CSP = "default-src 'none'; frame-ancestors 'none'"


def answer(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Security-Policy"] = BEACON_CSP
    response["X-Frame-Options"] = "DENY"
    response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    return response


def answer_beacon(request):
    """The beacon as BeaconMiddleware answers it: first the Host, checked against ALLOWED_HOSTS as Django checks it
    for every other path (DisallowedHost: Django's 400, nothing counted), then page_view."""
    request.get_host()
    return page_view(request)


@csrf_exempt
def page_view(request):
    """Count one view (204 No Content); 400 for a malformed beacon, 403 from another site, 405 for another method."""
    return refusal_or_count(request) or page_view_answer()


def page_view_answer():
    """The answer to a beacon that passed its checks, counted or not: nothing tells a browser which."""
    return answer(HttpResponse(status=204))


def refusal_or_count(request):
    """The beacon's checks and its count: the answer that refuses it, or None when it is answered 204 (counted or,
    for Sec-GPC/DNT, a crawler or a client past its limit, not). The WSGI front (pageviews/front.py) answers that
    None with the 204 this view builds, made once per process."""
    if request.method != "POST":
        return answer(HttpResponseNotAllowed(["POST"]))
    try:
        page_id, language, search, variant = read_beacon(request)
    except BadBeacon as error:
        return answer(HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8"))
    if not posted_from_this_site(request):
        message = "Page views are counted from this site's pages only."
        return answer(HttpResponseForbidden(message, content_type="text/plain; charset=utf-8"))
    if not declines_counting(request) and not is_crawler(request):
        limit, window = settings.PAGE_VIEW_RATE_LIMIT, settings.PAGE_VIEW_RATE_WINDOW
        counting.count_view(page_id, language, client_key(request), limit, window, search=search, variant=variant)
    return None
