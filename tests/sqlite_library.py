"""`python -m tests.sqlite_library DB QUERY...`: a throwaway SQLite site as `make run` has it (development settings,
SQLite full-text search), with part of the MedlinePlus library imported, prints each query's result titles as JSON.

Tables are made from the models (migrating would take half a minute on SQLite), plus the full-text table and
triggers the search index's migration makes; the library part is every topic whose text holds each word of
`back pain` (the competitors a real import gives those words) and a sample of the others.
"""

import json
import os
import re
import sys
import tempfile
from pathlib import Path

LIBRARY = Path(os.environ.get("MEDLINEPLUS_DIR", "/work/shared/data/medlineplus")) / "health_topics.json"
SUBSET_WORDS = {"back", "pain"}
#: One topic in this many of the others, so that how common a word is across the library stays near the real one.
SAMPLE_EVERY = 10


class NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


#: What the search index's migration (wagtail.search 0006) makes on SQLite: the FTS5 table (syncdb made it from the
#: model as a plain table) and the triggers that keep it in step with the index entries.
FULL_TEXT_TABLE = [
    "DROP TABLE wagtailsearch_indexentry_fts",
    "CREATE VIRTUAL TABLE wagtailsearch_indexentry_fts USING fts5(autocomplete, body, title)",
    "CREATE TRIGGER insert_fts AFTER INSERT ON wagtailsearch_indexentry BEGIN INSERT INTO "
    "wagtailsearch_indexentry_fts(title, body, autocomplete, rowid) VALUES (NEW.title, NEW.body, NEW.autocomplete, "
    "NEW.id); END",
    "CREATE TRIGGER update_fts AFTER UPDATE ON wagtailsearch_indexentry BEGIN UPDATE wagtailsearch_indexentry_fts "
    "SET title=NEW.title, body=NEW.body, autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END",
    "CREATE TRIGGER delete_fts AFTER DELETE ON wagtailsearch_indexentry BEGIN DELETE FROM "
    "wagtailsearch_indexentry_fts WHERE rowid=OLD.id; END",
]


def full_text_table():
    from django.db import connection
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    assert SQLiteFTSIndexEntry._meta.db_table == "wagtailsearch_indexentry_fts"
    with connection.cursor() as cursor:
        for statement in FULL_TEXT_TABLE:
            cursor.execute(statement)


def library_subset(target):
    records = json.loads(LIBRARY.read_text())

    def words(record):
        text = " ".join([record["title"], *(record.get("synonyms") or []), record.get("content") or ""])
        return set(re.findall("[a-z]+", text.lower()))

    subset = [record for n, record in enumerate(records) if SUBSET_WORDS <= words(record) or n % SAMPLE_EVERY == 0]
    names = {record["title"] for record in subset}
    for record in subset:  # related topics outside the subset would stop the import
        record["related_topics"] = [t for t in record.get("related_topics") or [] if t in names]
    target.write_text(json.dumps(subset))
    return target


def build_site():
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from tests.factories import HomePageFactory, TopicIndexPageFactory

    call_command("migrate", run_syncdb=True, verbosity=0)
    full_text_table()
    english = Locale.objects.create(language_code="en")
    Locale.objects.create(language_code="es")
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=english))
    home = HomePageFactory(parent=root)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    TopicIndexPageFactory(parent=home, slug="topics")


def main(database, *queries):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "website.settings.dev"
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = NoMigrations()
    django.setup()
    from django.core.management import call_command

    from search import engine
    from topics.models import TopicPage

    build_site()
    with tempfile.TemporaryDirectory() as folder:
        subset = library_subset(Path(folder) / "health_topics.json")
        call_command("import_medlineplus", str(subset), stdout=open(os.devnull, "w"))  # noqa: SIM115
    found = {}
    for query in queries:
        ids = engine.run(query, "en").ids
        titles = dict(TopicPage.objects.filter(pk__in=ids).values_list("pk", "title"))
        found[query] = [titles[pk] for pk in ids]
    print(json.dumps(found))


if __name__ == "__main__":
    main(*sys.argv[1:])
