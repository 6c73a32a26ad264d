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
a GIN index on the expression it matches (migration search 0004) and sends back ids and ranks only. On PostgreSQL
Wagtail builds each query once per vocabulary (`search.fulltext`): a search only fills in its words.
"""

from dataclasses import dataclass

from django.conf import settings
from modelsearch.backends import get_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

from blog.search import SEARCH_ARTICLES
from topics.models import TopicPage
from website.languages import locale_id_for

from .backend import for_language
from .fulltext import PLACEHOLDER, Statement
from .vocabulary import articles_of, get_vocabulary, without_restricted, words

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


def topics_statement(queryset, backend):
    """The compiled full-text query over `queryset` (ids, sources and ranks only: Wagtail's backend would also send
    back every page's whole text vector), or None where the backend is not PostgreSQL's."""
    if not isinstance(backend, PostgresSearchBackend):
        return None
    results = backend.search(PLACEHOLDER, queryset, operator="and").annotate_score("_score")[:MAX_RESULTS]
    return Statement.compile(results, "pk", "source", "_score")


def full_text_ids(queryset, text, operator, backend=None, statement=None):
    """(ids best first, ids of the clinic's own topics among them); `backend` searches in the topics' language,
    `statement` is its compiled query over `queryset` (`topics_statement`), when there is one."""
    if statement is None:
        backend = backend or for_language(None)
        statement = topics_statement(queryset, backend)
    if statement is not None:
        rows = statement.rows(text, operator)
    else:
        results = backend.search(text, queryset, operator=operator).annotate_score("_score")[:MAX_RESULTS]
        sign = -1 if getattr(backend, "lower_score_is_better", False) else 1  # SQLite's bm25 (search.sqlite)
        rows = [(page.pk, page.source, sign * (page._score or 0)) for page in results]
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


def topics_queryset(vocabulary, language):
    queryset = TopicPage.objects.live().filter(locale_id=locale_id_for(language))
    return without_restricted(queryset, vocabulary.restricted_paths).only("pk", "source")


def run(query, language=None, vocabulary=None):
    """Results among one language's topics (English unless `language` says otherwise); `vocabulary` is that
    language's (`get_vocabulary`), when the caller has it."""
    query_words = words(query)
    if not query_words:
        return Outcome(ids=[], query=query, corrected=False)
    language = language or settings.LANGUAGE_CODE
    vocabulary = vocabulary or get_vocabulary(language)
    statement = vocabulary.statement(
        "topics", lambda: topics_statement(topics_queryset(vocabulary, language), for_language(language))
    )
    # Without a compiled query (a backend other than PostgreSQL's), the ORM and the backend's own search.
    queryset, backend = (None, None) if statement else (topics_queryset(vocabulary, language), for_language(language))

    def search(text, operator):
        return full_text_ids(queryset, text, operator, backend, statement)

    text = " ".join(query_words)
    names = vocabulary.match_names(query_words)
    correction = vocabulary.correct(query_words)
    corrected_names = vocabulary.match_names(correction.words) if correction.changed else {}
    corrected = bool(corrected_names) and not names  # only the corrected words name a topic: no need to look
    if not corrected:
        ids, clinic_ids = search(text, "and")
        corrected = correction.changed and not ids and not names
    if corrected:
        text, names = correction.text, corrected_names
        ids, clinic_ids = search(text, "and")

    if not ids and len(query_words) in (2, 3):
        # Words written apart that the text writes together: "osteo artritis" -> "osteoartritis".
        ids, clinic_ids = search("".join(query_words), "and")
    if not ids:
        ids, clinic_ids = search(text, "or")
    known = set(vocabulary.topics)
    names = {pk: score for pk, score in names.items() if pk in known}
    clinic_ids |= vocabulary.clinic_topics & names.keys()
    return Outcome(ids=rank(names, ids, clinic_ids), query=text, corrected=corrected)


def matching_articles(text, language, vocabulary):
    """Up to SEARCH_ARTICLES live, public blog articles in `language` matching every word of `text`, best first:
    [{"title", "url", "standfirst"}] (the blog's own search, `blog.search.matching_articles`, with the articles'
    details from the vocabulary and the query compiled once)."""
    if not text:
        return []

    def compile_statement():
        backend = get_search_backend("default")
        if not isinstance(backend, PostgresSearchBackend):
            return None
        queryset = articles_of(language, vocabulary.restricted_paths)
        return Statement.compile(backend.search(PLACEHOLDER, queryset, operator="and")[:SEARCH_ARTICLES], "pk")

    statement = vocabulary.statement("articles", compile_statement)
    if statement is not None:
        ids = [pk for (pk,) in statement.rows(text, "and")]
    else:
        queryset = articles_of(language, vocabulary.restricted_paths).defer_streamfields()
        found = get_search_backend("default").search(text, queryset, operator="and")[:SEARCH_ARTICLES]
        ids = [page.pk for page in found]
    return [vocabulary.articles[pk] for pk in ids if pk in vocabulary.articles]
