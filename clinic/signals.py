"""A topic page's referral criteria show on the Referrals page and in its referral form (clinic.referrals): publishing
or unpublishing a topic page purges both from the page cache and Varnish, in every language the page has."""

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from pagecache.signals import purging_is_suspended
from topics.models import TopicPage

from .models import ClinicInfoPage


def purge_referral_pages(sender, instance, **kwargs):
    """Only the referral pages (their page and form): they are clinic pages, linked from every page's footer, but
    a criterion changes nothing else, so this is not a purge of every page."""
    if purging_is_suspended() or not isinstance(instance, TopicPage):
        return
    pages = ClinicInfoPage.objects.live().filter(shows_referral_criteria=True)
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.purge()


def connect():
    page_published.connect(purge_referral_pages, dispatch_uid="clinic-referral-criteria-published")
    page_unpublished.connect(purge_referral_pages, dispatch_uid="clinic-referral-criteria-unpublished")
