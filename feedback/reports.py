"""The page feedback report: answers per page over a period, least helpful first, with the newest comments."""

import datetime

import django_filters
from django.db.models import F, FloatField, Q, Sum, Window
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.models import Locale, Page

from topics.models import TopicGroup, TopicPage
from website.reports import PermissionReportView

from .models import PageFeedbackComment, PageFeedbackDay

REPORT_PERMISSION = "feedback.view_feedback_report"
DEFAULT_PERIOD_DAYS = 30
PERIOD_CHOICES = [("7", "Last 7 days"), ("90", "Last 90 days"), ("365", "Last 12 months")]
NEWEST_COMMENTS = 3


def period_start(days, today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)


def library_pages():
    return TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS).values("pk")


def page_feedback(since, source=None):
    """Pages answered on or after `since`, with their yes, no, answers and % helpful; least helpful first.

    `source`: "clinic" (the clinic's own pages, the contact page included) or "medlineplus" (library pages).
    """
    in_period = Q(feedback_days__day__gte=since)
    pages = Page.objects.filter(pk__in=PageFeedbackDay.objects.filter(day__gte=since).values("page_id"))
    if source == TopicPage.SOURCE_MEDLINEPLUS:
        pages = pages.filter(pk__in=library_pages())
    elif source == TopicPage.SOURCE_CLINIC:
        pages = pages.exclude(pk__in=library_pages())
    return (
        pages.select_related("locale")
        .annotate(
            yes_answers=Coalesce(Sum("feedback_days__yes", filter=in_period), 0),
            no_answers=Coalesce(Sum("feedback_days__no", filter=in_period), 0),
        )
        .annotate(answers=F("yes_answers") + F("no_answers"))
        .annotate(helpful=Cast("yes_answers", FloatField()) * 100 / NullIf(F("answers"), 0))
        .annotate(topic_source=F("topicpage__source"))
        .order_by(F("helpful").asc(nulls_last=True), "-answers", "title", "pk")
    )


def newest_comments(page_ids, since, per_page=NEWEST_COMMENTS):
    """{page id: [comment, ...]} with each page's newest comments since `since`, in one query."""
    ranked = (
        PageFeedbackComment.objects.filter(page_id__in=page_ids, day__gte=since)
        .annotate(position=Window(RowNumber(), partition_by=F("page_id"), order_by=[F("day").desc(), F("pk").desc()]))
        .filter(position__lte=per_page)
        .order_by("page_id", "position")
    )
    found = {}
    for comment in ranked:
        found.setdefault(comment.page_id, []).append(comment)
    return found


def least_helpful_clinic_pages(days=DEFAULT_PERIOD_DAYS, count=3):
    """For the dashboard: the clinic's pages with the lowest share of "Yes" over the last `days` days."""
    return list(page_feedback(period_start(days), source=TopicPage.SOURCE_CLINIC)[:count])


class PageFeedbackFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label="Period", choices=PERIOD_CHOICES, empty_label="Last 30 days", method="filter_period"
    )
    locale = django_filters.ModelChoiceFilter(label="Language", queryset=Locale.objects.all(), empty_label="Any")
    group = django_filters.ModelChoiceFilter(
        label="Topic group", queryset=TopicGroup.objects.all(), empty_label="Any group", method="filter_group"
    )
    source = django_filters.ChoiceFilter(
        label="Source",
        choices=[(TopicPage.SOURCE_CLINIC, "Clinic pages"), (TopicPage.SOURCE_MEDLINEPLUS, "MedlinePlus library")],
        empty_label="Clinic and library pages",
        method="filter_source",
    )

    class Meta:
        model = Page
        fields = ["period", "locale", "group", "source"]

    def filter_period(self, queryset, name, value):
        """The view already summed the chosen period's answers."""
        return queryset

    filter_source = filter_period

    def filter_group(self, queryset, name, value):
        return queryset.filter(pk__in=TopicPage.objects.filter(groups=value).values("pk"))


class CommentsColumn(Column):
    cell_template_name = "feedback/reports/comments_cell.html"


class PageFeedbackReportView(PermissionReportView):
    page_title = "Page feedback"
    header_icon = "help"
    index_url_name = "feedback_report"
    index_results_url_name = "feedback_report_results"
    required_permission = REPORT_PERMISSION
    filterset_class = PageFeedbackFilterSet
    model = Page
    no_results_message = 'Nobody has answered "Did this page help you?" in this period.'
    columns = [
        TitleColumn("title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("language", label="Language"),
        Column("source_label", label="Source"),
        NumberColumn("answers", label="Answers"),
        NumberColumn("yes_answers", label="Yes"),
        NumberColumn("no_answers", label="No"),
        Column("helpful_percent", label="Helpful"),
        CommentsColumn("comments", label="Newest comments"),
    ]
    list_export = [
        "title",
        "language",
        "source_label",
        "answers",
        "yes_answers",
        "no_answers",
        "helpful_percent",
        "comments_text",
        "public_url",
    ]
    export_headings = {
        "title": "Page",
        "language": "Language",
        "source_label": "Source",
        "answers": "Answers",
        "yes_answers": "Yes",
        "no_answers": "No",
        "helpful_percent": "Helpful",
        "comments_text": "Newest comments",
        "public_url": "Address",
    }

    def period_days(self):
        value = self.request.GET.get("period")
        return int(value) if value in dict(PERIOD_CHOICES) else DEFAULT_PERIOD_DAYS

    def get_page_subtitle(self):
        return f"Last {self.period_days()} days"

    def get_filename(self):
        return f"page-feedback-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        source = self.request.GET.get("source")
        return page_feedback(period_start(self.period_days()), source=source)

    def decorate_paginated_queryset(self, object_list):
        object_list = list(object_list)
        comments = newest_comments([page.pk for page in object_list], period_start(self.period_days()))
        sources = dict(TopicPage.SOURCE_CHOICES)
        for page in object_list:
            page.language = page.locale.get_display_name()
            page.source_label = sources[page.topic_source] if page.topic_source else "Clinic page"
            page.helpful_percent = "" if page.helpful is None else f"{round(page.helpful)}%"
            page.comments = comments.get(page.pk, [])
            page.comments_text = " | ".join(f"{c.day:%Y-%m-%d}: {c.text}" for c in page.comments)
            page.public_url = page.get_full_url(self.request) or ""
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(queryset), spreadsheet_format)
