from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from clinic.models import ClinicInfoPage
from website.reports import PermissionMenuItem, report_urls

from .reports import ReviewDueReportView, TranslationsOutOfDateReportView, due_soon_days, review_counts
from .setup import ensure_editorial_setup


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        *report_urls("reports/topics-due-for-review", ReviewDueReportView, "editorial_review_report"),
        *report_urls(
            "reports/translations-out-of-date", TranslationsOutOfDateReportView, "editorial_translations_report"
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translations_report_menu_item():
    return PermissionMenuItem(
        "Translations out of date",
        reverse("editorial_translations_report"),
        icon_name="globe",
        order=60,
        permission="editorial.view_review_report",
    )


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return PermissionMenuItem(
        "Topics due for review",
        reverse("editorial_review_report"),
        icon_name="time",
        order=50,
        permission="editorial.view_review_report",
    )


class ReviewDuePanel(Component):
    name = "topics_due_for_review"
    template_name = "editorial/home/review_due_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(review_counts())
        context["due_soon_days"] = due_soon_days()
        context["report_url"] = reverse("editorial_review_report")
        return context


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if request.user.has_perm("editorial.view_review_report"):
        panels.append(ReviewDuePanel())


@hooks.register("after_create_page")
def review_new_clinic_pages(request, page):
    """A new clinic page gets the editors' permissions and the Clinical review workflow at once."""
    if issubclass(page.specific_class, ClinicInfoPage):
        ensure_editorial_setup()
