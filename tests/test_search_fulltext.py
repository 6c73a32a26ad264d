"""The compiled full-text queries (search.fulltext) are Wagtail's own: the same SQL and parameters Wagtail's
PostgreSQL backend builds for each search, and so the same results in the same order."""

from django.db import connection

from blog.models import ArticlePage
from search import engine
from search.backend import for_language
from search.fulltext import tsquery
from search.vocabulary import get_vocabulary

TEXTS = ["back pain", "migraine", "slipped disc sciatica", "o'brien", "osteo-arthritis", "dolor de espalda"]


def wagtail_sql(results, *fields):
    return results.get_queryset().values_list(*fields).query.sql_with_params()


def test_a_topic_search_runs_the_sql_wagtail_builds(demo):
    for language, operator in [("en", "and"), ("en", "or"), ("es", "and"), ("es", "or")]:
        assert_same_sql(language, operator)


def assert_same_sql(language, operator):
    vocabulary = get_vocabulary(language)
    queryset = engine.topics_queryset(vocabulary, language)
    backend = for_language(language)
    statement = engine.topics_statement(queryset, backend)
    assert statement is not None
    for text in TEXTS:
        results = backend.search(text, queryset, operator=operator).annotate_score("_score")[: engine.MAX_RESULTS]
        sql, params = wagtail_sql(results, "pk", "source", "_score")
        ours = list(statement.params)
        for index in statement.slots:
            ours[index] = tsquery(text, operator)
        assert (statement.sql, tuple(ours)) == (sql, tuple(params)), text
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert statement.rows(text, operator) == cursor.fetchall()


def test_articles_are_the_blog_search_results(demo):
    from blog.search import matching_articles

    for language in ["en", "es"]:
        vocabulary = get_vocabulary(language)
        for text in ["ketamine", "pain", "neck", "infusiones ketamina", "nothing like this"]:
            expected = [
                {"title": article.title, "url": article.url, "standfirst": article.standfirst}
                for article in matching_articles(text, language)
            ]
            assert engine.matching_articles(text, language, vocabulary) == expected, text
        assert vocabulary.statement("articles", lambda: None) is not None
    assert ArticlePage.objects.live().filter(locale__language_code="es").exists()
