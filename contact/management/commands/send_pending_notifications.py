"""Retry the contact notifications the mail server did not take; run every few minutes (cron or a scheduler)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from contact.models import PendingNotification
from contact.notifications import send_notification


class Command(BaseCommand):
    help = "Send contact-request notifications still waiting in the outbox (each waits at most EMAIL_TIMEOUT)."

    def handle(self, *args, **options):
        sent = failed = 0
        for pk in PendingNotification.objects.values_list("pk", flat=True):
            with transaction.atomic():
                # Locked while it is sent, so two runs at once never send the same notification twice.
                pending = PendingNotification.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
                if pending is None:
                    continue
                if send_notification(pending):
                    sent += 1
                else:
                    failed += 1
        self.stdout.write(f"Sent {sent} notification{'s' if sent != 1 else ''}; {failed} still waiting.")
