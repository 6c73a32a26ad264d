"""Page views per page, language and day: a count and nothing else (no address, browser, cookie or visitor)."""

from django.db import models
from wagtail.models import Page


class PageViewDay(models.Model):
    """How many times one page was viewed in one language on one day (the clinic's day, TIME_ZONE).

    Written only by the flush of the counts gathered in Redis (pageviews/counting.py), never per view.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="view_days")
    language = models.CharField(max_length=8)
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "page views (day)"
        verbose_name_plural = "page views (days)"
        constraints = [
            models.UniqueConstraint(fields=["page", "language", "day"], name="unique_page_view_day"),
        ]
        permissions = [("view_page_performance_report", "Can view the page performance report")]

    def __str__(self):
        return f"{self.page_id} ({self.language}) on {self.day}: {self.count} views"
