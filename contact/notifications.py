"""The email that tells the clinic a contact request is waiting: a link to the admin, no personal data.

It is queued in the outbox (`PendingNotification`) with the request and sent after commit with a short SMTP
timeout (EMAIL_TIMEOUT); what fails is retried by `manage.py send_pending_notifications` (run it every few minutes).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from website.models import ClinicDetails

logger = logging.getLogger(__name__)

SUBJECT = "New contact request on the website"


def notification_recipient(request=None):
    """CLINIC_NOTIFICATION_EMAIL, else the email in Settings -> Clinic details."""
    if settings.CLINIC_NOTIFICATION_EMAIL:
        return settings.CLINIC_NOTIFICATION_EMAIL
    details = ClinicDetails.for_request(request) if request is not None else ClinicDetails.objects.first()
    return details.email if details else ""


def admin_url(contact_request_id):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("contact_requests:inspect", args=[contact_request_id])


def queue_notification(contact_request, request=None):
    """Put the notification in the outbox and send it once the request is committed (within EMAIL_TIMEOUT).

    Call inside the transaction that stores the request. If sending fails the row stays for
    `send_pending_notifications`.
    """
    from .models import PendingNotification

    pending = PendingNotification.objects.create(contact_request=contact_request)
    recipient = notification_recipient(request)
    transaction.on_commit(lambda: send_notification(pending, recipient))


def send_notification(pending, recipient=None):
    """Send one outbox notification; True when sent (and removed), False when it stays for a retry.

    Failures are logged with the request's number only, never its contents.
    """
    contact_request_id = pending.contact_request_id
    recipient = recipient if recipient is not None else notification_recipient()
    if not recipient:
        logger.warning("Contact request #%s stored but no notification address is set", contact_request_id)
        return False
    body = (
        "A patient has sent a contact request through the website.\n\n"
        f"Open it in the admin (sign-in required):\n{admin_url(contact_request_id)}\n\n"
        "Please reply within one working day. Requests are deleted automatically after "
        f"{settings.CONTACT_RETENTION_DAYS} days.\n"
    )
    try:
        send_mail(SUBJECT, body, None, [recipient])
    except Exception as error:
        type(pending).objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1)
        logger.warning(
            "Contact request #%s: notification email failed (%s); kept for send_pending_notifications",
            contact_request_id,
            type(error).__name__,
        )
        return False
    type(pending).objects.filter(pk=pending.pk).delete()
    return True
