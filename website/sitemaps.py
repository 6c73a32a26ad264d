"""/sitemap.xml: every live public page in every language, each translated page with its hreflang alternates."""

from functools import reduce
from operator import or_

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .languages import language_code_of


class TranslatedSitemap(Sitemap):
    """Wagtail's sitemap lists only the English tree (the site's root page); this adds the Spanish home's tree
    and, for a page with a live translation, `<xhtml:link rel="alternate" hreflang>` for each version."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        trees = reduce(or_, (Page.objects.descendant_of(root, inclusive=True) for root in roots))
        return trees.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        versions = {}  # translation key -> {language: url}
        key_of_url = {}
        for item in self.paginator.page(page).object_list:
            url = item.get_full_url(self.request)
            key_of_url[url] = item.translation_key
            versions.setdefault(item.translation_key, {})[language_code_of(item.locale_id)] = url
        for info in urls:
            same = versions.get(key_of_url.get(info["location"]), {})
            if len(same) > 1:
                info["alternates"] = [
                    {"lang_code": code, "location": same[code]} for code, _name in settings.LANGUAGES if code in same
                ]
                if settings.LANGUAGE_CODE in same:
                    info["alternates"].append({"lang_code": "x-default", "location": same[settings.LANGUAGE_CODE]})
        return urls
