"""Reports -> Content checks: the clinic's topics by their stored content-check results, worst first."""

import django_filters
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Locale

from topics.models import TopicGroup, TopicPage
from website.reports import PermissionReportView


def checked_topics():
    """Clinic topics with their latest stored checks as columns: one query, however many topics there are.

    Worst first: missing safety blocks, then most warnings, then the hardest to read; topics never checked last."""
    checks = "page_ptr__content_checks__"
    return (
        TopicPage.objects.filter(source=TopicPage.SOURCE_CLINIC)
        .annotate(
            reading_score=F(f"{checks}reading_score"),
            reading_ok=F(f"{checks}reading_ok"),
            long_sentences=F(f"{checks}long_sentences"),
            jargon_hits=F(f"{checks}jargon_hits"),
            missing_safety=F(f"{checks}missing_safety"),
            warnings=Coalesce(F(f"{checks}warnings"), Value(-1)),
            checked_at=F(f"{checks}checked_at"),
        )
        .select_related("locale")
        .defer_streamfields()
        .order_by(
            F("missing_safety").desc(nulls_last=True),
            "-warnings",
            F("reading_ok").asc(nulls_last=True),
            "title",
        )
    )


class ContentChecksFilterSet(WagtailFilterSet):
    locale = django_filters.ModelChoiceFilter(label="Language", queryset=Locale.objects.all(), empty_label="Any")
    groups = django_filters.ModelChoiceFilter(
        label="Topic group", queryset=TopicGroup.objects.all(), empty_label="Any group"
    )

    class Meta:
        model = TopicPage
        fields = ["locale", "groups"]


def reading_text(checks, language):
    """The score with its scale, e.g. "Grade 9.4 (misses target)"; Spanish scores are INFLESZ (higher is easier)."""
    if checks.reading_score is None:
        return ""
    scale = "INFLESZ" if language == "es" else "Grade"
    return f"{scale} {checks.reading_score}" + ("" if checks.reading_ok else " (misses target)")


class ContentChecksReportView(PermissionReportView):
    page_title = "Content checks"
    header_icon = "glasses"
    index_url_name = "contentchecks_report"
    index_results_url_name = "contentchecks_report_results"
    required_permission = "editorial.view_review_report"
    filterset_class = ContentChecksFilterSet
    model = TopicPage
    no_results_message = "No clinic topics to list."
    list_export = [
        "title",
        "language",
        "reading",
        "long_sentences",
        "jargon_hits",
        "missing_safety",
        "warnings_text",
        "checked_at",
    ]
    export_headings = {
        "title": "Topic",
        "language": "Language",
        "reading": "Reading score",
        "long_sentences": "Long sentences",
        "jargon_hits": "Jargon",
        "missing_safety": "Missing safety blocks",
        "warnings_text": "Warnings",
        "checked_at": "Checked",
    }
    columns = [
        TitleColumn("title", label="Topic", url_name="wagtailadmin_pages:edit"),
        Column("language", label="Language"),
        Column("reading", label="Reading score"),
        Column("long_sentences", label="Long sentences"),
        Column("jargon_hits", label="Jargon"),
        Column("missing_safety", label="Missing safety blocks"),
        Column("warnings_text", label="Warnings"),
    ]

    def get_filename(self):
        return f"content-checks-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return checked_topics()

    def decorate_paginated_queryset(self, object_list):
        for topic in object_list:
            topic.language = topic.locale.get_display_name() or topic.locale.language_code
            topic.reading = reading_text(topic, topic.locale.language_code)
            topic.warnings_text = "Not checked yet" if topic.warnings < 0 else topic.warnings
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(list(queryset)), spreadsheet_format)
