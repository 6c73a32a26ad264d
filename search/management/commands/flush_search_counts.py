"""Write the search counts gathered in Redis (popular queries, searches with no results) to the database."""

from django.core.management.base import BaseCommand

from search import counts


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        hits, zero_results = counts.flush()
        self.stdout.write(f"Wrote {hits} searches to popular queries and {zero_results} with no results.")
