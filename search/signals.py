"""Keep the search vocabulary and the cached search results fresh: one version (search.vocabulary) is bumped when
a page is published, unpublished, moved or deleted, a topic saved, a view restriction, a promotion or a search
synonym changed."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import vocabulary


def topic_changed(sender, **kwargs):
    """Invalidate now (this process may search before commit) and after commit (others may have rebuilt meanwhile)."""
    if kwargs.get("raw"):
        return
    vocabulary.invalidate()
    transaction.on_commit(vocabulary.invalidate)


def connect():
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page, PageViewRestriction

    from topics.models import TopicPage

    from .synonyms import SearchSynonym

    # Page signals fire for every page type; a needless rebuild is cheap, a stale vocabulary is not.
    page_published.connect(topic_changed, dispatch_uid="search_vocabulary_published")
    page_unpublished.connect(topic_changed, dispatch_uid="search_vocabulary_unpublished")
    post_page_move.connect(topic_changed, dispatch_uid="search_vocabulary_moved")
    post_save.connect(topic_changed, sender=TopicPage, dispatch_uid="search_vocabulary_saved")
    post_delete.connect(topic_changed, sender=TopicPage, dispatch_uid="search_vocabulary_deleted")
    # Any page deleted (a blog article listed under the topics), made private or public again.
    post_delete.connect(topic_changed, sender=Page, dispatch_uid="search_results_page_deleted")
    post_save.connect(topic_changed, sender=PageViewRestriction, dispatch_uid="search_results_restricted")
    post_delete.connect(topic_changed, sender=PageViewRestriction, dispatch_uid="search_results_unrestricted")
    post_save.connect(topic_changed, sender=SearchPromotion, dispatch_uid="search_results_promotion_saved")
    post_delete.connect(topic_changed, sender=SearchPromotion, dispatch_uid="search_results_promotion_deleted")
    post_save.connect(topic_changed, sender=SearchSynonym, dispatch_uid="search_synonym_saved")
    post_delete.connect(topic_changed, sender=SearchSynonym, dispatch_uid="search_synonym_deleted")
