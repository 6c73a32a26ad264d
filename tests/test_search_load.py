"""Search under load, on real Redis: results cached until content changes, counts kept in Redis and flushed in
batches (per language), a fall back to direct writes when Redis is down, and query counts pinned in both languages.
"""

import re
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from search import counts
from search.models import ZeroResultQuery
from search.synonyms import SearchSynonym
from tests.factories import TopicGroupFactory, TopicPageFactory

RESULT_RE = re.compile(r'<li class="search-result[^"]*">\s*<h2><a href="([^"]+)">([^<]+)</a></h2>')

REDIS_CACHE = {
    "BACKEND": "website.cache.CircuitBreakerRedisCache",
    # Production's default cache, in this checkout's test database (TEST_REDIS_URL), under its own prefix.
    "LOCATION": django_settings.TEST_REDIS_URL,
    "KEY_PREFIX": f"{django_settings.TEST_KEY_PREFIX}-search",
    "OPTIONS": {
        "FAIL_SILENTLY": True,
        "SOCKET_CONNECT_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
        "SOCKET_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
    },
}


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    cache = caches["default"]
    cache.delete_pattern("*")  # this prefix's keys only: the rate limits share the database
    yield cache
    cache.delete_pattern("*")


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {**settings.CACHES, "default": {**REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}}


