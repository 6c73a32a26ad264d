"""The search vocabulary: live topics' titles, "also called" names and clinical codes, and what search results
show of them.

Used for three things the full-text index cannot do on its own: correcting misspelled words
("migrane" -> "migraine"), mapping a name patients use to its topic ("slipped disc" -> Sciatica),
and type-ahead suggestions. It also holds what a search result lists (title, URL, summary, groups) and the
editors' promotions, so listing results needs no query. It is built from the database with a fixed handful of
queries (never one per topic) and kept in each process; a version number in Django's cache, bumped by
`search.signals`, tells every process to rebuild after a page is published, unpublished, moved or deleted, a topic
saved, a view restriction, search synonym or promotion changed. The same version retires the cached search results
(`search.results`).
"""

import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Max, Q, TextField
from django.db.models.functions import Cast
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from wagtail.search.utils import normalise_query_string

from website.versions import VersionToken

from .spanish import SPANISH_STOPWORDS, spanish_stem
from .synonyms import with_synonyms
from .text import words

VERSION = VersionToken("search:vocabulary:version")
SUGGESTION_LIMIT = 8
#: Type-ahead tiers 0-2 hold the typed text (start of the name, start of a word, inside a word); 3-4 are near spellings.
LAST_LITERAL_TIER = 2

STOPWORDS = frozenset(
    "a about after all an and any are as at be been but by can do does feel feeling for from get getting got had has "
    "have having how i if im in into is it its me my no not of on or our so some than that the their them then there "
    "these they this to too up very was what when where which who why will with you your".split()
)

#: British spellings and "disc"/"disk": patients type one, the content may use the other.
SPELLING_VARIANTS = {
    "disc": "disk",
    "anaemia": "anemia",
    "behaviour": "behavior",
    "diarrhoea": "diarrhea",
    "haemorrhage": "hemorrhage",
    "haemorrhoids": "hemorrhoids",
    "ischaemic": "ischemic",
    "leukaemia": "leukemia",
    "oedema": "edema",
    "oesophagus": "esophagus",
    "orthopaedic": "orthopedic",
    "paediatric": "pediatric",
    "tumour": "tumor",
}

PARENTHESIS_RE = re.compile(r"^(?P<outer>.+?)\s*\((?P<inner>[^)]+)\)\s*$")


def stem(word):
    """A light, symmetric normalisation for matching names: spelling variants and plurals."""
    word = SPELLING_VARIANTS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return SPELLING_VARIANTS.get(word, word)


def max_edits(word):
    return 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3


@dataclass(frozen=True)
class Name:
    text: str  # words joined by spaces, unstemmed (for type-ahead)
    compact: str  # text without spaces
    stems: tuple
    content: frozenset  # stems that are not stopwords
    topic_id: int
    is_title: bool
    label: str = ""  # as the editor wrote it ("RSD"), shown in type-ahead when it matched


@dataclass(frozen=True)
class Promotion:
    """An editor's promoted result (Wagtail's search promotions): a page of this language or an external link."""

    pk: int
    order: tuple  # (no sort order, sort order, pk): the promotions' admin order
    title: str
    url: str
    description: str
    topic_id: int | None  # the promoted page, when it is a topic (then listed as a result with its details)


@dataclass
class Correction:
    words: list
    changed: bool

    @property
    def text(self):
        return " ".join(self.words)


