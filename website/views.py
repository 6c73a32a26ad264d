"""Site-wide responses that belong to no single area: robots.txt, /favicon.ico and the server error page."""

import logging
import sys
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

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


def server_error(request):
    """Error pages that need no database: the phone number comes from settings, not the CMS.

    When the database cannot be reached the patient gets a 503 ("try again shortly") rather than a 500.
    """
    context = {"clinic_phone": settings.CLINIC_PHONE}
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logger.error("Database unavailable while serving a request")
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(context))
