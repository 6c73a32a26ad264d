"""Search synonyms: words patients searched for, sent by editors to a topic ("sore bum nerve" -> Sciatica).

Kept apart from a topic's public "also called" names, so adding one needs no clinical review and changes no
page; they feed the search vocabulary (`search.vocabulary.build`) as names of their topic. Saving or deleting one
bumps the vocabulary's version in the shared cache (`search.signals`), so the next search in every process uses it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel

from .text import words


def normalise_term(text):
    """As the zero-result log stores a search: lower case, single spaces."""
    return " ".join(text.lower().split())[:100]


class SearchSynonymForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None and self.for_user.is_authenticated:
            self.instance.added_by = self.for_user
        return super().save(commit=commit)


class SearchSynonym(models.Model):
    """A search term that finds one topic first, in the topic's language."""

    term = models.CharField(
        max_length=100, help_text='What patients type, e.g. a word from the "Searches with no results" report.'
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, editable=False)
    topic = models.ForeignKey(
        "topics.TopicPage",
        on_delete=models.CASCADE,
        related_name="search_synonyms",
        help_text="The topic this search should find first.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("term"), FieldPanel("topic")]
    base_form_class = SearchSynonymForm

    class Meta:
        verbose_name = "search synonym"
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["term", "language"], name="unique_search_synonym_language")]

    def __str__(self):
        return f"{self.term} → {self.topic.title}" if self.topic_id else self.term

    def save(self, *args, **kwargs):
        self.term = normalise_term(self.term)
        self.language = self.topic.locale.language_code
        super().save(*args, **kwargs)

    def clean(self):
        self.term = normalise_term(self.term or "")
        if not words(self.term):
            raise ValidationError({"term": "Write a word or phrase patients search for."})
        if self.topic_id:
            self.language = self.topic.locale.language_code
            clash = SearchSynonym.objects.filter(term=self.term, language=self.language).exclude(pk=self.pk).first()
            if clash is not None:
                raise ValidationError({"term": f'"{self.term}" already sends searches to {clash.topic.title}.'})


def synonyms_by_topic(language):
    """{topic id: [term, ...]} of one language's search synonyms, in one query."""
    found = {}
    for topic_id, term in SearchSynonym.objects.filter(language=language).values_list("topic_id", "term"):
        found.setdefault(topic_id, []).append(term)
    return found


def with_synonyms(topics, language):
    """The vocabulary's (id, title, also called, url) rows, each topic's search synonyms added to its names."""
    extra = synonyms_by_topic(language)
    return [
        (pk, title, "\n".join([also_called or "", *extra.get(pk, ())]), url) for pk, title, also_called, url in topics
    ]
