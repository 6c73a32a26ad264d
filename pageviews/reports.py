"""The page performance report: per page over a period, views, call-to-action clicks (per call to action and per
block position), contact requests started from the page, the "Did this page help you?" yes-rate, the searches
that led there, and a chart.

Every figure is summed in the database: one query for the listed pages with their totals, and five for the page
of results shown (clicks by call to action and position, the top searches, views, clicks and contact requests per
day), however many pages and days there are.
"""

import datetime

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Subquery, Sum, Window
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber, TruncDate
from django.utils import timezone
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.models import Page, get_page_models

from contact.models import ContactRequest
from cta.models import CallToActionClick
from feedback.models import PageFeedbackDay
from feedback.reports import PERIOD_CHOICES, PageFeedbackFilterSet, library_pages, period_start
from topics.models import TopicPage
from website.reports import PermissionReportView

from .charts import daily_chart
from .comparison import WINDOW_DAYS, describe
from .models import PageLayoutChange, PageSearchDay, PageViewDay

REPORT_PERMISSION = "pageviews.view_page_performance_report"
DEFAULT_PERIOD_DAYS = 30
#: Longest range a report covers (days): a chart of more points than this is no longer readable.
MAX_RANGE_DAYS = 366
#: How many of the searches that led to a page its row lists (the most frequent over the report's days).
TOP_SEARCHES = 5


def counted_page_types():
    return ContentType.objects.get_for_models(
        *(model for model in get_page_models() if getattr(model, "counts_views", False))
    ).values()


