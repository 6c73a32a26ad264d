"""Delete contact requests older than CONTACT_RETENTION_DAYS; a daily scheduled job (jobs/schedule.py)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from contact.models import ContactRequest


class Command(BaseCommand):
    help = "Delete contact requests older than the retention period (CONTACT_RETENTION_DAYS, default 90)."

    def handle(self, *args, **options):
        days = settings.CONTACT_RETENTION_DAYS
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = ContactRequest.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} contact request{'s' if deleted != 1 else ''} older than {days} days.")
