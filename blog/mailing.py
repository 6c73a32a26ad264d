"""Email updates for new articles: queued on first publish, sent after the response, retried by a command.

Publishing an article for the first time creates its `ArticleMailing` row in the same transaction (a second
publish finds the row and adds nothing). Once the transaction commits, the sending is put off until the response
has gone to the editor (`request_finished`, which WSGI servers send after the last byte), so a slow or hung mail
server never delays or fails a publish; outside a request (`publish_scheduled`, the demo loader) it runs at once.
Whatever fails stays in the outbox for `manage.py send_article_emails`.

Emails are plain text (no tracking pixel, no redirecting links) and each carries its own unsubscribe link.
"""

import logging
import smtplib
import threading
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.signals import page_published

from website.languages import language_code_of

from .models import ArticleMailing, ArticlePage, Subscriber
from .subscriptions import unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
#: How long one sender may hold a mailing before another run may take it over.
CLAIM_MINUTES = 15

_state = threading.local()


def _request_started(**kwargs):
    _state.jobs = []


def _request_finished(**kwargs):
    jobs, _state.jobs = getattr(_state, "jobs", None), None
    for job in jobs or ():
        try:
            job()
        except Exception:
            logger.exception("Work after the response failed")


request_started.connect(_request_started, dispatch_uid="blog-after-response-start")
request_finished.connect(_request_finished, dispatch_uid="blog-after-response-finish")


def after_response(job):
    """Run `job` once the current response is sent (at once when there is no request)."""
    jobs = getattr(_state, "jobs", None)
    if jobs is None:
        job()
    else:
        jobs.append(job)


def after_commit_and_response(job):
    transaction.on_commit(lambda: after_response(job))


def queue_mailing(sender, instance, **kwargs):
    """page_published: the first publish of an article queues its email update; later ones change nothing."""
    mailing, created = ArticleMailing.objects.get_or_create(
        article_id=instance.pk, defaults={"language": language_code_of(instance.locale_id)}
    )
    if created:
        logger.info("Article #%s: email update queued", instance.pk)
        after_commit_and_response(lambda: send_mailing(mailing.pk))


page_published.connect(queue_mailing, sender=ArticlePage, dispatch_uid="blog-queue-mailing")


def claim(mailing_id):
    """Take the mailing for this sender (None if it is finished or another sender holds it)."""
    now = timezone.now()
    taken = ArticleMailing.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=mailing_id, finished_at__isnull=True
    ).update(claimed_until=now + timedelta(minutes=CLAIM_MINUTES))
    return ArticleMailing.objects.filter(pk=mailing_id).first() if taken else None


def article_message(article, subscriber, base_url):
    with translation.override(subscriber.language):
        leave = unsubscribe_url(subscriber, base_url)
        body = "\n\n".join(
            [
                article.title,
                article.standfirst,
                gettext("Read the article:") + "\n" + article.get_full_url(),
                gettext("You get this email because you subscribed to updates from our blog."),
                gettext("Unsubscribe with one click:") + "\n" + leave,
            ]
        )
        subject = gettext("New on our blog: %(title)s") % {"title": article.title}
        return EmailMessage(subject, body + "\n", None, [subscriber.email], headers=unsubscribe_headers(leave))


def send_one(connection, article, subscriber, base_url):
    """1 when the mail server took the email; 0 when it refused this address for good (the others must not wait)."""
    try:
        connection.send_messages([article_message(article, subscriber, base_url)])
    except smtplib.SMTPRecipientsRefused:
        logger.warning("Article #%s: subscriber #%s refused by the mail server", article.pk, subscriber.pk)
        return 0
    return 1


def send_mailing(mailing_id):
    """Send one article's update to every confirmed subscriber of its language not yet reached.

    True when finished; False when it must be retried (mail failure, article not live, or another sender has it).
    Each email is recorded as sent right after the mail server takes it, so a retry never sends it again.
    """
    mailing = claim(mailing_id)
    if mailing is None:
        return False
    article = ArticlePage.objects.live().filter(pk=mailing.article_id).first()
    if article is None:
        ArticleMailing.objects.filter(pk=mailing.pk).update(claimed_until=None)
        return False
    base_url = article.get_site().root_url if article.get_site() else settings.WAGTAILADMIN_BASE_URL
    recipients = Subscriber.objects.confirmed().filter(language=mailing.language).order_by("pk")
    try:
        with get_connection() as connection:
            while batch := list(recipients.filter(pk__gt=mailing.last_subscriber_id)[:BATCH_SIZE]):
                for subscriber in batch:
                    sent = send_one(connection, article, subscriber, base_url)
                    mailing.last_subscriber_id = subscriber.pk
                    ArticleMailing.objects.filter(pk=mailing.pk).update(
                        last_subscriber_id=subscriber.pk, sent_count=F("sent_count") + sent
                    )
    except Exception as error:
        ArticleMailing.objects.filter(pk=mailing.pk).update(attempts=F("attempts") + 1, claimed_until=None)
        logger.warning(
            "Article #%s: email update stopped (%s); send_article_emails will continue it",
            mailing.article_id,
            type(error).__name__,
        )
        return False
    ArticleMailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now(), claimed_until=None)
    logger.info("Article #%s: email update sent", mailing.article_id)
    return True


def send_pending_mailings():
    """(finished, still waiting) over every unfinished mailing."""
    finished = waiting = 0
    waiting_ids = (
        ArticleMailing.objects.filter(finished_at__isnull=True).order_by("created_at").values_list("pk", flat=True)
    )
    for pk in waiting_ids:
        if send_mailing(pk):
            finished += 1
        else:
            waiting += 1
    return finished, waiting
