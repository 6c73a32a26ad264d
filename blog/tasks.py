"""The blog's background tasks (run by the task worker; ids only in their arguments, which the queue stores)."""

from django_tasks import task

from website.background import retry_later

from . import mailing, subscriptions


@task()
def send_email_update(mailing_id):
    """Send an article's email update; when the worker stops half-way, the rest is queued again at once."""
    outcome = mailing.send_mailing(mailing_id)
    if outcome == mailing.STOPPED:
        send_email_update.enqueue(mailing_id)
    return outcome


@task()
def send_confirmation(subscriber_id, base_url, attempt=1):
    """The email that asks a new subscriber to confirm the address (nothing when it is confirmed already, or when
    its inbox had its confirmations for the day).

    A mail failure is retried after 1, 4, 16 and 64 minutes; a second copy after a crash is harmless (the same link).
    """
    if subscriptions.send_confirmation(subscriber_id, base_url, first_attempt=attempt == 1):
        return "sent"
    return "retrying" if retry_later(send_confirmation, (subscriber_id, base_url), attempt) else "failed"
