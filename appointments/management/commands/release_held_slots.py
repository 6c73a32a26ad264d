"""Open again the appointment times held longer than SLOT_HOLD_HOURS without staff confirming them; a scheduled job
(jobs/schedule.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from appointments.models import Slot


class Command(BaseCommand):
    help = "Release appointment times held longer than SLOT_HOLD_HOURS (default 48) that staff have not confirmed."

    def handle(self, *args, **options):
        released = Slot.release_stale()
        hours = settings.SLOT_HOLD_HOURS
        self.stdout.write(
            f"Released {released} appointment time{'s' if released != 1 else ''} held over {hours} hours."
        )
