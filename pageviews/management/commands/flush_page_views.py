"""Write the page views gathered in Redis to the database (daily rows per page and language), and the searches that
led to those pages (daily rows per page, language and search)."""

from django.core.management.base import BaseCommand

from pageviews import counting


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        self.stdout.write(f"Wrote {counting.flush()} page views.")
