"""A search's results, kept in the default cache (Redis in production) and reused until content changes.

One entry per search, keyed on the host, the language, the query as the engine and the promotions read it (its
words, and Wagtail's normalised query string) and the vocabulary's version. It holds every result's id in order
(promoted topics first), the correction, the other promotions, whether the query reads as the other language
(`search.pointer`) and, once the first page has been shown, the matching blog articles: plain values, no model
instances. Every page number of the search is served from it (a page's results are listed from the vocabulary,
`Vocabulary.result`), so a search whose entry is cached makes no search query at all.

The vocabulary's version (`search.vocabulary`) is the one key that retires every entry: it changes when any page
is published, unpublished, moved or deleted, a topic is saved, or a view restriction, search synonym or promotion
is saved or deleted (`search.signals`, `search.synonyms`). Entries also expire after
`SEARCH_RESULTS_CACHE_SECONDS` (default 600; 0 turns the cache off), which bounds what a flood of distinct
searches can store (a few KB each).
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from wagtail.search.utils import normalise_query_string

from . import engine, pointer, vocabulary

RESULTS_PER_PAGE = 10


def cache_seconds():
    return int(getattr(settings, "SEARCH_RESULTS_CACHE_SECONDS", 600))


@dataclass
class Found:
    """One search's results in order, whatever page is shown."""

    ids: list  # topic ids, promoted topics first
    query: str  # the query the results are for (corrected or as typed, normalised)
    corrected: bool
    promoted_ids: frozenset = frozenset()
    other_promotions: list = field(default_factory=list)  # [{"title", "url", "description"}]
    articles: list | None = None  # [{"title", "url", "standfirst"}]: read for the first page only, when shown
    other_language: str | None = None  # the query reads as this other language (search.pointer)

    @property
    def nothing(self):
        return not self.ids and not self.other_promotions


def cache_key(request, query, known):
    """The entry of `query`'s results among the vocabulary `known`'s topics (its language, its version)."""
    words = " ".join(vocabulary.words(query))
    search = f"{request.get_host()}\n{known.language}\n{words}\n{normalise_query_string(query)}"
    digest = hashlib.sha256(search.encode()).hexdigest()[:40]
    return f"search:results:{known.version}:{digest}"


def find(request, query, known):
    """(the results of `query` among the vocabulary `known`'s topics, from the cache or computed; True when they
    still need to be kept with `keep`)."""
    if cache_seconds():
        found = cache.get(cache_key(request, query, known))
        if found is not None:
            return found, False
    return _find(query, known), True


def add_articles(found, known):
    """Read the blog articles the first page lists after the topics into `found` (kept with it from then on)."""
    found.articles = engine.matching_articles(found.query, known.language, known)


def keep(request, query, known, found):
    """Store `found` for the next search of `query` (one write a search, once its first page is complete)."""
    if cache_seconds():
        cache.set(cache_key(request, query, known), found, cache_seconds())


def _find(query, known):
    ranked = engine.run(query, known.language, known)
    promotions = known.promotions_for(query, ranked.query)
    promoted = [p.topic_id for p in promotions if p.topic_id in known.topics]
    return Found(
        ids=list(dict.fromkeys(promoted + ranked.ids)),
        query=ranked.query,
        corrected=ranked.corrected,
        promoted_ids=frozenset(promoted),
        other_promotions=[
            {"title": p.title, "url": p.url, "description": p.description} for p in promotions if p.topic_id is None
        ],
        other_language=pointer.other_language_of(query, known),
    )


def page_results(found, number, known):
    """What page `number` of `found` lists: [{"title", "url", "source", "summary", "groups", "promoted"}]."""
    ids = found.ids[(number - 1) * RESULTS_PER_PAGE : number * RESULTS_PER_PAGE]
    return [{**known.result(pk), "promoted": pk in found.promoted_ids} for pk in ids if pk in known.topics]