class Vocabulary:
    """English names; `SpanishVocabulary` changes the stop words and the plural rules."""

    stopwords = STOPWORDS
    stem = staticmethod(stem)

    def __init__(
        self,
        topics,
        corpus_words=(),
        clinic_topics=frozenset(),
        details=None,
        promotions=None,
        restricted_paths=(),
        articles=None,
    ):
        """`topics`: iterable of (id, title, also_called text, url); `corpus_words`: every word of their text;
        `clinic_topics`: ids of the clinic's own topics (the others are health-library pages); `details`:
        {id: (source, summary, group names)} for search results; `promotions`: {normalised query: [Promotion]};
        `restricted_paths`: tree paths of the pages with a view restriction (they and their children are private);
        `articles`: {id: {"title", "url", "standfirst"}} of the live public blog articles, as results list them."""
        self.articles = articles or {}
        self.language = settings.LANGUAGE_CODE  # set by build()
        self.clinic_topics = frozenset(clinic_topics)
        self.details = details or {}
        self.promotions = promotions or {}
        self.restricted_paths = tuple(restricted_paths)
        self.version = None  # set by get_vocabulary: the cache_version() it was built for
        self.statements = {}  # compiled full-text queries (search.fulltext), made on first use
        self.topics = {}
        self.names = []
        for topic_id, title, also_called, url in topics:
            self.topics[topic_id] = (title, url)
            for text, is_title in self._names_of(title, also_called):
                self._add_name(text, topic_id, is_title)
        self.corpus_words = frozenset(corpus_words)
        self.phrases = defaultdict(list)
        self.compacts = defaultdict(list)
        self.by_stem = defaultdict(set)
        self.by_word = defaultdict(set)
        word_counts = Counter()
        for index, name in enumerate(self.names):
            self.phrases[" ".join(name.stems)].append(index)
            self.compacts["".join(name.stems)].append(index)
            for s in name.content:
                self.by_stem[s].add(index)
            for w in name.text.split():
                self.by_word[w].add(index)
            word_counts.update({w for w in name.text.split() if len(w) >= 3 and w not in self.stopwords})
        self.word_counts = word_counts
        self.word_list = sorted(word_counts)
        self.known_stems = frozenset(self.by_stem) | frozenset(self.stem(w) for w in self.word_list)
        self.name_texts = [name.text for name in self.names]

    @staticmethod
    def _names_of(title, also_called):
        yield title, True
        match = PARENTHESIS_RE.match(title)
        if match:
            yield match["outer"], True
            yield match["inner"], False
        if ":" in title:
            yield title.split(":", 1)[0], True
        for line in (also_called or "").splitlines():
            if line.strip():
                yield line.strip(), False

    def _add_name(self, text, topic_id, is_title):
        name_words = words(text)
        if not name_words:
            return
        stems = tuple(self.stem(w) for w in name_words)
        self.names.append(
            Name(
                text=" ".join(name_words),
                compact="".join(name_words),
                stems=stems,
                content=frozenset(s for s in stems if s not in self.stopwords),
                topic_id=topic_id,
                is_title=is_title,
                label=text.strip(),
            )
        )

    def __len__(self):
        return len(self.topics)

    def statement(self, name, build):
        """The compiled full-text query `name` (`search.fulltext.Statement` or None), `build()` on first use."""
        if name not in self.statements:
            self.statements[name] = build()
        return self.statements[name]

    # What search results show, without a query.

    def result(self, topic_id):
        """A topic as a search result lists it: {"title", "url", "source", "summary", "groups"}."""
        title, url = self.topics[topic_id]
        source, summary, groups = self.details.get(topic_id, ("", "", ()))
        return {"title": title, "url": url, "source": source, "summary": summary, "groups": list(groups)}

    def promotions_for(self, *queries):
        """Editors' promoted results for any of `queries` (as typed, as corrected), in the editors' order."""
        strings = {normalise_query_string(q) for q in queries if q}
        found = {p.pk: p for s in strings for p in self.promotions.get(s, ())}
        return sorted(found.values(), key=lambda p: p.order)

    # Names: synonyms and titles named in the query.

    def match_names(self, query_words):
        """{topic id: score} for topics whose title or "also called" name the query names.

        1000: the query is a name ("lumbago", "back ache" for "backache"); 500-600: the query contains a
        name that covers most of its words ("pins and needles in feet"); 300-400: every word of the query
        is in a short name ("migraine" -> "Refractory migraine"). Titles get 5 more than synonyms.
        """
        stems = [self.stem(w) for w in query_words]
        content = {s for s in stems if s not in self.stopwords}
        scores = {}
        if not content:
            return scores

        def add(indexes, score):
            for index in indexes:
                name = self.names[index]
                total = score + (5 if name.is_title else 0)
                if total > scores.get(name.topic_id, 0):
                    scores[name.topic_id] = total

        add(self.phrases.get(" ".join(stems), ()), 1000)
        add(self.compacts.get("".join(stems), ()), 1000)
        count = len(stems)
        for size in range(count - 1, 0, -1):
            for start in range(count - size + 1):
                gram = stems[start : start + size]
                covered = len(content.intersection(gram)) / len(content)
                if covered <= 0.5:  # "nerve pain" does not name the topic "Pain"
                    continue
                add(self.phrases.get(" ".join(gram), ()), 500 + int(100 * covered))
                if size > 1:
                    add(self.compacts.get("".join(gram), ()), 500 + int(100 * covered))
        candidates = None
        for s in content:
            found = self.by_stem.get(s, set())
            candidates = found if candidates is None else candidates & found
            if not candidates:
                break
        for index in candidates or ():
            coverage = len(content) / max(len(self.names[index].content), 1)
            if coverage >= 1 / 3:
                add((index,), 300 + int(100 * min(coverage, 1)))
        return scores

    # Typos: each unknown word against the words of titles and synonyms.

    def correct(self, query_words):
        """Replace words that appear nowhere in the topics with the closest title or synonym word (few edits apart).

        Words found anywhere in the topics' text are left alone ("ache" is not "acne", "sleeping" not "bleeding").
        """
        result = [self._closest(word) or word for word in query_words]
        return Correction(words=result, changed=result != list(query_words))

    def _closest(self, word):
        if word in self.stopwords or word.isdigit() or len(word) < 4 or self.stem(word) in self.known_stems:
            return None
        if word in self.corpus_words:
            return None
        candidates = process.extract(word, self.word_list, scorer=OSA.distance, score_cutoff=max_edits(word), limit=12)
        if not candidates:
            return None
        best = min(
            candidates,
            key=lambda c: (c[1], c[0][:1] != word[:1], -self.word_counts[c[0]], -fuzz.ratio(word, c[0]), c[0]),
        )
        return best[0]

    # Type-ahead.

    def suggest(self, text, limit=SUGGESTION_LIMIT):
        """[(title, url)] of up to `limit` topics whose title or synonym starts with, contains or nearly spells it."""
        return [(title, url) for title, url, _matched in self.suggest_with_names(text, limit)]

    def suggest_with_names(self, text, limit=SUGGESTION_LIMIT):
        """[(title, url, matched name or None)]: as suggest(), with the other name that matched, if not the title.

        As search ranks them: topics with a name that holds the text come first, the clinic's before the library's
        (then names starting with it, then a word starting with it, then the text inside a word); then near
        spellings, closest first, the clinic's first among equally close ones.
        """
        query_words = words(text)
        if not query_words:
            return []
        query = " ".join(query_words)
        compact = "".join(query_words)
        best = {}

        def offer(name, rank):
            library = name.topic_id not in self.clinic_topics
            if rank[0] <= LAST_LITERAL_TIER:
                order = (0, library, *rank)
            else:
                order = (1, *rank, library)
            key = (*order, not name.is_title, len(name.text), name.text)
            if name.topic_id not in best or key < best[name.topic_id][0]:
                best[name.topic_id] = (key, name)

        spaced = " " + query
        for name in self.names:
            if name.text.startswith(query):
                offer(name, (0, 0))
            elif spaced in " " + name.text:
                offer(name, (1, 0))
            elif query in name.text or compact in name.compact:
                offer(name, (2, 0))
        if len(best) < limit and len(compact) >= 4:
            self._suggest_fuzzy(query_words, query, limit, offer)
        ranked = sorted(best, key=lambda topic_id: best[topic_id][0])[:limit]
        return [(*self.topics[topic_id], self._matched_label(best[topic_id][1])) for topic_id in ranked]

    def _matched_label(self, name):
        """The name patients typed when it is not (part of) the title: "lumbago" for Chronic low back pain."""
        title = self.topics[name.topic_id][0]
        if name.is_title or f" {name.text} " in f" {' '.join(words(title))} ":
            return None
        return name.label

    def _suggest_fuzzy(self, query_words, query, limit, offer):
        """Names with a word that nearly starts with a one-word query, or that nearly contain a longer one."""
        if len(query_words) == 1:
            word = query_words[0]
            size = len(word)
            # Compare with prefixes one letter shorter, as long and longer, so a missing or extra letter is one edit.
            for length in (size - 1, size, size + 1):
                prefixes = [w[:length] for w in self.word_list]
                for _prefix, distance, index in process.extract(
                    word, prefixes, scorer=OSA.distance, score_cutoff=max_edits(word), limit=limit * 3
                ):
                    for name_index in self.by_word[self.word_list[index]]:
                        offer(self.names[name_index], (3, distance))
            return
        for _text, score, index in process.extract(
            query, self.name_texts, scorer=fuzz.partial_ratio, score_cutoff=80, limit=limit * 3
        ):
            offer(self.names[index], (4, -score))


