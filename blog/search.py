"""Articles for site search: listed after the topics (a topic of equal relevance always comes first)."""

from website.languages import locale_id_for

from .models import ArticlePage

#: Site search shows at most this many articles, on the first page of results.
SEARCH_ARTICLES = 5


def matching_articles(text, language):
    """Up to SEARCH_ARTICLES live, public articles in `language` matching every word of `text`, best first."""
    if not text:
        return []
    articles = ArticlePage.objects.live().public().filter(locale_id=locale_id_for(language))
    articles = articles.defer_streamfields()
    return list(articles.search(text, operator="and")[:SEARCH_ARTICLES])
