"""Site-wide responses that belong to no single area: robots.txt, /favicon.ico, the health probe, the error pages."""

import logging
import mimetypes
import sys
import time
from functools import cache
from pathlib import Path

import redis
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import InterfaceError, OperationalError, connection
from django.http import FileResponse, Http404, HttpResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as static_serve
from redis.backoff import NoBackoff
from redis.retry import Retry

from website.media import MediaStorageUnavailable

logger = logging.getLogger(__name__)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


FAVICON = Path(__file__).resolve().parent / "static" / "img" / "favicon.ico"


@cache
def favicon_bytes():
    return FAVICON.read_bytes()


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """The icon browsers and feed readers ask for at the root, whatever the page's <link rel=icon> says."""
    return HttpResponse(favicon_bytes(), content_type="image/vnd.microsoft.icon")


HEALTH_REDIS_TIMEOUT_SECONDS = 0.05
REDIS_RECHECK_SECONDS = 5
#: Redis location -> monotonic time until which the health view reports it down without asking again.
_redis_down_until = {}


@cache
def health_redis_client(location):
    """A Redis client of its own, short timeout, no retries: a hung Redis costs the probe 50 ms, not the cache's 250."""
    return redis.Redis.from_url(
        location,
        socket_timeout=HEALTH_REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=HEALTH_REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


def redis_reachable():
    """Whether every Redis the caches use answers PING (True when no cache is on Redis, as in `make run`)."""
    locations = {
        str(alias["LOCATION"])
        for alias in settings.CACHES.values()
        if "redis" in alias["BACKEND"].lower() and alias.get("LOCATION")
    }
    reachable = True
    for location in sorted(locations):
        if time.monotonic() < _redis_down_until.get(location, 0):
            reachable = False
            continue
        try:
            health_redis_client(location).ping()
        except (redis.RedisError, OSError):
            _redis_down_until[location] = time.monotonic() + REDIS_RECHECK_SECONDS
            reachable = False
    return reachable


@never_cache
def healthz(request):
    """The health probe Varnish (deploy/varnish/clinic.vcl) asks every second on each app node.

    200 "ok": the database answers. 200 "degraded": Redis does not (pages are served uncached, rate limits
    open), so the node still serves. 503: the database does not, so the node can serve nothing a cache does not
    hold. Exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT), as the probe speaks plain HTTP.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        logger.error("Health check: database unavailable")
        return HttpResponse("unavailable: database\n", content_type="text/plain", status=503)
    if not redis_reachable():
        return HttpResponse("degraded: redis unavailable\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@cache_control(max_age=86400, public=True)
def media(request, path):
    """Uploaded images and editors' avatars under MEDIA_URL when SERVE_MEDIA is on (`make serve` has no front server).

    Only the image folders: documents go through Wagtail's /documents/ view, which checks collection
    privacy. From MEDIA_ROOT, or from the shared bucket (website/storage.py) so that every app node serves the
    same URL; Django's `serve` refuses paths that leave MEDIA_ROOT and never lists a folder.
    """
    if not (settings.SERVE_MEDIA or settings.DEBUG):
        raise Http404
    if isinstance(storages["default"], FileSystemStorage):
        return static_serve(request, path, document_root=settings.MEDIA_ROOT)
    try:
        file = default_storage.open(path)
    except (FileNotFoundError, SuspiciousOperation) as error:
        raise Http404 from error
    response = FileResponse(file, content_type=mimetypes.guess_type(path)[0] or "application/octet-stream")
    response["Content-Length"] = file.size
    return response


def error_page(request, template_name, status):
    """An error page that needs no database: the phone number comes from settings, not the CMS.

    In the language of the URL (/es/... Spanish), even when the error came before LocaleMiddleware set it.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    home_url = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    context = {"clinic_phone": settings.CLINIC_PHONE, "home_url": home_url}
    with translation.override(language):
        response = HttpResponse(loader.get_template(template_name).render(context), status=status)
    response["Content-Language"] = language
    return response


def bad_request(request, exception=None):
    """400: a bad Host header, an oversized body, too many form fields."""
    return error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return error_page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually a form left open too long or cookies blocked, so say how to send it again."""
    return error_page(request, "403_csrf.html", 403)


def server_error(request):
    """When the database cannot be reached the patient gets a 503 ("try again shortly") rather than a 500.

    So does anyone when the media bucket does not answer; an editor uploading a file is told it was not saved.
    """
    error = sys.exc_info()[1]
    if isinstance(error, MediaStorageUnavailable):
        logger.error("Media storage unavailable while serving a request")
        if request.path.startswith("/admin/"):
            response = HttpResponse(loader.render_to_string("503_media_storage.html"), status=503)
        else:
            response = error_page(request, "503.html", 503)
        response["Retry-After"] = "60"
        return response
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.error("Database unavailable while serving a request")
        response = error_page(request, "503.html", 503)
        response["Retry-After"] = "60"
        return response
    return error_page(request, "500.html", 500)
