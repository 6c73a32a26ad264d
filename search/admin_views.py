"""Editors' report: searches that found nothing in the last 30 days, with how often they were made."""

import datetime

from django.db.models import Max, Sum
from django.utils import timezone
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView

from .models import ZERO_RESULT_RETENTION_DAYS, ZeroResultQuery

REPORT_PERMISSION = "search.view_zeroresultquery"


class ZeroResultQueriesReportView(ReportView):
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
        NumberColumn("searches", label="Searches", sort_key="searches"),
        DateColumn("last_searched", label="Last searched", sort_key="last_searched"),
    ]
    export_headings = {"query_text": "Search text", "searches": "Searches", "last_searched": "Last searched"}
    list_export = ["query_text", "searches", "last_searched"]

    def get_page_subtitle(self):
        return f"Last {ZERO_RESULT_RETENTION_DAYS} days"

    def get_base_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=ZERO_RESULT_RETENTION_DAYS)
        return (
            ZeroResultQuery.objects.filter(day__gte=since)
            .values("query_text")
            .annotate(searches=Sum("count"), last_searched=Max("day"))
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)
