"""Finding the site's landmark pages (topic index, contact page, clinic information) for header and footer links:
one query a request.

Apps register the page types they link to from every page (`register_landmark`); the first link on a request
loads every landmark under the current site's root at once, with its URL, and later links reuse them; they are
shared between requests until a page is published, moved or deleted (website/shared.py), so a page's header and
footer work out no URL.
"""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Substr
from django.utils import translation
from wagtail.models import Page, Site

from website.languages import locale_id_for
from website.shared import find_site, shared

_landmark_models = []


def register_landmark(model):
    if model not in _landmark_models:
        _landmark_models.append(model)
    return model


class Landmark(NamedTuple):
    content_type_id: int
    locale_id: int
    title: str
    url: str  # relative on the site whose landmarks these are (Page.get_url)


def _landmarks(request):
    site = find_site(request) if request is not None else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    # The URLs are the site's own (relative): the entry is per site, and the request is on that site.
    return shared(f"landmarks:{site.pk}", lambda: _read_landmarks(site, request))


def _read_landmarks(site, request):
    content_types = ContentType.objects.get_for_models(*_landmark_models).values()
    # The site's root page and its translations (the Spanish home page is its sibling), in the same query.
    root = site.root_page
    roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth).values("path")
    pages = (
        Page.objects.live()
        .annotate(root_path=Substr("path", 1, len(root.path)))
        .filter(root_path__in=roots, content_type__in=content_types)
        .only("id", "title", "path", "depth", "url_path", "locale_id", "content_type_id")
        .order_by("path")
    )
    return [Landmark(page.content_type_id, page.locale_id, page.title, page.get_url(request)) for page in pages]


def _site_pages_of(context, model):
    request = context.get("request")
    cache = request.__dict__ if request is not None else {}
    if "_site_landmarks" not in cache:
        cache["_site_landmarks"] = _landmarks(request)
    content_type = ContentType.objects.get_for_model(model)
    return [page for page in cache["_site_landmarks"] if page.content_type_id == content_type.id]


def _locale_id(context):
    """The current page's locale; on a view without a page (search, 404) the locale of the URL's language."""
    locale_id = getattr(context.get("page"), "locale_id", None)
    return locale_id if locale_id is not None else locale_id_for(translation.get_language())


def site_page_url(context, model):
    """The URL of the live `model` page under the current site's root, in the current page's language when there
    is one per language (else the first by tree order); "" when there is none."""
    pages = _site_pages_of(context, model)
    locale_id = _locale_id(context)
    chosen = next((page for page in pages if page.locale_id == locale_id), pages[0] if pages else None)
    return chosen.url if chosen else ""


def site_page_links(context, model):
    """[(title, URL)] of every live `model` page under the current site's root, in tree order, in the current
    page's language when it has any (else in the first page's language)."""
    pages = _site_pages_of(context, model)
    locale_id = _locale_id(context)
    if not any(page.locale_id == locale_id for page in pages):
        locale_id = pages[0].locale_id if pages else None
    return [(page.title, page.url) for page in pages if page.locale_id == locale_id]
