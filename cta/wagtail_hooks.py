"""The clicks report in the admin's Reports menu."""

from django.urls import reverse
from wagtail import hooks

from website.reports import PermissionMenuItem, report_urls

from .reports import CallToActionClicksReportView


@hooks.register("register_admin_urls")
def register_clicks_report_urls():
    return report_urls("reports/cta-clicks", CallToActionClicksReportView, "editorial_cta_clicks_report")


@hooks.register("register_reports_menu_item")
def register_clicks_menu_item():
    return PermissionMenuItem(
        "Call to action clicks",
        reverse("editorial_cta_clicks_report"),
        icon_name="link",
        order=60,
        permission="editorial.view_cta_click_report",
    )
