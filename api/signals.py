"""Forget every cached /api/ answer when what the API shows changes, after the transaction commits.

One purge of the path `/api/` per transaction, sent through Wagtail's frontend-cache backends (`pagecache`): the
Varnish configuration (deploy/varnish/clinic.vcl) drops every object under /api/ for it, whatever its query string.
The API's answers mix many pages (lists, lookups, translations), so a publish, unpublish, move or deletion of any page,
a view restriction, a topic group or the clinic details changing retires them all; a bulk import ends with a purge of
everything (`pagecache.signals.purging_suspended`).
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from topics.models import TopicGroup
from website.models import ClinicDetails


def api_urls():
    roots = {root.root_url for root in Site.get_site_root_paths()}
    return [f"{root}/api/" for root in sorted(roots)]


def send_purge():
    urls = api_urls()
    if urls:
        purge_urls_from_cache(urls)


def purge_api(sender=None, **kwargs):
    """Schedule the purge once per transaction (an import publishes a thousand pages in one)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and any(func is send_purge for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(send_purge)


def purge_api_on_setting_saved(sender, instance, created=False, **kwargs):
    """Not when a request creates the clinic details with their defaults: answers already showed those."""
    if not created:
        purge_api()


def purge_api_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page | PageViewRestriction | TopicGroup):
        purge_api()


page_published.connect(purge_api, dispatch_uid="api-purge-published")
page_unpublished.connect(purge_api, dispatch_uid="api-purge-unpublished")
post_page_move.connect(purge_api, dispatch_uid="api-purge-moved")
post_delete.connect(purge_api_on_delete, dispatch_uid="api-purge-deleted")
for model in (PageViewRestriction, TopicGroup):
    post_save.connect(purge_api, sender=model, dispatch_uid=f"api-purge-{model._meta.label_lower}-saved")
post_save.connect(purge_api_on_setting_saved, sender=ClinicDetails, dispatch_uid="api-purge-clinic-details-saved")
