from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from website.reports import PermissionMenuItem, report_urls

from .reports import REPORT_PERMISSION, PageFeedbackReportView, least_helpful_clinic_pages


@hooks.register("register_admin_urls")
def register_feedback_report_urls():
    return report_urls("reports/page-feedback", PageFeedbackReportView, "feedback_report")


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return PermissionMenuItem(
        "Page feedback",
        reverse("feedback_report"),
        name="page-feedback",
        icon_name="help",
        order=1320,
        permission=REPORT_PERMISSION,
    )


@hooks.register("register_permissions")
def register_feedback_report_permission():
    """Lets administrators give the report to other groups in Settings -> Groups."""
    return Permission.objects.filter(content_type__app_label="feedback", codename="view_feedback_report")


class LeastHelpfulPagesPanel(Component):
    name = "least_helpful_pages"
    template_name = "feedback/home/least_helpful_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pages"] = least_helpful_clinic_pages()
        context["report_url"] = reverse("feedback_report")
        return context


@hooks.register("construct_homepage_panels")
def add_least_helpful_pages_panel(request, panels):
    if request.user.has_perm(REPORT_PERMISSION):
        panels.append(LeastHelpfulPagesPanel())
