"""Site-wide responses that belong to no single area: robots.txt, /favicon.ico and the error pages."""

import logging
import mimetypes
import sys
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as static_serve

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


def healthz(request):
    """Liveness probe and the "minimal Django view" reference in `make bench`: no database, no templates."""
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
