"""English and Spanish versions of a page: the header's language switcher and the hreflang alternates.

The language of a page is its Wagtail locale; anything else (search, the 404 page) is in the language of the
URL (/es/... Spanish). Everything a page needs is read with one query over the page's and the home page's
translations (shared between requests until a page is published or moved: website/shared.py); the switcher never
points at a page that would answer 404.
"""

import threading
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.http import urlencode
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished

from website.shared import find_site, link_origin, public, shared

#: Each language's name in that language: a Spanish reader looks for "Español", not "Spanish".
OWN_NAMES = {"en": "English", "es": "Español"}

_locale_codes = {}
#: Counts `forget_locales` calls: a read that began before one must not store what it read (see `_read_locales`).
_forgotten = 0
_locale_lock = threading.Lock()


def language_code_of(locale_id):
    """A locale id's language code, without a query per page (the map is forgotten when a locale is saved or
    deleted, and after migrations or a flush, so a locale made again under a new id is found)."""
    codes = _locale_codes if locale_id in _locale_codes else _read_locales()
    return codes.get(locale_id, settings.LANGUAGE_CODE)


def locale_id_for(language_code):
    """The id of a language's locale (None if it has none), from the same map as language_code_of."""
    found = next((pk for pk, code in _locale_codes.items() if code == language_code), None)
    if found is None:
        found = next((pk for pk, code in _read_locales().items() if code == language_code), None)
    return found


def _read_locales():
    """The locales as the database has them now, kept as the process's map as a whole: an id this process has not
    seen means locales were made again, and the old ids (rolled back or flushed) must not keep answering.

    A read that a `forget_locales` overtook (a locale saved, or the database replaced, while this thread was
    reading) answers its own call but is not kept: kept, its old ids would answer for their language until the
    next change, and every page filtered by that language would look empty."""
    global _locale_codes
    began = _forgotten
    read = dict(Locale.objects.values_list("pk", "language_code"))
    with _locale_lock:
        if began == _forgotten:
            _locale_codes = read
    return read


@dataclass
class Languages:
    """What the head and the header need: this page's language, the other one's link, the alternates."""

    code: str
    switch_code: str = ""
    switch_url: str = ""
    home_url: str = "/"
    #: [(language code, full URL)] of every live version of this page, when it has a translation.
    alternates: list = field(default_factory=list)
    x_default: str = ""

    @property
    def switch_label(self):
        return OWN_NAMES.get(self.switch_code, self.switch_code)


def other_language(code):
    return next((c for c, _name in settings.LANGUAGES if c != code), code)


def languages_for(request, page=None):
    code = language_code_of(page.locale_id) if page is not None and page.pk else translation.get_language()
    code = code if code in OWN_NAMES else settings.LANGUAGE_CODE
    other = other_language(code)
    languages = Languages(code=code, switch_code=other)
    site = find_site(request)
    if site is None:
        return languages
    keys = {site.root_page.translation_key}
    # A page not translated yet switches to its parent's translation (an article to the other blog index), read
    # in the same query; the parent is known from routing (`_route_ancestors`), else the home page is the fallback.
    ancestors = getattr(page, "_route_ancestors", None) or []
    parent_key = ancestors[-1].translation_key if ancestors else None
    if page is not None and page.pk:
        keys.add(page.translation_key)
        if parent_key is not None:
            keys.add(parent_key)
    versions = shared(
        f"translations:{site.pk}:{link_origin(request)}:{':'.join(sorted(str(key) for key in keys))}",
        lambda: read_versions(keys, request),
    )
    homes = {v.language_code: v for v in versions if v.translation_key == site.root_page.translation_key}
    if code in homes:
        languages.home_url = homes[code].url
    if page is not None and page.pk:
        same = {v.language_code: v for v in versions if v.translation_key == page.translation_key}
        if len(same) > 1:
            languages.alternates = [(c, same[c].full_url) for c, _n in settings.LANGUAGES if c in same]
            default = same.get(settings.LANGUAGE_CODE)
            languages.x_default = default.full_url if default else ""
        parents = {v.language_code: v for v in versions if v.translation_key == parent_key}
        target = same.get(other) or parents.get(other) or homes.get(other)
        languages.switch_url = (target.url if target else "") or ""
        if languages.switch_url and target is same.get(other):
            languages.switch_url += kept_query(request, getattr(page, "switch_keeps_query", ()))
    elif other in homes:
        languages.switch_url = other_view_url(request) or homes[other].url
    return languages


def kept_query(request, names):
    """`?slot=12` for a page whose switch link keeps those parameters (the same in both languages), else ""."""
    if request is None or not names:
        return ""
    kept = [
        (name, request.GET[name]) for name in names if request.GET.get(name, "").isascii() and request.GET.get(name)
    ]
    return "?" + urlencode(kept) if kept else ""


class Version(NamedTuple):
    """A live, public page in one language, with its URLs (relative on the current site, and full)."""

    translation_key: uuid.UUID
    language_code: str
    url: str
    full_url: str


def read_versions(translation_keys, request):
    """Every live public page with one of `translation_keys`, with its URLs: worked out once, then shared between
    requests to the same site (the shared entry's name carries the site)."""
    pages = public(Page.objects.filter(translation_key__in=translation_keys).live()).select_related("locale")
    return [
        Version(page.translation_key, page.locale.language_code, page.get_url(request), page.get_full_url(request))
        for page in pages
    ]


def other_view_url(request):
    """The same non-page view (search, suggestions) in the other language: `/search/?q=x` -> `/es/search/?q=x`.

    As Django's `translate_url(request.get_full_path(), other)`, from the match the request was routed with."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return ""
    if match.url_name == "wagtail_serve":
        return ""  # a path Wagtail answered with 404: offer the other home page instead
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(other_language(translation.get_language())):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return ""
    query = request.META.get("QUERY_STRING", "")
    url = path + ("?" + iri_to_uri(query) if query else "")
    return url if url != request.get_full_path() else ""


def forget_site_root_paths(sender, instance, **kwargs):
    """A home page in another language was published or unpublished: Wagtail's cached list of where each site and
    language starts (Site.get_site_root_paths) would otherwise keep answering /es/ without it."""
    if instance.depth == 2:
        Site.clear_site_root_paths_cache()


def forget_locales(**kwargs):
    global _locale_codes, _forgotten
    with _locale_lock:
        _forgotten += 1
        _locale_codes = {}


post_save.connect(forget_locales, sender=Locale, dispatch_uid="website-forget-locales-saved")
post_delete.connect(forget_locales, sender=Locale, dispatch_uid="website-forget-locales-deleted")
post_migrate.connect(forget_locales, dispatch_uid="website-forget-locales-migrated")
page_published.connect(forget_site_root_paths, dispatch_uid="website-forget-site-root-paths-published")
page_unpublished.connect(forget_site_root_paths, dispatch_uid="website-forget-site-root-paths-unpublished")
