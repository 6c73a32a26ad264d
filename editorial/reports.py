"""Admin reports: topics due for clinical review, and clicks per call to action."""

import datetime

import django_filters
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from topics.models import CallToAction, TopicGroup, TopicPage

OVERDUE = 0
DUE_SOON = 1
CLICK_WINDOW_DAYS = 30


def due_soon_days():
    """How far ahead "due soon" looks (TOPIC_REVIEW_DUE_SOON_DAYS, default 30)."""
    return getattr(settings, "TOPIC_REVIEW_DUE_SOON_DAYS", 30)


def topics_due_for_review(today=None):
    """Topics never reviewed or overdue (state 0), then due within the window (state 1); soonest first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=due_soon_days())
    return (
        TopicPage.objects.filter(Q(next_review_due__isnull=True) | Q(next_review_due__lte=horizon))
        .annotate(
            review_state=Case(
                When(Q(next_review_due__isnull=True) | Q(next_review_due__lt=today), then=Value(OVERDUE)),
                default=Value(DUE_SOON),
                output_field=IntegerField(),
            )
        )
        .defer_streamfields()
        .order_by("review_state", "next_review_due", "title")
    )


def review_counts(today=None):
    """{"overdue": n, "due_soon": n} for the dashboard panel (live topics only: what patients see)."""
    rows = topics_due_for_review(today).filter(live=True).order_by().values("review_state")
    by_state = dict(rows.annotate(n=Count("pk")).values_list("review_state", "n"))
    return {"overdue": by_state.get(OVERDUE, 0), "due_soon": by_state.get(DUE_SOON, 0)}


class ReviewStatus:
    """Words for a row's state, shared by the table and the export."""

    @staticmethod
    def describe(topic, today=None):
        today = today or timezone.localdate()
        if topic.next_review_due is None:
            return "Never reviewed"
        days = (topic.next_review_due - today).days
        if days < 0:
            return f"Overdue by {-days} day{'s' if days != -1 else ''}"
        if days == 0:
            return "Due today"
        return f"Due in {days} day{'s' if days != 1 else ''}"


class ReviewDueFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="Status",
        choices=[(str(OVERDUE), "Overdue or never reviewed"), (str(DUE_SOON), "Due soon")],
        empty_label="Overdue and due soon",
        field_name="review_state",
    )
    live = django_filters.BooleanFilter(label="Published")
    groups = django_filters.ModelChoiceFilter(
        label="Topic group", queryset=TopicGroup.objects.all(), empty_label="Any group"
    )
    source = django_filters.ChoiceFilter(label="Source", choices=TopicPage.SOURCE_CHOICES, empty_label="Any source")
    medical_reviewer = django_filters.CharFilter(label="Reviewer", lookup_expr="icontains")

    class Meta:
        model = TopicPage
        fields = ["state", "live", "groups", "source", "medical_reviewer"]


class EditorialReportView(ReportView):
    """A report shown to holders of one `editorial` permission (and superusers)."""

    required_permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewDueReportView(EditorialReportView):
    page_title = "Topics due for review"
    header_icon = "time"
    index_url_name = "editorial_review_report"
    index_results_url_name = "editorial_review_report_results"
    required_permission = "editorial.view_review_report"
    filterset_class = ReviewDueFilterSet
    model = TopicPage
    no_results_message = "No topics are overdue or due for review in the next 30 days."
    list_export = [
        "title",
        "review_status",
        "next_review_due",
        "last_reviewed",
        "medical_reviewer",
        "live",
        "public_url",
    ]
    export_headings = {
        "title": "Topic",
        "review_status": "Status",
        "next_review_due": "Next review due",
        "last_reviewed": "Last reviewed",
        "medical_reviewer": "Reviewer",
        "live": "Published",
        "public_url": "Address",
    }
    columns = [
        TitleColumn("title", label="Topic", url_name="wagtailadmin_pages:edit"),
        Column("review_status", label="Status"),
        Column("next_review_due", label="Next review due"),
        Column("last_reviewed", label="Last reviewed"),
        Column("medical_reviewer", label="Reviewer"),
        BooleanColumn("live", label="Published"),
    ]

    def get_filename(self):
        return f"topics-due-for-review-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return topics_due_for_review()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for topic in object_list:
            topic.review_status = ReviewStatus.describe(topic, today)
            topic.public_url = topic.get_full_url(self.request) or ""
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(list(queryset)), spreadsheet_format)


class CallToActionClicksFilterSet(WagtailFilterSet):
    live = django_filters.BooleanFilter(label="Published")

    class Meta:
        model = CallToAction
        fields = ["live"]


class CallToActionClicksReportView(EditorialReportView):
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
        TitleColumn("name", label="Call to action", url_name="wagtailsnippets_topics_calltoaction:edit"),
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
