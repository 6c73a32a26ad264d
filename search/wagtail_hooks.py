from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .admin_views import REPORT_PERMISSION, ZeroResultQueriesReportView
from .synonym_admin import SearchSynonymViewSet, send_to_topic

register_snippet(SearchSynonymViewSet)


@hooks.register("register_admin_urls")
def register_zero_result_report_urls():
    return [
        path("reports/zero-result-searches/", ZeroResultQueriesReportView.as_view(), name="search_zero_results"),
        path(
            "reports/zero-result-searches/results/",
            ZeroResultQueriesReportView.as_view(results_only=True),
            name="search_zero_results_results",
        ),
        path("reports/zero-result-searches/send/", send_to_topic, name="search_send_to_topic"),
    ]


class ZeroResultReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_zero_result_report_menu_item():
    return ZeroResultReportMenuItem(
        "Searches with no results",
        reverse("search_zero_results"),
        name="zero-result-searches",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_permissions")
def register_zero_result_report_permission():
    """Lets administrators give editors the report in Settings -> Groups."""
    return Permission.objects.filter(content_type__app_label="search", codename="view_zeroresultquery")
