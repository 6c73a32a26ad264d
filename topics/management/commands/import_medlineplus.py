"""`manage.py import_medlineplus PATH`: create or update MedlinePlus topic pages (all or nothing)."""

import dataclasses
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pagecache.signals import purging_suspended
from topics.importers.medlineplus import MedlinePlusError, load_topics
from topics.importers.medlineplus_pages import MedlinePlusImporter
from topics.importers.medlineplus_summaries import load_summaries
from topics.models import TopicIndexPage


class Progress:
    """A one-line progress bar on a terminal; a plain line every 10% otherwise (logs, CI)."""

    WIDTH = 30

    def __init__(self, stdout):
        self.stdout = stdout
        self.is_terminal = stdout.isatty()

    def __call__(self, items, label):
        total = len(items)
        if not total:
            return
        step = max(1, total // 10)
        for done, item in enumerate(items, start=1):
            yield item
            if self.is_terminal:
                filled = self.WIDTH * done // total
                bar = "#" * filled + "-" * (self.WIDTH - filled)
                self.stdout.write(f"\r{label:<15} [{bar}] {done}/{total}", ending="\n" if done == total else "")
                self.stdout.flush()
            elif done % step == 0 or done == total:
                self.stdout.write(f"{label}: {done}/{total}")


class Command(BaseCommand):
    help = (
        "Create or update one topic page per MedlinePlus health topic in a JSON file. "
        "The whole file is checked first; any bad record stops the import and nothing is written. "
        "With --summaries, each topic's overview keeps the summary's paragraphs, lists and links."
    )

    #: The topic index (and so the pages) of this language.
    language_code = "en"
    file_help = "MedlinePlus health_topics.json"
    load_topics = staticmethod(load_topics)
    importer_class = MedlinePlusImporter
    no_index_message = "There is no topic index yet: create one first."

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.file_help)
        parser.add_argument("--parent", help="Slug of the topic index to import under (default: the only one)")
        parser.add_argument("--limit", type=int, help="Import only the first N topics of the file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report what would change")
        parser.add_argument(
            "--summaries",
            help="MedlinePlus N-Triples file (.nt, or Brotli-compressed .nt.br) with each topic's summary HTML, "
            "joined by topic URL",
        )

    def handle(self, *args, path, parent=None, limit=None, dry_run=False, summaries=None, **options):
        started = time.monotonic()
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number")
        try:
            all_topics = self.load_topics(path)
        except MedlinePlusError as error:
            raise CommandError(self.problems_message(path, error.problems)) from None
        if summaries:
            try:
                html_by_url = load_summaries(summaries)
            except MedlinePlusError as error:
                raise CommandError(self.problems_message(summaries, error.problems)) from None
            all_topics = [
                dataclasses.replace(topic, summary_html=html_by_url.get(topic.url, "")) for topic in all_topics
            ]
        topics = all_topics[:limit] if limit else all_topics
        index = self.topic_index(parent)
        importer = self.importer_class(topics, index, all_topics=all_topics)

        # One purge of the page cache at the end instead of one per imported page.
        with purging_suspended(), transaction.atomic():
            plan = importer.plan()
            if not dry_run:
                importer.write(plan, progress=Progress(self.stdout))

        seconds = time.monotonic() - started
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {len(topics)} MedlinePlus topics under {index.get_url() or index.slug}: {plan.summary()}; "
            f"{len(plan.new_groups)} new topic groups; {seconds:.1f} s."
        )
        if plan.skipped_links:
            self.stdout.write(f"{plan.skipped_links} related-topic links left out: their topics are not imported yet.")
        self.report_extra(importer)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def report_extra(self, importer):
        """Anything this language's import has to add to the report."""

    def topic_index(self, slug):
        indexes = TopicIndexPage.objects.filter(locale__language_code=self.language_code).order_by("path")
        if slug:
            index = indexes.filter(slug=slug).first()
            if index is None:
                known = ", ".join(indexes.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No topic index with the slug {slug!r} (topic indexes: {known}).")
            return index
        found = list(indexes[:2])
        if len(found) != 1:
            if not found:
                raise CommandError(self.no_index_message)
            raise CommandError("There are several topic indexes: choose one with --parent.")
        return found[0]

    @staticmethod
    def problems_message(path, problems):
        shown = problems[:50]
        more = f"\n  ...and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        return (
            f"Nothing was imported from {path}: {len(problems)} problem(s).\n"
            + "\n".join(f"  - {problem}" for problem in shown)
            + more
        )
