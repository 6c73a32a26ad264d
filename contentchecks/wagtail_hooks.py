from django.urls import reverse
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from website.reports import PermissionMenuItem, report_urls

from .models import PlainWord
from .reports import ContentChecksReportView
from .userbar import use_clinic_checker


class PlainWordViewSet(SnippetViewSet):
    """Snippets -> Plain words: the words the content checks suggest instead of jargon."""

    model = PlainWord
    icon = "openquote"
    menu_label = "Plain words"
    list_display = ["term", "plain_alternative", "language"]
    list_filter = ["language"]
    search_fields = ["term", "plain_alternative"]


register_snippet(PlainWordViewSet)

hooks.register("construct_wagtail_userbar", use_clinic_checker)


@hooks.register("register_admin_urls")
def register_content_checks_report_urls():
    return report_urls("reports/content-checks", ContentChecksReportView, "contentchecks_report")


@hooks.register("register_reports_menu_item")
def register_content_checks_report_menu_item():
    return PermissionMenuItem(
        "Content checks",
        reverse("contentchecks_report"),
        icon_name="glasses",
        order=55,
        permission="editorial.view_review_report",
    )


@hooks.register("register_log_actions")
def register_confirmation_log_action(actions):
    @actions.register_action("contentchecks.warnings_confirmed")
    class WarningsConfirmed(LogFormatter):
        label = "Approve with content-check warnings"

        def format_message(self, log_entry):
            count = log_entry.data.get("warnings", 0)
            return (
                f"Approved with {count} content-check warning{'s' if count != 1 else ''} confirmed "
                f"(revision {log_entry.data.get('revision_id')})"
            )