def _total(model, field, page_field="page", **filters):
    rows = (
        model.objects.filter(**{page_field: OuterRef("pk")}, **filters)
        .order_by()
        .values(page_field)
        .annotate(total=Sum(field) if field else Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _percent(part, whole):
    return Cast(part, FloatField()) * 100 / NullIf(whole, 0)


def page_performance(since, until, source=None):
    """Live pages that count views, with their figures from `since` to `until` (dates, both included)."""
    days = {"day__gte": since, "day__lte": until}
    pages = Page.objects.live().filter(content_type__in=counted_page_types())
    if source == TopicPage.SOURCE_MEDLINEPLUS:
        pages = pages.filter(pk__in=library_pages())
    elif source == TopicPage.SOURCE_CLINIC:
        pages = pages.exclude(pk__in=library_pages())
    created = {"created_at__date__gte": since, "created_at__date__lte": until}
    return (
        pages.select_related("locale")
        .annotate(
            views=_total(PageViewDay, "count", **days),
            cta_clicks=_total(CallToActionClick, "count", **days),
            contact_requests=_total(ContactRequest, None, page_field="started_from", **created),
            yes_answers=_total(PageFeedbackDay, "yes", **days),
            no_answers=_total(PageFeedbackDay, "no", **days),
        )
        .annotate(
            click_rate=_percent("cta_clicks", F("views")),
            contact_rate=_percent("contact_requests", F("views")),
            helpful=_percent("yes_answers", F("yes_answers") + F("no_answers")),
        )
    )


def day_range(first, last):
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def per_day(rows, page_field="page_id"):
    """{page id: {day: total}} from rows of (page id, day, total)."""
    found = {}
    for row in rows:
        found.setdefault(row[page_field], {})[row["day"]] = row["total"]
    return found


def top_searches(ids, since, until, top=TOP_SEARCHES):
    """{page id: [(query, times)]}: the `top` searches that led to each page from `since` to `until`, most frequent
    first, in one query (ranked per page in the database)."""
    rows = (
        PageSearchDay.objects.filter(page_id__in=ids, day__gte=since, day__lte=until)
        .values("page_id", "query")
        .annotate(total=Sum("count"))
        .annotate(rank=Window(RowNumber(), partition_by=[F("page_id")], order_by=[F("total").desc(), F("query").asc()]))
        .filter(rank__lte=top)
        .order_by("page_id", "rank")
    )
    found = {}
    for row in rows:
        found.setdefault(row["page_id"], []).append((row["query"], row["total"]))
    return found


def percent_text(value):
    return "" if value is None else f"{value:.1f}%"


class PagePerformanceFilterSet(PageFeedbackFilterSet):
    since = django_filters.DateFilter(label="From (overrides the period)", method="filter_period")
    until = django_filters.DateFilter(label="To", method="filter_period")

    class Meta(PageFeedbackFilterSet.Meta):
        fields = ["period", "since", "until", "locale", "group", "source"]


class ChartColumn(Column):
    cell_template_name = "pageviews/reports/chart_cell.html"


class BreakdownColumn(Column):
    cell_template_name = "pageviews/reports/breakdown_cell.html"


class PagePerformanceReportView(PermissionReportView):
    page_title = "Page performance"
    header_icon = "table"
    index_url_name = "page_performance_report"
    index_results_url_name = "page_performance_report_results"
    required_permission = REPORT_PERMISSION
    filterset_class = PagePerformanceFilterSet
    model = Page
    default_ordering = "-views"
    no_results_message = "No page counts views yet."
    columns = [
        TitleColumn(
            "title",
            label="Page",
            url_name="wagtailadmin_pages:edit",
            sort_key="title",
            classname="page-performance-title",
        ),
        Column("language", label="Language"),
        NumberColumn("views", label="Views", sort_key="views"),
        NumberColumn("cta_clicks", label="CTA clicks", sort_key="cta_clicks"),
        Column("click_rate_text", label="Click rate", sort_key="click_rate"),
        BreakdownColumn("clicks_by_position", label="Clicks by block position"),
        BreakdownColumn("clicks_by_cta", label="Clicks by call to action"),
        NumberColumn("contact_requests", label="Contact requests", sort_key="contact_requests"),
        Column("contact_rate_text", label="Requests per view", sort_key="contact_rate"),
        Column("helpful_text", label="Found it helpful", sort_key="helpful"),
        BreakdownColumn("searches", label="Searches that led here"),
        ChartColumn("chart", label="Views (teal), CTA clicks (orange), requests (red) per day; layout changes dashed"),
        Column("last_change_text", label="Since the last layout change"),
    ]
    list_export = [
        "title",
        "language",
        "views",
        "cta_clicks",
        "click_rate_text",
        "clicks_by_position_text",
        "clicks_by_cta_text",
        "contact_requests",
        "contact_rate_text",
        "yes_answers",
        "no_answers",
        "helpful_text",
        "searches_text",
        "last_change_text",
        "public_url",
    ]
    export_headings = {
        "title": "Page",
        "language": "Language",
        "views": "Views",
        "cta_clicks": "CTA clicks",
        "click_rate_text": "Click rate",
        "clicks_by_position_text": "Clicks by block position",
        "clicks_by_cta_text": "Clicks by call to action",
        "contact_requests": "Contact requests",
        "contact_rate_text": "Requests per view",
        "yes_answers": "Helpful: yes",
        "no_answers": "Helpful: no",
        "helpful_text": "Found it helpful",
        "searches_text": "Searches that led here",
        "last_change_text": "Since the last layout change",
        "public_url": "Address",
    }

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        descending = ordering.startswith("-")
        field = F(ordering.lstrip("-"))
        return queryset.order_by(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True), "pk")

    def period(self):
        """(first day, last day) of the report: `since`/`until` when given (at most MAX_RANGE_DAYS), else the
        chosen period up to today."""
        today = timezone.localdate()
        form = self.filters.form if self.filters is not None and self.filters.is_valid() else None
        since = form.cleaned_data.get("since") if form else None
        until = (form.cleaned_data.get("until") if form else None) or today
        if since is None:
            value = self.request.GET.get("period")
            since = period_start(int(value) if value in dict(PERIOD_CHOICES) else DEFAULT_PERIOD_DAYS, until)
        since = max(min(since, until), until - datetime.timedelta(days=MAX_RANGE_DAYS - 1))
        return since, until

    def get_page_subtitle(self):
        since, until = self.period()
        return f"{since:%d %b %Y} to {until:%d %b %Y}"

    def get_filename(self):
        since, until = self.period()
        return f"page-performance-{since:%Y-%m-%d}-to-{until:%Y-%m-%d}"

    def get_queryset(self):
        since, until = self.period()
        return self.order_queryset(page_performance(since, until, self.request.GET.get("source")))

    def decorate_paginated_queryset(self, object_list):
        object_list = list(object_list)
        since, until = self.period()
        ids = [page.pk for page in object_list]
        changes = {}
        for change in PageLayoutChange.objects.filter(page_id__in=ids).order_by("-published_at", "-pk"):
            changes.setdefault(change.page_id, []).append(change)
        # The daily figures cover the report's days and, for each page's latest change, the days either side of it.
        today = timezone.localdate()
        latest_days = [found[0].day for found in changes.values()]
        first = min([since, *(day - datetime.timedelta(days=WINDOW_DAYS) for day in latest_days)])
        days = {"day__gte": first, "day__lte": max(until, today)}
        clicks = (
            CallToActionClick.objects.filter(page_id__in=ids, day__gte=since, day__lte=until)
            .values("page_id", "position", "call_to_action__name")
            .annotate(total=Sum("count"))
            .order_by()
        )
        by_position, by_cta = {}, {}
        for row in clicks:
            positions = by_position.setdefault(row["page_id"], {})
            positions[row["position"]] = positions.get(row["position"], 0) + row["total"]
            ctas = by_cta.setdefault(row["page_id"], {})
            ctas[row["call_to_action__name"]] = ctas.get(row["call_to_action__name"], 0) + row["total"]
        daily_views = per_day(
            PageViewDay.objects.filter(page_id__in=ids, **days).values("page_id", "day").annotate(total=Sum("count"))
        )
        daily_clicks = per_day(
            CallToActionClick.objects.filter(page_id__in=ids, **days)
            .values("page_id", "day")
            .annotate(total=Sum("count"))
            .order_by()
        )
        daily_requests = per_day(
            ContactRequest.objects.filter(
                started_from_id__in=ids, created_at__date__gte=days["day__gte"], created_at__date__lte=days["day__lte"]
            )
            .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
            .values("started_from_id", "day")
            .annotate(total=Count("pk"))
            .order_by(),
            page_field="started_from_id",
        )
        searches = top_searches(ids, since, until)
        dates = day_range(since, until)
        for page in object_list:
            page.language = page.locale.get_display_name()
            page.click_rate_text = percent_text(page.click_rate)
            page.contact_rate_text = percent_text(page.contact_rate)
            page.helpful_text = percent_text(page.helpful)
            positions = sorted(by_position.get(page.pk, {}).items())
            page.clicks_by_position = [
                (f"Block {position}" if position else "Outside the body", count) for position, count in positions
            ]
            page.clicks_by_cta = sorted(by_cta.get(page.pk, {}).items(), key=lambda item: (-item[1], item[0]))
            page.clicks_by_position_text = "; ".join(f"{name}: {count}" for name, count in page.clicks_by_position)
            page.clicks_by_cta_text = "; ".join(f"{name}: {count}" for name, count in page.clicks_by_cta)
            page.searches = searches.get(page.pk, [])
            page.searches_text = "; ".join(f"{query}: {count}" for query, count in page.searches)
            page.chart = daily_chart(
                dates,
                {
                    "views": [daily_views.get(page.pk, {}).get(day, 0) for day in dates],
                    "clicks": [daily_clicks.get(page.pk, {}).get(day, 0) for day in dates],
                    "contacts": [daily_requests.get(page.pk, {}).get(day, 0) for day in dates],
                },
                f"{page.title}, {since:%d %b} to {until:%d %b}: {page.views} views, {page.cta_clicks} call-to-action "
                f"clicks, {page.contact_requests} contact requests",
                marks=[(change.day, change.description) for change in changes.get(page.pk, [])],
            )
            latest = changes.get(page.pk, [None])[0]
            page.last_change_text = (
                describe(latest, today, daily_views.get(page.pk, {}), daily_clicks.get(page.pk, {})) if latest else ""
            )
            page.public_url = page.get_full_url(self.request) or ""
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(queryset), spreadsheet_format)
