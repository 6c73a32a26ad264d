"""Answers to "Did this page help?": daily counts per page and cleaned comments, nothing about the visitor."""

from django.db import models
from django.utils import timezone
from wagtail.models import Page

from website.counters import add_to_daily_count

COMMENT_MAX_LENGTH = 500


class PageFeedbackDay(models.Model):
    """How many visitors answered yes and no on one page on one day."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="feedback_days")
    day = models.DateField(db_index=True)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "page feedback (day)"
        verbose_name_plural = "page feedback (days)"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="unique_page_feedback_day")]
        permissions = [("view_feedback_report", "Can view the page feedback report")]

    def __str__(self):
        return f"{self.page_id} on {self.day}: {self.yes} yes, {self.no} no"

    @classmethod
    def record(cls, page, helpful):
        """Count one answer for `page` today."""
        add_to_daily_count(cls, field="yes" if helpful else "no", page=page, day=timezone.localdate())


class PageFeedbackComment(models.Model):
    """What a visitor wrote after answering "No", with email addresses and phone numbers removed; the day only."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="feedback_comments")
    day = models.DateField(db_index=True)
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)

    class Meta:
        verbose_name = "page feedback comment"
        ordering = ["-day", "-pk"]

    def __str__(self):
        return self.text[:50]
