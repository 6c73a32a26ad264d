from django import template

from contact.models import ContactPage
from website.sitepages import register_landmark, site_page_url

register = template.Library()
register_landmark(ContactPage)


@register.simple_tag(takes_context=True)
def contact_page_url(context):
    """The current site's contact page (in the page's language)."""
    return site_page_url(context, ContactPage)
