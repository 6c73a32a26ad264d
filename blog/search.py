"""Articles for site search: listed after the topics (a topic of equal relevance always comes first)."""

from website.languages import locale_id_for

from .models import ArticlePage

#: Site search shows at most this many articles, on the first page of results.
SEARCH_ARTICLES = 5


def matching_articles(text, language):
    """Up to SEARCH_ARTICLES live, public articles in `language` matching every word of `text`, best first."""
    if not text:
        return []
    from search.engine import public  # view restrictions without a query of their own

    articles = public(ArticlePage.objects.live().filter(locale_id=locale_id_for(language)), language)
    articles = articles.defer_streamfields()
    return list(articles.search(text, operator="and")[:SEARCH_ARTICLES])
