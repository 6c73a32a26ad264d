"""The clicks report in the admin's Reports menu."""

from django.urls import path, reverse
from wagtail import hooks

from website.reports import PermissionMenuItem

from .reports import CallToActionClicksReportView


@hooks.register("register_admin_urls")
def register_clicks_report_urls():
    return [
        path("reports/cta-clicks/", CallToActionClicksReportView.as_view(), name="editorial_cta_clicks_report"),
        path(
            "reports/cta-clicks/results/",
            CallToActionClicksReportView.as_view(results_only=True),
            name="editorial_cta_clicks_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_clicks_menu_item():
    return PermissionMenuItem(
        "Call to action clicks",
        reverse("editorial_cta_clicks_report"),
        icon_name="link",
        order=60,
        permission="editorial.view_cta_click_report",
    )
