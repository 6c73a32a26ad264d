"""The blog's signal handlers: the first publish of an article queues its email update (blog.tasks)."""

import logging

from wagtail.signals import page_published

from website.background import enqueue_with_transaction
from website.languages import language_code_of

from .models import ArticleMailing, ArticlePage
from .tasks import send_email_update

logger = logging.getLogger(__name__)


def queue_mailing(sender, instance, **kwargs):
    """page_published: the first publish of an article queues its email update; later ones change nothing."""
    mailing, created = ArticleMailing.objects.get_or_create(
        article_id=instance.pk, defaults={"language": language_code_of(instance.locale_id)}
    )
    if created:
        logger.info("Article #%s: email update queued", instance.pk)
        enqueue_with_transaction(send_email_update, mailing.pk)


page_published.connect(queue_mailing, sender=ArticlePage, dispatch_uid="blog-queue-mailing")
