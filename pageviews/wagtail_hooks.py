"""The page performance report in the admin's Reports menu, and its permission for Settings -> Groups."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from website.reports import PermissionMenuItem, report_urls

from .reports import REPORT_PERMISSION, PagePerformanceReportView


@hooks.register("register_admin_urls")
def register_page_performance_report_urls():
    return report_urls("reports/page-performance", PagePerformanceReportView, "page_performance_report")


@hooks.register("insert_global_admin_css")
def page_performance_report_css():
    return format_html('<link rel="stylesheet" href="{}">', static("pageviews/report.css"))


@hooks.register("register_reports_menu_item")
def register_page_performance_menu_item():
    return PermissionMenuItem(
        "Page performance",
        reverse("page_performance_report"),
        name="page-performance",
        icon_name="table",
        order=1310,
        permission=REPORT_PERMISSION,
    )


@hooks.register("register_permissions")
def register_page_performance_permission():
    return Permission.objects.filter(content_type__app_label="pageviews", codename="view_page_performance_report")