class SpanishVocabulary(Vocabulary):
    """Spanish stop words and plurals (`search.spanish`)."""

    stopwords = SPANISH_STOPWORDS
    stem = staticmethod(spanish_stem)


# Loading and freshness.

#: Seconds between checks of a cheap database fingerprint, a safety net for bumps a process cannot see
#: (development's per-process cache while `import_medlineplus` runs in another process).
CHECK_INTERVAL = 60
CORPUS_CACHE_SECONDS = 24 * 3600

#: One vocabulary per language (a Spanish search never corrects towards English words), each with its own state.
_locals = defaultdict(lambda: {"version": None, "fingerprint": None, "checked_at": 0.0, "vocabulary": None})
_lock = threading.Lock()


def _topics(language=None, restricted_paths=None):
    """Live public topics of `language`; `restricted_paths` saves reading the view restrictions again."""
    from topics.models import TopicPage

    topics = TopicPage.objects.live().filter(locale__language_code=language or settings.LANGUAGE_CODE)
    return topics.public() if restricted_paths is None else without_restricted(topics, restricted_paths)


def without_restricted(queryset, restricted_paths):
    """`queryset` without the pages at or below `restricted_paths`, as Wagtail's `.public()` filters them."""
    for path in restricted_paths:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def fingerprint(language=None):
    """Live topics' count, newest id and publication: a safety net for missed version bumps (view restrictions are
    left out: saving or deleting one bumps the version, search.signals)."""
    stats = _topics(language, restricted_paths=()).aggregate(
        count=Count("pk"), published=Max("last_published_at"), top=Max("pk")
    )
    return f"{stats['count']}-{stats['top']}-{stats['published'] and stats['published'].timestamp()}"


