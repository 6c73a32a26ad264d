"""Purge exactly the pages a change shows up on, through Wagtail's frontend-cache backends.

Wagtail's own frontend_cache handlers purge a published or unpublished page; these add what
else displays it: its ancestors (listings, home page features, breadcrumbs), its descendants
(when a parent's title changes), its translations (their switcher and alternates link to it), pages that
reference it (related topics, featured topics), a page type's own dependents (`get_dependent_pages()`), and after
a move both the old and new URL; a page type linked from every page (`shown_on_every_page`, the footer's clinic
information pages) purges every cached page.
Saving a snippet purges the pages that use it; saving a site setting purges everything. Every purge
runs after the transaction commits (store.purge/purge_all and VarnishBackend use `transaction.on_commit`). Adding,
changing or removing a view restriction purges every page: the page and its descendants, and every
listing, related-topic list and featured topic that may show one of them (rare, and never worth a stale private page).
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .backends import purge_everything

_state = threading.local()


def purging_is_suspended():
    """Whether a bulk change (`purging_suspended()`) is under way: it purges every page once at its end."""
    return getattr(_state, "suspended", False)


def referencing_pages(obj):
    return [source for source, _refs in ReferenceIndex.get_grouped_references_to(obj) if isinstance(source, Page)]


def pages_showing(page):
    page = page.specific_deferred
    affected = [page, *page.get_ancestors().filter(depth__gt=1)]
    # Its other-language versions link to it (language switcher, hreflang alternates).
    affected += list(page.get_translations().live())
    if page.numchild:
        affected += list(page.get_descendants().live())
    affected += referencing_pages(page)
    dependents = getattr(page, "get_dependent_pages", None)
    if dependents:
        affected += list(dependents())
    return affected


def purge_pages(pages):
    if getattr(_state, "suspended", False):
        return
    if any(getattr(page, "shown_on_every_page", False) for page in pages):
        purge_everything()  # linked from every page's header or footer (clinic information pages)
    batch = PurgeBatch()
    batch.add_pages({page.pk: page for page in pages}.values())
    batch.purge()


def on_page_change(sender, instance, **kwargs):
    if getattr(_state, "suspended", False):
        return
    purge_pages(pages_showing(instance))


def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        on_page_deleted(instance)
    elif isinstance(instance, PageViewRestriction):
        on_restriction_changed(sender, instance)
    else:
        on_snippet_saved(sender, instance)


def on_page_deleted(instance):
    if getattr(_state, "suspended", False):
        return
    url = instance.get_full_url()
    if url:
        purge_urls_from_cache([url])
    if getattr(instance.specific_class, "shown_on_every_page", False):
        purge_everything()
    purge_pages(instance.get_ancestors().filter(depth__gt=1))


def full_url_for_path(url_path):
    """The public URL a page had at this tree path (`/home/topics/x/` -> `http://site/topics/x/`)."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.root_url + url_path[len(root.root_path) - 1 :]
    return None


def on_page_moved(sender, instance, parent_page_before, url_path_before, url_path_after, **kwargs):
    if url_path_before == url_path_after:
        return
    old_url = full_url_for_path(url_path_before)
    if old_url and not getattr(_state, "suspended", False):
        purge_urls_from_cache([old_url])
    purge_pages(pages_showing(instance) + pages_showing(parent_page_before))


def on_snippet_saved(sender, instance, **kwargs):
    if getattr(_state, "suspended", False) or type(instance) not in get_snippet_models():
        return
    affected = referencing_pages(instance)
    dependents = getattr(instance, "get_dependent_pages", None)
    if dependents:
        affected += list(dependents())
    purge_pages(affected)


def on_restriction_changed(sender, instance, **kwargs):
    """A page became private, changed how, or became public: forget every cached page."""
    if not getattr(_state, "suspended", False):
        purge_everything()


def on_setting_saved(sender, instance, created=False, **kwargs):
    """Site settings (the clinic's details) show in every page's header and footer: forget every cached page.

    Not when a page render creates the setting with its defaults (`for_request`): pages already showed those."""
    if created or getattr(_state, "suspended", False):
        return
    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        purge_everything()


page_published.connect(on_page_change, dispatch_uid="pagecache-published")
page_unpublished.connect(on_page_change, dispatch_uid="pagecache-unpublished")
post_delete.connect(on_deleted, dispatch_uid="pagecache-deleted")
post_save.connect(on_snippet_saved, dispatch_uid="pagecache-snippet-saved")
post_page_move.connect(on_page_moved, dispatch_uid="pagecache-moved")
post_save.connect(on_setting_saved, dispatch_uid="pagecache-setting-saved")
post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="pagecache-restriction-saved")


@contextmanager
def purging_suspended():
    """For bulk changes (an import): skip the per-page purges, then forget every cached page once at the end."""
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = False
        purge_everything()
