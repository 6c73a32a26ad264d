"""Email updates for new articles: queued on first publish, sent by the task worker, each subscriber exactly once.

Publishing an article for the first time creates its `ArticleMailing` row and enqueues `blog.tasks.send_email_update`
in the same transaction (a second publish finds the row and adds nothing), so a slow or hung mail server never
delays or fails a publish. The task gives the mailing one `ArticleDelivery` row per confirmed subscriber of its
language, then sends them one by one: each row is locked (`SELECT ... FOR UPDATE SKIP LOCKED`, so two workers never
take the same one), marked sent, handed to the mail server, and the mark is committed as soon as the server has
taken the email. A worker that dies before that commit leaves the row unsent (PostgreSQL rolls the transaction back
and frees the lock); the periodic `send_article_emails` job sends whatever is left.

Emails are plain text (no tracking pixel, no redirecting links) and each carries its own unsubscribe link.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from website.background import stop_requested

from .models import ArticleDelivery, ArticleMailing, ArticlePage, Subscriber
from .subscriptions import unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

FINISHED, STOPPED, FAILED, NOT_LIVE = "finished", "stopped", "failed", "not live"


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


def address_deliveries(mailing):
    """One pending delivery per confirmed subscriber of the mailing's language, created once, all or none.

    Who confirms after that waits for the next article.
    """
    if ArticleDelivery.objects.filter(mailing=mailing).exists():
        return
    subscriber_ids = Subscriber.objects.confirmed().filter(language=mailing.language).values_list("pk", flat=True)
    with transaction.atomic():
        ArticleDelivery.objects.bulk_create(
            [ArticleDelivery(mailing_id=mailing.pk, subscriber_id=pk) for pk in subscriber_ids],
            ignore_conflicts=True,
            batch_size=1000,
        )


def pending_deliveries(mailing):
    return ArticleDelivery.objects.filter(mailing=mailing, sent_at__isnull=True, refused_at__isnull=True)


def send_next(connection, mailing, article, base_url):
    """Send one pending delivery no other sender holds; False when none is left.

    The row is marked sent before the email goes out and the mark commits right after the mail server's "250 OK",
    so the only moment a crash can cause a second copy is the COMMIT's round trip to PostgreSQL.
    """
    with transaction.atomic():
        delivery = (
            pending_deliveries(mailing)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscriber")
            .order_by("pk")
            .first()
        )
        if delivery is None:
            return False
        ArticleDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        try:
            connection.send_messages([article_message(article, delivery.subscriber, base_url)])
        except smtplib.SMTPRecipientsRefused:
            logger.warning("Article #%s: subscriber #%s refused by the mail server", article.pk, delivery.subscriber_id)
            ArticleDelivery.objects.filter(pk=delivery.pk).update(sent_at=None, refused_at=timezone.now())
    return True


def send_mailing(mailing_id):
    """Send one article's update to every subscriber not yet reached.

    FINISHED when nothing is left, STOPPED when the worker is stopping (the rest waits in the outbox), FAILED after a
    mail failure and NOT_LIVE when the article is not live (both retried by `send_article_emails`).
    """
    mailing = ArticleMailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.finished_at:
        return FINISHED
    article = ArticlePage.objects.live().filter(pk=mailing.article_id).first()
    if article is None:
        return NOT_LIVE
    address_deliveries(mailing)
    site = article.get_site()
    base_url = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    outcome = FINISHED
    try:
        with get_connection() as connection:
            while send_next(connection, mailing, article, base_url):
                if stop_requested():
                    outcome = STOPPED
                    break
    except Exception as error:
        ArticleMailing.objects.filter(pk=mailing.pk).update(attempts=F("attempts") + 1)
        logger.warning(
            "Article #%s: email update stopped (%s); send_article_emails will continue it",
            mailing.article_id,
            type(error).__name__,
        )
        outcome = FAILED
    sent = ArticleDelivery.objects.filter(mailing=mailing, sent_at__isnull=False).count()
    ArticleMailing.objects.filter(pk=mailing.pk).update(sent_count=sent)
    if outcome == FINISHED:
        if pending_deliveries(mailing).exists():
            return STOPPED  # another sender holds the last ones and finishes the mailing
        ArticleMailing.objects.filter(pk=mailing.pk, finished_at__isnull=True).update(finished_at=timezone.now())
        logger.info("Article #%s: email update sent", mailing.article_id)
    return outcome


def send_pending_mailings():
    """(finished, still waiting) over every unfinished mailing."""
    finished = waiting = 0
    waiting_ids = (
        ArticleMailing.objects.filter(finished_at__isnull=True).order_by("created_at").values_list("pk", flat=True)
    )
    for pk in waiting_ids:
        if stop_requested():
            waiting += 1
        elif send_mailing(pk) == FINISHED:
            finished += 1
        else:
            waiting += 1
    return finished, waiting
