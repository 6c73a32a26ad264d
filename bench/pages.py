"""Query counts and latency of the patient pages at 10, 100 and 1,017 imported MedlinePlus topics, and of the
Spanish pages at 10, 100 and 1,021 Spanish topics beside them (2,038 in all).

Run: .venv/bin/python bench/pages.py   (or `make bench-pages`)

Uses its own PostgreSQL database (BENCH_PAGES_DATABASE_URL, default .../clinic_bench_pages), rebuilt
on every run: migrate, demo content, then `import_medlineplus --limit 10`, `--limit 100` and the
full file (MEDLINEPLUS_FILE, default ../shared/data/medlineplus/health_topics.json; when it is
missing, 1,000 made-up topics in the same format). The full file is imported into a fresh copy of
the demo database, so its first-run time is an import from empty; it is then imported again.
When the Spanish file exists (MEDLINEPLUS_ES_FILE, default ../shared/data/medlineplus-es/health_topics_es.json),
a Spanish home page and topic index are made and `import_medlineplus_es` runs after each English import.

Each page is requested once to warm the shared reads (website/shared.py), once inside CaptureQueriesContext
for the query count, then BENCH_REQUESTS times (default 30) with Django's test client for p50/p95.
The page cache is off, so every request renders. Prints Markdown tables.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_PAGES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_pages")
CORPUS = Path(os.environ.get("MEDLINEPLUS_FILE", ROOT.parent / "shared/data/medlineplus/health_topics.json"))
CORPUS_ES = Path(
    os.environ.get("MEDLINEPLUS_ES_FILE", ROOT.parent / "shared/data/medlineplus-es/health_topics_es.json")
)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
SEARCH_QUERY = "back pain"
SPANISH_SEARCH_QUERY = "dolor de espalda"

os.environ.update(DJANGO_SETTINGS_MODULE="website.settings.test", DATABASE_URL=DATABASE_URL, PAGE_CACHE_ENABLED="false")
sys.path.insert(0, str(ROOT))


def admin_sql(*statements):
    import psycopg

    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def database_name(suffix=""):
    return DATABASE_URL.rsplit("/", 1)[1] + suffix


def recreate_database(template=None):
    from django.db import connections

    connections.close_all()
    name = database_name()
    create = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', create)


def snapshot_database():
    """Keep the migrated demo database as a template, so each phase starts from the same state."""
    from django.db import connections

    connections.close_all()
    snapshot = database_name("_demo")
    admin_sql(f'DROP DATABASE IF EXISTS "{snapshot}"', f'CREATE DATABASE "{snapshot}" TEMPLATE "{database_name()}"')
    return snapshot


def manage(*args):
    """Run a management command in its own process, as an editor would; returns (seconds, last output line)."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *[str(arg) for arg in args]],
        cwd=ROOT,
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(("Imported", "Would"))]
    return time.monotonic() - started, (lines[-1] if lines else result.stdout.strip()[-200:])


def made_up_corpus(count=1000):
    """Topics in the MedlinePlus format for machines without the shared file."""
    groups = [f"Made-up group {n}" for n in range(40)]
    records = [
        {
            "id": str(100000 + n),
            "title": f"Made-up topic {n:04d}",
            "url": f"https://example.org/topic-{n:04d}.html",
            "synonyms": [f"Other name {n}"],
            "groups": [groups[n % 40], groups[(n * 7) % 40]],
            "related_topics": [f"Made-up topic {(n + 1) % count:04d}", f"Made-up topic {(n + 13) % count:04d}"],
            "content": "This topic explains a made-up condition in plain words. " * 8,
        }
        for n in range(count)
    ]
    path = Path(tempfile.mkdtemp()) / "made_up_topics.json"
    path.write_text(json.dumps(records))
    return path


