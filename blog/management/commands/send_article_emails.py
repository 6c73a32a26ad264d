"""Send or continue the email updates for new articles; a scheduled job every 5 minutes (jobs/schedule.py)."""

from django.core.management.base import BaseCommand

from blog.mailing import send_pending_mailings


class Command(BaseCommand):
    help = "Send article email updates still waiting in the outbox (continuing where a failed run stopped)."

    def handle(self, *args, **options):
        finished, waiting = send_pending_mailings()
        self.stdout.write(f"Finished {finished} email update{'s' if finished != 1 else ''}; {waiting} still waiting.")
