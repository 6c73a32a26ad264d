"""Forget the cached SMART Scheduling Links publication (appointments/publication.py) when appointment times change.

One purge of each published path per transaction, after it commits, through Wagtail's frontend-cache backends
(`pagecache`: the page cache and every Varnish node, whose configuration drops every cached variant of a purged path).
Saving or deleting a slot purges through the signals below; the changes made by a single UPDATE or a bulk insert (a
patient holding a time on the contact form, stale holds released, a weekly pattern added) call `purge_publication`.
Changing the clinic details purges everything already (pagecache.signals). The treatment pages that show their next
open times (topics: `appointment_service` set) are purged with the files, in every language.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site

MANIFEST_PATH = "/$bulk-publish"
FILE_PATHS = {"Location": "/fhir/locations.ndjson", "Schedule": "/fhir/schedules.ndjson", "Slot": "/fhir/slots.ndjson"}


def publication_urls():
    roots = sorted({root.root_url for root in Site.get_site_root_paths()})
    return [f"{root}{path}" for root in roots for path in (MANIFEST_PATH, *FILE_PATHS.values())]


def pages_showing_times():
    """Live treatment pages that list open times (a reverse lookup: this module never imports the topics app)."""
    return Page.objects.live().filter(topicpage__appointment_service__gt="").order_by("pk")


def page_urls():
    return [url for url in (page.get_full_url() for page in pages_showing_times()) if url]


def send_purge():
    urls = publication_urls() + page_urls()
    if urls:
        purge_urls_from_cache(urls)


def purge_publication(sender=None, **kwargs):
    """Schedule the purge once per transaction (a weekly pattern adds hundreds of slots in one)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and any(func is send_purge for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(send_purge)


def connect(slot_model):
    post_save.connect(purge_publication, sender=slot_model, dispatch_uid="appointments-publication-slot-saved")
    post_delete.connect(purge_publication, sender=slot_model, dispatch_uid="appointments-publication-slot-deleted")
