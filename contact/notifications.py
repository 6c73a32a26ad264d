"""The email that tells the clinic a contact request is waiting: a link to the admin, no personal data."""

import logging

from django.conf import settings
from django.core.mail import send_mail
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


def admin_url(contact_request):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("contact_requests:inspect", args=[contact_request.pk])


def notify_clinic(contact_request, request=None):
    """Send the notification; a mail failure is logged (without the request's contents), never raised."""
    recipient = notification_recipient(request)
    if not recipient:
        logger.warning("Contact request #%s stored but no notification address is set", contact_request.pk)
        return
    body = (
        "A patient has sent a contact request through the website.\n\n"
        f"Open it in the admin (sign-in required):\n{admin_url(contact_request)}\n\n"
        "Please reply within one working day. Requests are deleted automatically after "
        f"{settings.CONTACT_RETENTION_DAYS} days.\n"
    )
    try:
        send_mail(SUBJECT, body, None, [recipient])
    except Exception:
        logger.exception("Contact request #%s: notification email failed", contact_request.pk)
