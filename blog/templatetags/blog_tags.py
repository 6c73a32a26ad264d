from django import template

from blog.models import ArticlePage
from website.shared import public

register = template.Library()

#: How many articles a topic page lists.
TOPIC_ARTICLES = 3


@register.simple_tag
def latest_articles_about(topic):
    """The newest live, public articles about `topic`, in one query however many there are."""
    return list(
        public(ArticlePage.objects.live())
        .filter(topics=topic)
        .order_by("-published_date", "-pk")
        .only("pk", "title", "slug", "url_path", "published_date", "locale_id")[:TOPIC_ARTICLES]
    )
