"""The email that tells the clinic a contact request is waiting: a link to the admin, no personal data.

The notification is an outbox row (`PendingNotification`) stored in the transaction that stores the request, with
its task (`contact.tasks.send_notification`, the row's id as its only argument): the patient's request never
waits for the mail server. The worker sends it within EMAIL_TIMEOUT; what fails stays in the outbox for the periodic
`send_pending_notifications` job. Each send locks its row and deletes it in the transaction that hands the email to
the mail server, so two workers never send the same notification and a sent one is never sent again.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from appointments.models import Slot
from website.background import stop_requested
from website.models import ClinicDetails

from .models import ContactRequest, PendingNotification

logger = logging.getLogger(__name__)

SUBJECT = "New contact request on the website"


def notification_recipient():
    """CLINIC_NOTIFICATION_EMAIL, else the email in Settings -> Clinic details."""
    if settings.CLINIC_NOTIFICATION_EMAIL:
        return settings.CLINIC_NOTIFICATION_EMAIL
    details = ClinicDetails.objects.first()
    return details.email if details else ""


def admin_url(contact_request_id):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("contact_requests:inspect", args=[contact_request_id])


def send_pending(notification_id):
    """Send one outbox notification; True when sent (or sent already), False when it stays for a retry.

    Failures are logged with the request's number only, never its contents.
    """
    recipient = notification_recipient()
    with transaction.atomic():
        pending = PendingNotification.objects.select_for_update(skip_locked=True).filter(pk=notification_id).first()
        if pending is None:
            return True  # sent already, or another worker is sending it
        contact_request_id = pending.contact_request_id
        if not recipient:
            logger.warning("Contact request #%s stored but no notification address is set", contact_request_id)
            return False
        reason = ContactRequest.objects.filter(pk=contact_request_id).values_list("reason", flat=True).first()
        instruction = ContactRequest.STAFF_INSTRUCTIONS.get(reason)
        slot = Slot.objects.filter(held_for_id=contact_request_id).first()
        if slot is not None:
            held = (
                f"The patient picked the appointment time {slot}. It is held for them for {settings.SLOT_HOLD_HOURS} "
                "hours: confirm it (state Confirmed) or release it (state Open) under Appointment times."
            )
            instruction = f"{instruction}\n\n{held}" if instruction else held
        body = (
            "A patient has sent a contact request through the website.\n\n"
            + (f"{instruction}\n\n" if instruction else "")
            + f"Open it in the admin (sign-in required):\n{admin_url(contact_request_id)}\n\n"
            "Please reply within one working day. Requests are deleted automatically after "
            f"{settings.CONTACT_RETENTION_DAYS} days.\n"
        )
        try:
            with transaction.atomic():
                # Deleted before the email goes out; the deletion commits right after the mail server takes it.
                PendingNotification.objects.filter(pk=pending.pk).delete()
                send_mail(SUBJECT, body, None, [recipient])
        except Exception as error:
            PendingNotification.objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1)
            logger.warning(
                "Contact request #%s: notification email failed (%s); kept for send_pending_notifications",
                contact_request_id,
                type(error).__name__,
            )
            return False
    return True


def send_all_pending():
    """(sent, still waiting) over the whole outbox."""
    sent = failed = 0
    for pk in PendingNotification.objects.order_by("created_at").values_list("pk", flat=True):
        if stop_requested() or not send_pending(pk):
            failed += 1
        else:
            sent += 1
    return sent, failed
