"""Import open appointment times from a practice system's SMART Scheduling Links feed (appointments/slotfeed.py); a
scheduled job when SLOT_FEED_URL is set (jobs/schedule.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from appointments.slotfeed import FeedError, apply_feed, read_feed, shown


class Command(BaseCommand):
    help = (
        "Import open appointment times from a SMART Scheduling Links feed (its $bulk-publish manifest): add and "
        "update the free slots, remove the busy or vanished ones unless a patient holds them here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The feed's manifest address (default: SLOT_FEED_URL).")

    def handle(self, *args, url="", **options):
        url = (url or settings.SLOT_FEED_URL).strip()
        if not url:
            raise CommandError("No slot feed: set SLOT_FEED_URL or give --url.")
        try:
            slots = read_feed(url, settings.SLOT_FEED_TIMEOUT, settings.SLOT_FEED_MAX_BYTES)
            counts = apply_feed(url, slots)
        except FeedError as error:
            raise CommandError(f"Slot feed not imported, nothing changed: {error}") from None
        except IntegrityError:
            raise CommandError(
                f"Slot feed not imported, nothing changed: {shown(url)} moves a time onto one that already exists"
            ) from None
        self.stdout.write(
            f"Slot feed {shown(url)}: {counts['added']} added, {counts['updated']} updated, {counts['removed']} "
            f"removed, {counts['kept']} kept (held here, busy there), {counts['unchanged']} unchanged."
        )
