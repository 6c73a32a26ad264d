"""Delete email addresses never confirmed within 7 days; a daily scheduled job (jobs/schedule.py)."""

from django.core.management.base import BaseCommand

from blog.subscriptions import CONFIRMATION_DAYS, purge_unconfirmed


class Command(BaseCommand):
    help = f"Delete subscriber addresses not confirmed within {CONFIRMATION_DAYS} days."

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        self.stdout.write(
            f"Deleted {deleted} unconfirmed address{'es' if deleted != 1 else ''} older than {CONFIRMATION_DAYS} days."
        )
