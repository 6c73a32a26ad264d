"""Admin reports: topics due for clinical review, translations out of date."""

import datetime

import django_filters
from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.models import Locale

from topics.models import TopicGroup, TopicPage, translations_out_of_date
from website.reports import PermissionReportView

OVERDUE = 0
DUE_SOON = 1


def due_soon_days():
    """How far ahead "due soon" looks (TOPIC_REVIEW_DUE_SOON_DAYS, default 30)."""
    return settings.TOPIC_REVIEW_DUE_SOON_DAYS


LIBRARY = 2
ALL_SOURCES = "all"


def topics_due_for_review(today=None, sources=(TopicPage.SOURCE_CLINIC,)):
    """Topics never reviewed or overdue (state 0), then due within the window (state 1); soonest first.

    The clinic's own pages only, unless `sources` says otherwise: library pages imported from MedlinePlus are
    never reviewed by the clinic, so they are listed (state 2) but never counted as overdue or due.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=due_soon_days())
    clinic = Q(source=TopicPage.SOURCE_CLINIC)
    due = Q(next_review_due__isnull=True) | Q(next_review_due__lte=horizon)
    return (
        TopicPage.objects.filter(source__in=sources)
        .filter((clinic & due) | ~clinic)
        .annotate(
            review_state=Case(
                When(~clinic, then=Value(LIBRARY)),
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
        if topic.source != TopicPage.SOURCE_CLINIC:
            return "Library page: not reviewed by the clinic"
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
    source = django_filters.ChoiceFilter(
        label="Source",
        choices=[*TopicPage.SOURCE_CHOICES[1:], (ALL_SOURCES, "Clinic and library pages")],
        empty_label=TopicPage.SOURCE_CHOICES[0][1],
        method="filter_source",
    )
    medical_reviewer = django_filters.CharFilter(label="Reviewer", lookup_expr="icontains")

    class Meta:
        model = TopicPage
        fields = ["state", "live", "groups", "source", "medical_reviewer"]

    def filter_source(self, queryset, name, value):
        """The view already picked the pages of the chosen source (the clinic's when none is chosen)."""
        return queryset


class ReviewDueReportView(PermissionReportView):
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
        source = self.request.GET.get("source")
        if source == ALL_SOURCES:
            return topics_due_for_review(sources=[value for value, label in TopicPage.SOURCE_CHOICES])
        if source in dict(TopicPage.SOURCE_CHOICES):
            return topics_due_for_review(sources=[source])
        return topics_due_for_review()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for topic in object_list:
            topic.review_status = ReviewStatus.describe(topic, today)
            topic.public_url = topic.get_full_url(self.request) or ""
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(list(queryset)), spreadsheet_format)


class TranslationsOutOfDateFilterSet(WagtailFilterSet):
    locale = django_filters.ModelChoiceFilter(
        label="Language", queryset=Locale.objects.exclude(language_code=settings.LANGUAGE_CODE), empty_label="Any"
    )
    groups = django_filters.ModelChoiceFilter(
        label="Section (topic group)", queryset=TopicGroup.objects.all(), empty_label="Any group"
    )
    live = django_filters.BooleanFilter(label="Published")

    class Meta:
        model = TopicPage
        fields = ["locale", "groups", "live"]


class TranslationsOutOfDateReportView(PermissionReportView):
    """Translated topics whose English page was published again after the translation was last updated."""

    page_title = "Translations out of date"
    header_icon = "globe"
    index_url_name = "editorial_translations_report"
    index_results_url_name = "editorial_translations_report_results"
    required_permission = "editorial.view_review_report"
    filterset_class = TranslationsOutOfDateFilterSet
    model = TopicPage
    no_results_message = "Every translation follows the latest English version of its page."
    list_export = ["title", "language", "english_published_at", "source_published_at", "live", "public_url"]
    export_headings = {
        "title": "Translated topic",
        "language": "Language",
        "english_published_at": "English page published",
        "source_published_at": "Translation follows the English version of",
        "live": "Published",
        "public_url": "Address",
    }
    columns = [
        TitleColumn("title", label="Translated topic", url_name="wagtailadmin_pages:edit"),
        Column("language", label="Language"),
        Column("english_published_at", label="English page published"),
        Column("source_published_at", label="Translation follows English of"),
        BooleanColumn("live", label="Published"),
    ]

    template_name = "editorial/translations_report.html"

    def get_filename(self):
        return f"translations-out-of-date-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, **kwargs):
        from website.models import ClinicDetails

        context = super().get_context_data(**kwargs)
        context["untranslated_clinic_details"] = [
            field for details in ClinicDetails.objects.all() for field in details.untranslated_fields()
        ]
        return context

    def get_queryset(self):
        return translations_out_of_date()

    def decorate_paginated_queryset(self, object_list):
        for topic in object_list:
            topic.language = topic.locale.get_display_name()
            topic.public_url = topic.get_full_url(self.request) or ""
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(list(queryset)), spreadsheet_format)
