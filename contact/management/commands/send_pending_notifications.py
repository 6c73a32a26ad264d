"""Retry the contact notifications the mail server did not take (a scheduled job: jobs/schedule.py)."""

from django.core.management.base import BaseCommand

from contact.notifications import send_all_pending


class Command(BaseCommand):
    help = "Send contact-request notifications still waiting in the outbox (each waits at most EMAIL_TIMEOUT)."

    def handle(self, *args, **options):
        sent, failed = send_all_pending()
        self.stdout.write(f"Sent {sent} notification{'s' if sent != 1 else ''}; {failed} still waiting.")
