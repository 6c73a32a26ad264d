"""Keep the search vocabulary fresh: publishing, unpublishing, moving, saving or deleting a topic bumps its version."""

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
    from topics.models import TopicPage

    # Page signals fire for every page type; a needless rebuild is cheap, a stale vocabulary is not.
    page_published.connect(topic_changed, dispatch_uid="search_vocabulary_published")
    page_unpublished.connect(topic_changed, dispatch_uid="search_vocabulary_unpublished")
    post_page_move.connect(topic_changed, dispatch_uid="search_vocabulary_moved")
    post_save.connect(topic_changed, sender=TopicPage, dispatch_uid="search_vocabulary_saved")
    post_delete.connect(topic_changed, sender=TopicPage, dispatch_uid="search_vocabulary_deleted")