def articles_of(language, restricted_paths):
    """Live public blog articles of `language`."""
    from blog.models import ArticlePage
    from website.languages import locale_id_for

    articles = ArticlePage.objects.live().filter(locale_id=locale_id_for(language or settings.LANGUAGE_CODE))
    return without_restricted(articles, restricted_paths)


def corpus_words(queryset):
    """Every word of the topics' text (title, synonyms, summary, body blocks): words we must not "correct"."""
    found = set()
    rows = queryset.annotate(body_text=Cast("body", TextField())).values_list("summary", "body_text")
    for summary, body_text in rows:
        # The body's raw JSON: block names and markup add a few harmless words.
        found.update(words(f"{summary} {body_text or ''}"))
    return frozenset(found)


def group_names(queryset):
    """{topic id: (group name, ...)} in the groups' order, in one query."""
    through = queryset.model.groups.through.objects.filter(topicpage__in=queryset.values("pk"))
    found = defaultdict(list)
    rows = through.order_by("topicgroup__sort_order", "topicgroup__name", "topicgroup_id")
    for topic_id, name in rows.values_list("topicpage_id", "topicgroup__name"):
        found[topic_id].append(name)
    return {topic_id: tuple(names) for topic_id, names in found.items()}


def searchable_codes(queryset):
    """{topic id: [code, ...]}: the diagnosis and medicine codes of the topics (ICD-10-CM, SNOMED CT, RxNorm) and
    the ICD-10-CM codes' parents, in one query. They are names of their topic, so "M54.5" (or "m54.5", or "M54")
    names the page coded M54.50; MeSH headings
    are left out (they are wordings, and would name library pages for everyday words)."""
    from topics.codes import MESH, with_parents
    from topics.models import TopicCode

    found = defaultdict(dict)
    rows = TopicCode.objects.filter(page__in=queryset.values("pk")).exclude(system=MESH)
    for topic_id, system, code in rows.order_by("sort_order", "pk").values_list("page_id", "system", "code"):
        found[topic_id].update(dict.fromkeys(with_parents(system, code)))
    return {topic_id: list(codes) for topic_id, codes in found.items()}


