from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from appointments import feeds as appointment_feeds
from website import views as site_views
from website.sitemaps import TranslatedSitemap

handler400 = "website.views.bad_request"
handler403 = "website.views.permission_denied"
handler500 = "website.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("go/", include("cta.urls")),
    path("go/", include("pageviews.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("healthz", site_views.healthz, name="healthz"),
    # The read-only content API and code lookup for partners (api/routes.py); one address in every language.
    path("api/", include("api.urls")),
    # The open appointment times as a SMART Scheduling Links bulk publication (appointments/feeds.py).
    path("$bulk-publish", appointment_feeds.manifest, name="bulk_publish"),
    path("fhir/locations.ndjson", appointment_feeds.locations, name="fhir_locations"),
    path("fhir/schedules.ndjson", appointment_feeds.schedules, name="fhir_schedules"),
    path("fhir/slots.ndjson", appointment_feeds.slots, name="fhir_slots"),
]

urlpatterns += [
    re_path(r"^media/(?P<path>(?:images|original_images|avatar_images)/[^/]+)$", site_views.media, name="media"),
]

# English unprefixed (/search/, /topics/sciatica/), Spanish under /es/ (/es/search/, /es/temas/...).
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("feedback/", include("feedback.urls")),
    path("clinicians/", include("clinicians.urls")),
    path("subscribe/", include("blog.urls")),
    # A page's file that Wagtail's own pattern (segments ending in "/") cannot name: the Referrals page's
    # referral form, /referrals/form.pdf (clinic.referrals). Served by Wagtail like the page: its own route decides.
    re_path(r"^((?:[\w\-]+/)+form\.pdf)$", wagtail_views.serve, name="wagtail_serve_file"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