def titles(client, query, path="/search/", **params):
    response = client.get(path, {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return [title for _url, title in RESULT_RE.findall(html[html.index("<main") : html.index("</main>")])]


def count_queries(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def full_text_queries(client, path, params):
    """How many of a request's queries searched the full-text index (topics or articles)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return sum("to_tsquery" in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def gout(topic_index):
    return TopicPageFactory(parent=topic_index, title="Gout", summary="Sudden painful swelling of a joint.")


# Bad input first: it never fails, cached or not, whatever Redis does.


@pytest.mark.parametrize("page", ["abc", "0", "99999", "1" * 5000, "²"])
def test_bad_page_numbers_of_a_cached_search_answer_with_a_notice(client, redis_cache, topic_index, page):
    for n in range(12):
        TopicPageFactory(parent=topic_index, title=f"Back pain {n}")
    assert len(titles(client, "back pain")) == 10
    response = client.get("/search/", {"q": "back pain", "page": page})
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()
    assert len(redis_cache.keys("search:results:*")) == 1  # made-up page numbers add no entry


def test_with_redis_down_search_answers_and_counts_go_straight_to_the_database(client, redis_down, gout):
    for _ in range(2):
        assert titles(client, "gout") == ["Gout"]
        assert titles(client, "xylophone") == []
    assert Query.get("gout").hits == 2
    assert ZeroResultQuery.objects.get(query_text="xylophone").count == 2
    assert call_command("flush_search_counts", stdout=StringIO()) is None


# The results cache.


def test_a_repeated_search_makes_no_search_query(client, redis_cache, gout):
    assert full_text_queries(client, "/search/", {"q": "gout"}) == 2  # the topics, the blog articles
    assert full_text_queries(client, "/search/", {"q": "gout"}) == 0
    assert full_text_queries(client, "/search/", {"q": "  GOUT "}) == 0  # the same search, normalised
    assert full_text_queries(client, "/search/", {"q": "gout", "page": "1"}) == 0
    assert full_text_queries(client, "/es/search/", {"q": "gout"}) > 0  # each language has its own results
    assert full_text_queries(client, "/es/search/", {"q": "gout"}) == 0
    assert titles(client, "gout") == ["Gout"]


def test_publishing_unpublishing_and_deleting_a_topic_show_at_once(client, redis_cache, gout, topic_index):
    assert titles(client, "gout") == ["Gout"]
    other = TopicPageFactory(parent=topic_index, title="Gout in the knee")
    assert titles(client, "gout") == ["Gout", "Gout in the knee"]
    other.title = "Gout of the knee"
    other.save_revision().publish()
    assert titles(client, "gout") == ["Gout", "Gout of the knee"]
    other.unpublish()
    assert titles(client, "gout") == ["Gout"]
    gout.delete()
    assert titles(client, "gout") == []


def test_a_topic_made_private_leaves_cached_results(client, redis_cache, gout):
    assert titles(client, "gout") == ["Gout"]
    restriction = PageViewRestriction.objects.create(page=gout, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client, "gout") == []
    restriction.delete()
    assert titles(client, "gout") == ["Gout"]


def test_a_new_promotion_or_synonym_changes_cached_results(client, redis_cache, gout, topic_index):
    neck = TopicPageFactory(parent=topic_index, title="Neck pain")
    assert titles(client, "gout") == ["Gout"]
    promotion = SearchPromotion.objects.create(query=Query.get("gout"), page=neck, sort_order=0)
    assert titles(client, "gout") == ["Neck pain", "Gout"]
    promotion.delete()
    assert titles(client, "gout") == ["Gout"]
    assert titles(client, "podagra") == []
    SearchSynonym.objects.create(term="podagra", topic=gout)
    assert titles(client, "podagra") == ["Gout"]


# Counts: in Redis, flushed in batches, per language.


@pytest.mark.any_hour
def test_counts_of_cached_searches_reach_the_database_after_the_flush_per_language(
    client, redis_cache, gout, spanish_topic_index
):
    client.get("/search/", {"q": "gout"})  # the first search finds the flush lock free and writes at once
    assert Query.get("gout").hits == 1
    for _ in range(3):
        client.get("/search/", {"q": "Gout"})  # served from the results cache, still counted
        client.get("/search/", {"q": "xylophone"})
    client.get("/search/", {"q": "gout", "page": "2"})  # later pages are not counted
    for _ in range(2):
        client.get("/es/search/", {"q": "xylophone"})
    assert Query.get("gout").hits == 1
    assert not ZeroResultQuery.objects.exists()

    out = StringIO()
    call_command("flush_search_counts", stdout=out)
    assert "Wrote 8 searches to popular queries and 5 with no results." in out.getvalue()
    assert Query.get("gout").hits == 4
    assert Query.get("xylophone").hits == 5
    rows = ZeroResultQuery.objects.values_list("query_text", "language", "day", "count")
    assert set(rows) == {("xylophone", "en", timezone.localdate(), 3), ("xylophone", "es", timezone.localdate(), 2)}
    assert redis_cache.keys("search:counts:*") == [counts.FLUSH_LOCK_KEY]  # nothing left to write

    call_command("flush_search_counts", stdout=out)  # nothing twice
    assert Query.get("gout").hits == 4


def test_the_request_path_flushes_once_the_interval_has_passed(client, redis_cache, gout):
    client.get("/search/", {"q": "xylophone"})
    client.get("/search/", {"q": "xylophone"})
    assert ZeroResultQuery.objects.get().count == 1
    redis_cache.delete(counts.FLUSH_LOCK_KEY)  # as when SEARCH_COUNTS_FLUSH_SECONDS have passed
    client.get("/search/", {"q": "xylophone"})
    assert ZeroResultQuery.objects.get().count == 3


def test_the_no_results_report_flushes_first(client, admin_client, redis_cache, gout):
    for _ in range(3):
        client.get("/search/", {"q": "xylophone lessons"})
    assert ZeroResultQuery.objects.get().count == 1
    html = admin_client.get("/admin/reports/zero-result-searches/").content.decode()
    assert re.search(r"xylophone lessons.*?>\s*3\s*<", html, re.S)


# Query counts: constant as topics grow, in both languages.


def make_topics(parent, count, start, title):
    group = TopicGroupFactory()
    for n in range(start, start + count):
        page = TopicPageFactory(parent=parent, title=f"{title} {n}", also_called=f"headache {n}")
        page.groups.set([group])


# A search page's queries besides the search's own: the site and the clinic's details (settings), the header's
# landmark links (topic index, contact page), the language switcher (the home page's translations, .public()).
SHARED_QUERIES = 5


@pytest.mark.parametrize(
    ("path", "query", "title"), [("/search/", "migrane", "Migraine type"), ("/es/search/", "migrama", "Migraña tipo")]
)
def test_search_query_counts_stay_constant_as_topics_grow(
    client, redis_cache, settings, spanish_topic_index, topic_index, path, query, title, django_assert_max_num_queries
):
    parent = spanish_topic_index if path.startswith("/es/") else topic_index
    found = []
    for start, count in [(0, 13), (13, 30)]:  # two pages of results, then five
        make_topics(parent, count, start, title)
        client.get(path, {"q": "warm up"})  # the vocabulary is built once after a change
        settings.SEARCH_RESULTS_CACHE_SECONDS = 0
        cold = count_queries(client, path, {"q": query}), count_queries(client, path, {"q": query, "page": "2"})
        settings.SEARCH_RESULTS_CACHE_SECONDS = 600
        client.get(path, {"q": query})
        cached = count_queries(client, path, {"q": query}), count_queries(client, path, {"q": query, "page": "2"})
        found.append((cold, cached))
    assert len(titles(client, query, path)) == 10
    assert found[0] == found[1]
    # Cold: one full-text query for the topics (the corrected words), one for the blog articles on the first page.
    with django_assert_max_num_queries(SHARED_QUERIES + 2):
        settings.SEARCH_RESULTS_CACHE_SECONDS = 0
        client.get(path, {"q": query})
    with django_assert_max_num_queries(SHARED_QUERIES + 1):
        client.get(path, {"q": query, "page": "2"})
    settings.SEARCH_RESULTS_CACHE_SECONDS = 600
    client.get(path, {"q": query})
    with django_assert_max_num_queries(SHARED_QUERIES):
        client.get(path, {"q": query})
