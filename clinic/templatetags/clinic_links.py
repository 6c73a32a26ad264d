from django import template

from clinic.models import ClinicInfoPage
from website.sitepages import register_landmark, site_page_links

register = template.Library()
register_landmark(ClinicInfoPage)


@register.simple_tag(takes_context=True)
def clinic_info_links(context):
    """[(title, url)] of the site's clinic information pages ("Visiting us"...) in tree order, for the footer."""
    return site_page_links(context, ClinicInfoPage)
