"""Plain words editors manage, and the content-check results stored for each page's latest revision."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class PlainWord(index.Indexed, models.Model):
    """A medical or formal word patients may not know, with the everyday words to use instead, in one language.

    The content checks flag every use of `term` on a page in the same language and suggest `plain_alternative`.
    """

    term = models.CharField(
        max_length=80, help_text="The word or phrase to avoid, e.g. analgesic. Matched as a whole word, any case."
    )
    plain_alternative = models.CharField(
        max_length=120, help_text="What to say instead, e.g. pain medicine.", verbose_name="plain alternative"
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    panels = [FieldPanel("term"), FieldPanel("plain_alternative"), FieldPanel("language")]
    search_fields = [index.SearchField("term"), index.AutocompleteField("term"), index.FilterField("language")]

    class Meta:
        ordering = ["language", "term"]
        verbose_name = "plain word"
        verbose_name_plural = "plain words"
        constraints = [models.UniqueConstraint(fields=["term", "language"], name="unique_plain_word_per_language")]

    def __str__(self):
        return f"{self.term} → {self.plain_alternative}"


class PageContentChecks(models.Model):
    """The content-check results of a page's latest saved revision (what the "Content checks" report lists).

    Written when a revision is saved (contentchecks.signals) and by `manage.py check_content`, so the report reads
    one row per page instead of checking every page on every request.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="content_checks"
    )
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=10)
    reading_score = models.FloatField(null=True, help_text="Flesch-Kincaid grade (English) or INFLESZ (Spanish).")
    reading_ok = models.BooleanField(default=True)
    long_sentences = models.PositiveIntegerField(default=0)
    jargon_hits = models.PositiveIntegerField(default=0)
    missing_safety = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=list)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "page content checks"
        verbose_name_plural = "page content checks"
