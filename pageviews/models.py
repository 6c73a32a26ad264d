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


class PageLayoutChange(models.Model):
    """A publish that reordered a page's blocks (the same blocks, another order) or changed its calls to action:
    marked on the page's chart in the page performance report, with the click rate before and after."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="layout_changes")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    #: The clinic's day of the publish (TIME_ZONE): before and after are counted from the days either side of it.
    day = models.DateField()
    reordered = models.BooleanField(default=False)
    cta_changed = models.BooleanField("call to action changed", default=False)

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["page", "-published_at"], name="layout_change_page_time")]

    def __str__(self):
        return f"{self.page_id}: {self.description} on {self.day}"

    @property
    def description(self):
        parts = (["blocks reordered"] if self.reordered else []) + (
            ["call to action changed"] if self.cta_changed else []
        )
        return " and ".join(parts).capitalize()


class PageSearchDay(models.Model):
    """How many times, on one day, a patient came to one page (in one language) from the site's own search results
    for one query: the query as the search log keeps it (search.counts.logged_query), with a query that looked like
    a phone number or an email address dropped, never kept. A count and nothing else: no address, browser or visitor.

    Written only by the flush of the counts gathered in Redis (pageviews/counting.py), never per view.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="search_days")
    language = models.CharField(max_length=8)
    day = models.DateField()
    query = models.CharField(max_length=255)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "searches that led to a page (day)"
        verbose_name_plural = "searches that led to a page (days)"
        constraints = [
            models.UniqueConstraint(fields=["page", "language", "day", "query"], name="unique_page_search_day"),
        ]
        indexes = [models.Index(fields=["page", "day"], name="page_search_day_page_day")]

    def __str__(self):
        return f"{self.page_id} ({self.language}) on {self.day}: {self.query!r} {self.count} times"
