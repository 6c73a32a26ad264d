"""Editors' report: searches that found nothing in the last 30 days, with how often they were made."""

import datetime

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from website.exports import FormulaEscapingExportMixin

from . import counts
from .models import ZERO_RESULT_RETENTION_DAYS, ZeroResultQuery
from .synonym_admin import SendToTopicColumn, answered_by_synonym, fixed_searches

REPORT_PERMISSION = "search.view_zeroresultquery"
LANGUAGE_NAMES = dict(settings.LANGUAGES)


class DayColumn(Column):
    """A day, not a moment: searches are counted per day, so "23 hours ago" for one made minutes ago would mislead."""

    def get_value(self, instance):
        day = super().get_value(instance)
        if day is None:
            return ""
        today = timezone.localdate()
        if day == today:
            return "Today"
        if day == today - datetime.timedelta(days=1):
            return "Yesterday"
        return date_format(day, "j F Y")


class LanguageColumn(Column):
    """The search page's language by name ("Spanish"), so editors know which pages to write or promote."""

    def get_value(self, instance):
        code = super().get_value(instance)
        return LANGUAGE_NAMES.get(code, code)


class ZeroResultQueriesReportView(FormulaEscapingExportMixin, ReportView):
    page_title = "Searches with no results"
    header_icon = "search"
    index_url_name = "search_zero_results"
    index_results_url_name = "search_zero_results_results"
    is_searchable = True
    search_fields = ["query_text"]
    search_backend_name = None
    default_ordering = "-searches"
    columns = [
        Column("query_text", label="Search text", sort_key="query_text"),
        LanguageColumn("language", label="Language", sort_key="language"),
        NumberColumn("searches", label="Searches", sort_key="searches"),
        DayColumn("last_searched", label="Last searched (day)", sort_key="last_searched"),
        SendToTopicColumn("fix", label="Fix"),
    ]
    export_headings = {
        "query_text": "Search text",
        "language": "Language",
        "searches": "Searches",
        "last_searched": "Last searched",
    }
    list_export = ["query_text", "language", "searches", "last_searched"]

    def get_page_subtitle(self):
        queries, _searches = fixed_searches(self.since())
        return f"Last {ZERO_RESULT_RETENTION_DAYS} days · {queries} fixed with a search synonym"

    @staticmethod
    def since():
        return timezone.localdate() - datetime.timedelta(days=ZERO_RESULT_RETENTION_DAYS)

    def get_base_queryset(self):
        # Searches sent to a topic (search synonyms) are fixed: they leave the report and count as fixed.
        return (
            ZeroResultQuery.objects.filter(day__gte=self.since())
            .exclude(answered_by_synonym())
            .values("query_text", "language")
            .annotate(searches=Sum("count"), last_searched=Max("day"))
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        counts.flush()  # the searches counted in Redis since the last flush
        return super().dispatch(request, *args, **kwargs)
