from django import template

from website.languages import languages_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """`{% page_languages page as languages %}`: the page's language, its switcher link and hreflang alternates."""
    request = context.get("request")
    page = page if getattr(page, "translation_key", None) else None
    return languages_for(request, page)
