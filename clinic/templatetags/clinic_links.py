from django import template
from django.utils import translation

from clinic.models import ClinicInfoPage
from website.languages import locale_id_for
from website.shared import find_site, shared
from website.sitepages import register_landmark, site_page_links

register = template.Library()
register_landmark(ClinicInfoPage)


@register.simple_tag(takes_context=True)
def clinic_info_links(context):
    """[(title, url)] of the site's clinic information pages ("Visiting us"...) in tree order, for the footer."""
    return site_page_links(context, ClinicInfoPage)


def clinic_page_url(context, name, **flag):
    """The URL of the live clinic page with `flag` set (e.g. shows_good_faith_estimate=True) in the page's language,
    else the first such page's; "" when there is none. Shared between requests until a page is published."""
    request = context.get("request")

    def build():
        pages = ClinicInfoPage.objects.live().filter(**flag).order_by("path")
        urls = {}
        for page in pages.only("id", "path", "depth", "url_path", "locale_id"):
            urls.setdefault(page.locale_id, page.get_url(request))
        return urls

    site = find_site(request) if request is not None else None
    urls = shared(f"{name}:{site.pk}", build) if site is not None else build()
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None) or locale_id_for(translation.get_language())
    return urls.get(locale_id) or next(iter(urls.values()), "")


@register.simple_tag(takes_context=True)
def good_faith_estimate_url(context):
    """Where the Good Faith Estimate notice is (the clinic page that shows it), with its anchor; "" when none."""
    url = clinic_page_url(context, "good-faith-estimate", shows_good_faith_estimate=True)
    return f"{url}#good-faith-estimate" if url else ""


@register.simple_tag(takes_context=True)
def referral_page_url(context):
    """The Referrals page (the clinic page that shows the referral route, criteria and form); "" when none."""
    return clinic_page_url(context, "referral-page", shows_referral_criteria=True)