def pages_to_measure():
    from blog.models import ArticlePage
    from topics.models import TopicGroup, TopicPage

    library = TopicPage.objects.live().filter(source=TopicPage.SOURCE_MEDLINEPLUS)
    biggest_group = max(TopicGroup.objects.all(), key=lambda group: group.topics.filter(pk__in=library).count())
    topic = library.order_by("title").first()
    return [
        ("home", "/"),
        ("topic index", "/topics/"),
        ("health library index", "/topics/?library=1"),
        ("group-filtered library index", f"/topics/?library=1&group={biggest_group.slug}"),
        ("topic page", topic.url),
        ("blog index", "/blog/"),
        ("blog article", ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk").first().url),
        ("search", f"/search/?q={SEARCH_QUERY.replace(' ', '+')}"),
    ]


def set_up_spanish_site():
    """The Spanish home page and topic index (/es/temas/), translated from the English ones."""
    from django.db import connections
    from wagtail.models import Locale

    from home.models import HomePage
    from topics.models import TopicIndexPage

    spanish = Locale.objects.get(language_code="es")
    for page, title, slug in [
        (HomePage.objects.get(locale__language_code="en"), "Inicio", None),
        (TopicIndexPage.objects.get(locale__language_code="en"), "Temas de salud", "temas"),
    ]:
        if page.get_translations().filter(locale=spanish).exists():
            continue  # the demo content already has it (load_demo_content makes the Spanish site too)
        copy = page.copy_for_translation(spanish)
        copy.title, copy.slug = title, slug or copy.slug
        copy.save_revision().publish()
    connections.close_all()


def spanish_pages_to_measure():
    from topics.models import TopicPage

    library = TopicPage.objects.live().filter(source=TopicPage.SOURCE_MEDLINEPLUS, locale__language_code="es")
    topic = library.order_by("title").first()
    if topic is None:
        return []
    return [
        ("Spanish topic index", "/es/temas/"),
        ("Spanish health library index", "/es/temas/?library=1"),
        ("Spanish topic page", topic.url),
        ("Spanish search", f"/es/search/?q={SPANISH_SEARCH_QUERY.replace(' ', '+')}"),
    ]


def measure(size):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from topics.models import TopicPage
    from website.shared import changed

    changed()  # the import ran in another process, with its own in-memory cache: read the shared values afresh
    client = Client()
    rows = []
    for name, url in pages_to_measure() + spanish_pages_to_measure():
        assert client.get(url).status_code == 200, url
        # Each request empties the query log (request_started), so start the capture from an empty log.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # captured_queries reads the live query log, which the next request empties: count it now.
        query_count = len(queries.captured_queries)
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        rows.append((size, name, query_count, statistics.median(timings), p95, len(response.content) / 1024))
    topics = TopicPage.objects.live().count()
    return rows, topics


def main():
    import django

    corpus = CORPUS if CORPUS.exists() else made_up_corpus()
    recreate_database()
    django.setup()
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_content")
    spanish = CORPUS_ES.exists()
    if spanish:
        set_up_spanish_site()
    snapshot = snapshot_database()

    results, imports = [], []
    for limit in (10, 100):
        seconds, line = manage("import_medlineplus", corpus, "--limit", limit)
        imports.append((f"--limit {limit} (after the previous size)", seconds, line))
        if spanish:
            seconds, line = manage("import_medlineplus_es", CORPUS_ES, "--limit", limit)
            imports.append((f"Spanish --limit {limit} (after the previous size)", seconds, line))
        rows, _ = measure(str(limit))
        results += rows

    recreate_database(template=snapshot)
    seconds, line = manage("import_medlineplus", corpus)
    imports.append(("full file, first run (empty library)", seconds, line))
    seconds, line = manage("import_medlineplus", corpus)
    imports.append(("full file, second run", seconds, line))
    size = str(len(json.loads(corpus.read_text())))
    if spanish:
        seconds, line = manage("import_medlineplus_es", CORPUS_ES)
        imports.append(("Spanish full file, first run (after the English)", seconds, line))
        seconds, line = manage("import_medlineplus_es", CORPUS_ES)
        imports.append(("Spanish full file, second run", seconds, line))
        size += f" + {len(json.loads(CORPUS_ES.read_text()))}"
    rows, live_topics = measure(size)
    results += rows
    admin_sql(f'DROP DATABASE IF EXISTS "{snapshot}"')

    print(f"\nCorpus: {corpus} ({size} topics; plus the demo's clinic topics: {live_topics} live topics in all)\n")
    print("| import | seconds | result |\n| --- | ---: | --- |")
    for label, seconds, line in imports:
        print(f"| {label} | {seconds:.1f} | {line} |")
    print("\n| MedlinePlus topics | page | SQL queries | p50 ms | p95 ms | HTML KB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for size, name, queries, p50, p95, kilobytes in results:
        print(f"| {size} | {name} | {queries} | {p50:.1f} | {p95:.1f} | {kilobytes:.1f} |")


if __name__ == "__main__":
    main()
