"""Site-wide responses that belong to no single area: robots.txt and the server error page."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


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


def server_error(request):
    """A 500 page that needs no database: the phone number comes from settings, not the CMS."""
    html = loader.get_template("500.html").render({"clinic_phone": settings.CLINIC_PHONE})
    return HttpResponseServerError(html)
