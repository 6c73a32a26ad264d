"""Ranking for patient search: names patients use first, then Wagtail's full-text rank, with typo correction.

Wagtail's `search()` needs every word (AND) and has no typo tolerance, so a query goes through:

1. the vocabulary (`search.vocabulary`): topics whose title or "also called" name the query names
   ("lumbago", "slipped disc", "pins and needles in feet") are ranked first;
2. the full-text index (title and synonyms weigh most, then summary, then body blocks), every word required;
3. when that finds nothing, or only the corrected query names a topic, words the vocabulary does not know
   are corrected to the nearest title or synonym word ("migrane" -> "migraine") and the page says so;
4. when every word is still too strict, any word may match (`operator="or"`).

The clinic's own topics rank above imported health-library (MedlinePlus) pages of similar relevance: a clinic
topic the query names comes before every library page the query names ("migraine" finds the clinic's
"Refractory migraine" before the library's "Migraine"), and among full-text results a clinic topic's rank counts
`CLINIC_RANK_FACTOR` times.

The number of database queries does not grow with the number of topics or results: one full-text query for most
searches (the corrected words only, when only they name a topic), more only when it finds nothing. Each is served by
a GIN index on the expression it matches (migration search 0004) and sends back ids and ranks only.
"""

from dataclasses import dataclass

from django.conf import settings
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

from topics.models import TopicPage
from website.languages import locale_id_for

from .backend import for_language
from .vocabulary import get_vocabulary, without_restricted, words

#: Ranked ids fetched from the full-text index; pages beyond this are not useful to a patient.
MAX_RESULTS = 500
#: A clinic topic's full-text rank counts this many times a library page's.
CLINIC_RANK_FACTOR = 1.5


@dataclass
class Outcome:
    ids: list  # topic ids, best first
    query: str  # the query the results are for (corrected or as typed, normalised)
    corrected: bool


def public(queryset, language=None):
    """`queryset`'s pages that no view restriction covers, as Wagtail's `.public()` gives, from the restrictions the
    vocabulary holds (no query; a restriction saved or deleted rebuilds the vocabulary)."""
    return without_restricted(queryset, get_vocabulary(language).restricted_paths)


def full_text_ids(queryset, text, operator, backend=None):
    """(ids best first, ids of the clinic's own topics among them); `backend` searches in the topics' language."""
    backend = backend or for_language(None)
    results = backend.search(text, queryset, operator=operator).annotate_score("_score")[:MAX_RESULTS]
    if isinstance(backend, PostgresSearchBackend):
        # Only what ranking needs: Wagtail's backend would also send back every page's whole text vector.
        rows = list(results.get_queryset().values_list("pk", "source", "_score"))
    else:
        rows = [(page.pk, page.source, page._score) for page in results]
    clinic = {pk for pk, source, _score in rows if source == TopicPage.SOURCE_CLINIC}
    scores = {pk: (score or 0) * (CLINIC_RANK_FACTOR if pk in clinic else 1) for pk, _source, score in rows}
    return sorted(scores, key=lambda pk: -scores[pk]), clinic


def rank(name_scores, ids, clinic_ids=frozenset()):
    """Topics the query names come first (the clinic's, then the library's; each by best name match, then
    full-text rank), then the other results."""
    position = {pk: index for index, pk in enumerate(ids)}
    named = sorted(
        name_scores,
        key=lambda pk: (pk not in clinic_ids, -name_scores[pk], position.get(pk, len(position)), pk),
    )
    named_set = set(named)
    return named + [pk for pk in ids if pk not in named_set]


def run(query, language=None):
    """Results among one language's topics (English unless `language` says otherwise)."""
    query_words = words(query)
    if not query_words:
        return Outcome(ids=[], query=query, corrected=False)
    language = language or settings.LANGUAGE_CODE
    vocabulary = get_vocabulary(language)
    queryset = public(TopicPage.objects.live().filter(locale_id=locale_id_for(language)), language)
    queryset = queryset.only("pk", "source")

    backend = for_language(language)
    text = " ".join(query_words)
    names = vocabulary.match_names(query_words)
    correction = vocabulary.correct(query_words)
    corrected_names = vocabulary.match_names(correction.words) if correction.changed else {}
    corrected = bool(corrected_names) and not names  # only the corrected words name a topic: no need to look
    if not corrected:
        ids, clinic_ids = full_text_ids(queryset, text, "and", backend)
        corrected = correction.changed and not ids and not names
    if corrected:
        text, names = correction.text, corrected_names
        ids, clinic_ids = full_text_ids(queryset, text, "and", backend)

    if not ids and len(query_words) in (2, 3):
        # Words written apart that the text writes together: "osteo artritis" -> "osteoartritis".
        ids, clinic_ids = full_text_ids(queryset, "".join(query_words), "and", backend)
    if not ids:
        ids, clinic_ids = full_text_ids(queryset, text, "or", backend)
    known = set(vocabulary.topics)
    names = {pk: score for pk, score in names.items() if pk in known}
    clinic_ids |= vocabulary.clinic_topics & names.keys()
    return Outcome(ids=rank(names, ids, clinic_ids), query=text, corrected=corrected)
