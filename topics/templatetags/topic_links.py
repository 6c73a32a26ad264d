from django import template

from topics.models import TopicIndexPage
from website.sitepages import register_landmark, site_page_url

register = template.Library()
register_landmark(TopicIndexPage)


@register.simple_tag(takes_context=True)
def topic_index_url(context):
    """The current site's topic index (in the page's language), for "browse all topics" links."""
    return site_page_url(context, TopicIndexPage)