def promotions_of(language):
    """{normalised query: [Promotion]}: every promotion a search in `language` may show, in one query. Pages must
    be live and in `language` (a Spanish search never promotes an English page); external links show in both."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from topics.models import TopicPage
    from website.languages import locale_id_for

    topic_type = ContentType.objects.get_for_model(TopicPage).pk
    rows = SearchPromotion.objects.filter(
        Q(page__isnull=True) | Q(page__live=True, page__locale_id=locale_id_for(language))
    ).values_list(
        "pk", "sort_order", "query__query_string", "page_id", "page__content_type_id", "page__title",
        "page__url_path", "external_link_text", "external_link_url", "description",
    )  # fmt: skip
    found = defaultdict(list)
    for pk, order, query, page_id, type_id, title, url_path, link_text, link_url, description in rows:
        page_url = url_path and _relative_url(url_path)
        found[query].append(
            Promotion(
                pk=pk,
                order=(order is None, order or 0, pk),
                title=title if page_id else link_text,
                url=page_url if page_id else link_url,
                description=description,
                topic_id=page_id if page_id and type_id == topic_type else None,
            )
        )
    return dict(found)


def build(corpus=None, language=None):
    from wagtail.models import PageViewRestriction

    language = language or settings.LANGUAGE_CODE
    restricted = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
    queryset = _topics(language, restricted)
    rows = list(queryset.order_by("title").values_list("pk", "title", "also_called", "url_path", "source", "summary"))
    codes = searchable_codes(queryset)
    topics = [
        (pk, title, "\n".join([also_called, *codes.get(pk, ())]), _relative_url(url_path))
        for pk, title, also_called, url_path, *_ in rows
    ]
    topics = with_synonyms([topic for topic in topics if topic[3] is not None], language)
    clinic = {row[0] for row in rows if row[4] == queryset.model.SOURCE_CLINIC}
    groups = group_names(queryset)
    details = {pk: (source, summary, groups.get(pk, ())) for pk, _t, _a, _u, source, summary in rows}
    if corpus is None:
        corpus = corpus_words(queryset)
    articles = {}
    for pk, title, url_path, standfirst in articles_of(language, restricted).values_list(
        "pk", "title", "url_path", "standfirst"
    ):
        url = _relative_url(url_path)
        if url is not None:
            articles[pk] = {"title": title, "url": url, "standfirst": standfirst}
    names = (word for _pk, title, also_called, _url in topics for word in words(f"{title} {also_called}"))
    vocabulary = vocabulary_class(language)(
        topics,
        corpus | frozenset(names),
        clinic_topics=clinic,
        details=details,
        promotions=promotions_of(language),
        restricted_paths=restricted,
        articles=articles,
    )
    vocabulary.language = language
    return vocabulary


def vocabulary_class(language=None):
    """The Vocabulary subclass with `language`'s stop words and plurals."""
    return SpanishVocabulary if language == "es" else Vocabulary


def _relative_url(url_path):
    """The page's URL from its url_path, as Page.get_url() would give it, without a query per page."""
    from wagtail.models import Site

    root_paths = Site.get_site_root_paths()
    for root in root_paths:
        if url_path.startswith(root.root_path):
            path = url_path[len(root.root_path) - 1 :]
            if root.language_code and root.language_code != settings.LANGUAGE_CODE:
                path = f"/{root.language_code}{path}"  # i18n_patterns: /es/... for Spanish pages
            return path if root.site_id == root_paths[0].site_id else root.root_url + path
    return None


def get_vocabulary(language=None):
    """This process's vocabulary of one language's topics (default English), rebuilt when the version changes
    or the fingerprint shows missed changes.

    The expensive part (every word of every topic) is shared between processes through Django's cache.
    """
    language = language or settings.LANGUAGE_CODE
    _local = _locals[language]
    version = VERSION.current()
    now = time.monotonic()
    vocabulary = _local["vocabulary"]
    if vocabulary is not None and version == _local["version"] and now - _local["checked_at"] < CHECK_INTERVAL:
        return vocabulary
    with _lock:
        current = fingerprint(language)
        if vocabulary is not None and version == _local["version"] and current == _local["fingerprint"]:
            _local["checked_at"] = now
            return vocabulary
        key = f"search:vocabulary:corpus:{language}:{version}:{current}"
        corpus = cache.get(key)
        vocabulary = build(corpus, language)
        vocabulary.version = f"{version}-{current}"
        if corpus is None:
            cache.set(key, vocabulary.corpus_words, CORPUS_CACHE_SECONDS)
        _local.update(version=version, fingerprint=current, checked_at=now, vocabulary=vocabulary)
    return vocabulary


def cache_version(language=None):
    """A key part that changes whenever this process's vocabulary of `language` is rebuilt: cached search
    results (`search.results`) keyed on it retire with the vocabulary, on the same signals."""
    return get_vocabulary(language).version


def invalidate():
    VERSION.renew()
