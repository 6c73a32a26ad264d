"""Searches that found nothing, counted per day for the editors' report (text only: no IP, no user, no cookie)."""

import datetime

from django.db import models
from django.utils import timezone

from website.counters import add_to_daily_count

#: How long zero-result queries are kept and reported.
ZERO_RESULT_RETENTION_DAYS = 30


class ZeroResultQuery(models.Model):
    query_text = models.CharField(max_length=200)
    #: The language of the search page it was made on ("en" for /search/, "es" for /es/search/).
    language = models.CharField(max_length=8, default="en")
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "search with no results"
        verbose_name_plural = "searches with no results"
        constraints = [
            models.UniqueConstraint(
                fields=["query_text", "language", "day"], name="unique_zero_result_query_language_day"
            )
        ]

    def __str__(self):
        return self.query_text

    @staticmethod
    def normalise(text):
        return " ".join(text.lower().split())[:200]

    @classmethod
    def record(cls, text, language="en"):
        """Count one search for `text` in `language` today; old rows are pruned when a day's first row is created."""
        text = cls.normalise(text)
        if not text:
            return
        today = timezone.localdate()
        if not add_to_daily_count(cls, query_text=text, language=language, day=today):
            return
        cutoff = today - datetime.timedelta(days=ZERO_RESULT_RETENTION_DAYS)
        cls.objects.filter(day__lt=cutoff).delete()


from .synonyms import SearchSynonym  # noqa: E402, F401  (a model of this app, in its own module)
