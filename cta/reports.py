"""Admin report: clicks per call to action in the last 30 days."""

import datetime

import django_filters
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, NumberColumn, TitleColumn

from website.reports import PermissionReportView

from .models import CallToAction

CLICK_WINDOW_DAYS = 30


class CallToActionClicksFilterSet(WagtailFilterSet):
    live = django_filters.BooleanFilter(label="Published")

    class Meta:
        model = CallToAction
        fields = ["live"]


class CallToActionClicksReportView(PermissionReportView):
    page_title = f"Call to action clicks (last {CLICK_WINDOW_DAYS} days)"
    header_icon = "link"
    index_url_name = "editorial_cta_clicks_report"
    index_results_url_name = "editorial_cta_clicks_report_results"
    required_permission = "editorial.view_cta_click_report"
    filterset_class = CallToActionClicksFilterSet
    model = CallToAction
    no_results_message = "There are no calls to action yet."
    list_export = ["name", "clicks_in_window", "live", "href"]
    export_headings = {
        "name": "Call to action",
        "clicks_in_window": f"Clicks (last {CLICK_WINDOW_DAYS} days)",
        "live": "Published",
        "href": "Links to",
    }
    columns = [
        TitleColumn("name", label="Call to action", url_name="wagtailsnippets_cta_calltoaction:edit"),
        NumberColumn("clicks_in_window", label=f"Clicks (last {CLICK_WINDOW_DAYS} days)"),
        BooleanColumn("live", label="Published"),
        Column("href", label="Links to"),
    ]

    def get_filename(self):
        return f"call-to-action-clicks-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=CLICK_WINDOW_DAYS - 1)
        return (
            CallToAction.objects.select_related("link_page")
            .annotate(clicks_in_window=Coalesce(Sum("clicks__count", filter=Q(clicks__day__gte=since)), 0))
            .order_by("-clicks_in_window", "name")
        )
