from django import template

from blog.models import BlogIndexPage
from website.sitepages import register_landmark, site_page_url

register = template.Library()
register_landmark(BlogIndexPage)


@register.simple_tag(takes_context=True)
def blog_index_url(context):
    """The current site's blog (in the page's language when it has one there); "" when the site has no blog."""
    return site_page_url(context, BlogIndexPage)
