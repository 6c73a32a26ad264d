from django import template

from website import routing

register = template.Library()


@register.simple_tag
def breadcrumb_pages(page):
    """`{% breadcrumb_pages page as ancestors %}`: the page's ancestors below the tree's root, home page first."""
    return routing.breadcrumb_pages(page)
