"""Check every topic and article again (after the "Plain words" list or a rule changed) and store the results."""

from django.core.management.base import BaseCommand

from contentchecks.signals import checked_page_types, store_checks


class Command(BaseCommand):
    help = "Run the content checks on the latest draft of every topic and article and store the results."

    def handle(self, *args, **options):
        checked = 0
        for model in checked_page_types():
            for page in model.objects.select_related("latest_revision").iterator(chunk_size=200):
                draft = page.latest_revision.as_object() if page.latest_revision else page
                store_checks(draft, page.latest_revision)
                checked += 1
        self.stdout.write(f"Checked {checked} pages.")
