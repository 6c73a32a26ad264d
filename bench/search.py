"""Search benchmark: latency of /search/ and /search/suggest/ at growing topic counts, and the top-3 hit rate,
in English and (at the whole Spanish file) Spanish.

    .venv/bin/python bench/search.py [--sizes 10,100,0] [--rounds 3] [--no-spanish]

Runs on its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/clinic_bench_search), dropped and created afresh on every run.
Topics come from MedlinePlus (/work/shared/data/medlineplus/health_topics.json, or MEDLINEPLUS_JSON) through
`manage.py import_medlineplus --limit N` when that command exists, otherwise they are created here.
A size of 0 means every topic in the file. Requests go through Django's test client (whole stack, no network).
Then the Spanish file (/work/shared/data/medlineplus-es/health_topics_es.json, or MEDLINEPLUS_ES_JSON) is
imported under a Spanish topic index with `import_medlineplus_es`, and /es/search/ and /es/search/suggest/ are
timed with the Spanish queries of bench/search_queries_es.py.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # "search" is the app

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_search")
DATA = Path(os.environ.get("MEDLINEPLUS_JSON", "/work/shared/data/medlineplus/health_topics.json"))
REDIS_URL = os.environ.get("BENCH_SEARCH_REDIS_URL", "redis://127.0.0.1:6379/5")
DATA_ES = Path(os.environ.get("MEDLINEPLUS_ES_JSON", "/work/shared/data/medlineplus-es/health_topics_es.json"))
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "website.settings.test"


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def set_up_site():
    from django.core.management import call_command

    from topics.models import TopicPage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    for page in TopicPage.objects.all():  # MedlinePlus topics only, so the counts are exact
        page.delete()


def import_topics(records, limit):
    """Import the first `limit` records: the project's importer if present, else plain pages."""
    from django.core.management import call_command, get_commands

    if "import_medlineplus" in get_commands():
        call_command("import_medlineplus", str(DATA), limit=limit, stdout=open(os.devnull, "w"))  # noqa: SIM115
        return "import_medlineplus"
    from django.utils.text import slugify
    from wagtail.rich_text import RichText

    from topics.models import TopicIndexPage, TopicPage

    index = TopicIndexPage.objects.get()
    existing = set(TopicPage.objects.values_list("source_id", flat=True))
    for record in records[:limit]:
        if record["id"] in existing:
            continue
        content = record["content"]
        summary = content[:397].rsplit(" ", 1)[0] + "..." if len(content) > 400 else content
        page = TopicPage(
            title=record["title"],
            slug=slugify(record["title"])[:200] or record["id"],
            summary=summary,
            also_called="\n".join(record["synonyms"]),
            source=TopicPage.SOURCE_MEDLINEPLUS,
            source_id=record["id"],
            body=[("text", {"heading": "About", "text": RichText(f"<p>{content}</p>")})],
        )
        index.add_child(instance=page)
    return "bench/search.py (importer not found)"


def time_requests(client, url, params_list, rounds):
    """(p50 ms, p95 ms, requests timed, requests/s) over `rounds` rounds; a first round warms caches, untimed."""
    durations = []
    for round_number in range(rounds + 1):
        for params in params_list:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, params, response.status_code)
            if round_number:  # the first round warms caches and is not counted
                durations.append(elapsed)
    rate = 1000 * len(durations) / sum(durations)
    return statistics.median(durations), percentile(durations, 0.95), len(durations), rate


def query_counts(client, url, params_list):
    """(fewest, most) SQL queries of one request for each of `params_list`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for params in params_list:
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        counts.append(len(queries.captured_queries))
    return min(counts), max(counts)


def redis_cache():
    """Production's default cache (Redis, circuit breaker) under a key prefix of this run only."""
    return {
        "BACKEND": "website.cache.CircuitBreakerRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"bench-search-{os.getpid()}",
        "OPTIONS": {"FAIL_SILENTLY": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }


def cold_searches(language, queries, every=20):
    """The benchmark's queries and the title of every `every`-th topic: searches whose results are not cached."""
    from topics.models import TopicPage

    titles = TopicPage.objects.live().filter(locale__language_code=language).order_by("pk")
    return [{"q": q} for q, _e in queries] + [
        {"q": t.lower()} for t in list(titles.values_list("title", flat=True))[::every]
    ]


def measure_language(client, language, queries, rounds):
    """Cold search (results cache off), suggest and repeated search (cached results) in one language."""
    from django.test.utils import override_settings

    prefix = "/es" if language == "es" else ""
    search_url, suggest_url = f"{prefix}/search/", f"{prefix}/search/suggest/"
    cold = cold_searches(language, queries)
    repeated = [{"q": q} for q, _e in queries]
    suggest = [{"q": q[:n]} for q, _e in queries for n in (3, 5, len(q)) if n <= len(q)]
    with override_settings(SEARCH_RESULTS_CACHE_SECONDS=0):
        row = {
            "cold": time_requests(client, search_url, cold, rounds),
            "cold_sql": query_counts(client, search_url, cold),
        }
    row["suggest"] = time_requests(client, suggest_url, suggest, rounds)
    row["repeated"] = time_requests(client, search_url, repeated, rounds)
    row["repeated_sql"] = query_counts(client, search_url, repeated)
    row["distinct"] = len(cold)
    return row


def hit_rates(queries, language="en"):
    from search import engine
    from search.backend import for_language
    from topics.models import TopicPage
    from website.languages import locale_id_for

    pages = TopicPage.objects.live().filter(locale_id=locale_id_for(language))
    titles = dict(pages.values_list("pk", "title"))
    backend = for_language(language)
    ours_top1 = ours_top3 = plain_top3 = 0
    misses = []
    for query, expected in queries:
        ranked = [titles[pk] for pk in engine.run(query, language).ids[:3]]
        plain = [page.title for page in backend.search(query, pages)[:3]]
        ours_top1 += bool(ranked[:1] and ranked[0] in expected)
        ours_top3 += bool(set(ranked) & set(expected))
        plain_top3 += bool(set(plain) & set(expected))
        if not set(ranked) & set(expected):
            misses.append((query, ranked))
    return ours_top1, ours_top3, plain_top3, misses


def set_up_spanish_site():
    """Spanish home page and topic index, as an editor would make them (translations of the English ones)."""
    from wagtail.models import Locale

    from home.models import HomePage
    from topics.models import TopicIndexPage

    spanish = Locale.objects.get(language_code="es")
    if TopicIndexPage.objects.filter(locale=spanish).exists():  # the demo content already has the Spanish site
        return
    for page, title, slug in [
        (HomePage.objects.get(locale__language_code="en"), "Inicio", None),
        (TopicIndexPage.objects.get(locale__language_code="en"), "Temas de salud", "temas"),
    ]:
        copy = page.copy_for_translation(spanish)
        copy.title, copy.slug = title, slug or copy.slug
        copy.save_revision().publish()


def import_spanish():
    """Import the Spanish file under the Spanish topic index; (Spanish topics, seconds)."""
    from django.core.management import call_command
    from django.db import connection

    from topics.models import TopicPage

    set_up_spanish_site()
    started = time.perf_counter()
    call_command("import_medlineplus_es", str(DATA_ES), stdout=open(os.devnull, "w"))  # noqa: SIM115
    import_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return TopicPage.objects.live().filter(locale__language_code="es").count(), import_seconds


def print_hit_rates(queries, count, language, label, source):
    top1, top3, plain3, misses = hit_rates(queries, language)
    total = len(queries)
    print()
    print(f"{label} hit rate on {total} queries at {count:,} topics ({source}):")
    print(f"- this search, right topic first: {top1}/{total} ({100 * top1 / total:.0f}%)")
    print(f"- this search, right topic in the top 3: {top3}/{total} ({100 * top3 / total:.0f}%)")
    print(f"- plain Wagtail search(), top 3: {plain3}/{total} ({100 * plain3 / total:.0f}%)")
    for query, ranked in misses:
        print(f"  miss: {query!r} -> {ranked}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,0", help="topic counts to measure; 0 = the whole file")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds over every query")
    parser.add_argument("--no-spanish", action="store_true", help="skip the Spanish measurements")
    args = parser.parse_args()

    recreate_database(DATABASE_URL)
    import django

    django.setup()
    import runpy

    import django.conf
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    caches_override = override_settings(CACHES={**django.conf.settings.CACHES, "default": redis_cache()})
    caches_override.enable()
    QUERIES = runpy.run_path(str(Path(__file__).with_name("search_queries.py")))["QUERIES"]

    from topics.models import TopicPage

    records = json.loads(DATA.read_text())
    set_up_site()
    client = Client()
    search_params = [{"q": query} for query, _expected in QUERIES]
    suggest_params = [{"q": query[:n]} for query, _expected in QUERIES for n in (3, 5, len(query)) if n <= len(query)]

    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        limit = size or len(records)
        started = time.perf_counter()
        source = import_topics(records, limit)
        import_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after an import
        count = TopicPage.objects.live().count()
        with override_settings(SEARCH_RESULTS_CACHE_SECONDS=0):  # every search computed, none from the results cache
            search = time_requests(client, "/search/", search_params, args.rounds)
        suggest = time_requests(client, "/search/suggest/", suggest_params, args.rounds)
        print(
            f"{count:>5} topics ({source}, {import_seconds:.1f} s): /search/ p50 {search[0]:.1f} ms p95 {search[1]:.1f}"
            f" ms (n={search[2]}); /search/suggest/ p50 {suggest[0]:.2f} ms p95 {suggest[1]:.2f} ms (n={suggest[2]})",
            flush=True,
        )
        rows.append((count, search, suggest))

    print()
    print("English only, growing (results cache off):")
    print("| topics | search p50 | search p95 | suggest p50 | suggest p95 |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count, search, suggest in rows:
        print(f"| {count:,} | {search[0]:.1f} ms | {search[1]:.1f} ms | {suggest[0]:.2f} ms | {suggest[1]:.2f} ms |")

    languages = [("English", "en", QUERIES)]
    if not args.no_spanish:
        spanish_count, spanish_seconds = import_spanish()
        print(f"\n{spanish_count} Spanish topics imported (import_medlineplus_es, {spanish_seconds:.1f} s)", flush=True)
        languages.append(
            ("Spanish", "es", runpy.run_path(str(Path(__file__).with_name("search_queries_es.py")))["QUERIES"])
        )
    total = TopicPage.objects.live().count()
    measured = [
        (label, code, queries, measure_language(client, code, queries, args.rounds))
        for label, code, queries in languages
    ]
    print()
    print(f"Both languages at {total:,} topics; cold = results cache off, over distinct searches; repeated = the same")
    print("searches again, results from the cache (Redis); single user, Django test client:")
    print(
        "| language | cold search p50 | cold search p95 | SQL a cold search | suggest p50 | suggest p95"
        " | repeated search p50 | repeated search p95 | repeated searches/s | SQL a repeated search |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, _code, _queries, row in measured:
        cold, suggest, repeated = row["cold"], row["suggest"], row["repeated"]
        print(
            f"| {label} | {cold[0]:.1f} ms | {cold[1]:.1f} ms | {sql_range(row['cold_sql'])} | {suggest[0]:.2f} ms"
            f" | {suggest[1]:.2f} ms | {repeated[0]:.1f} ms | {repeated[1]:.1f} ms | {repeated[3]:,.0f}"
            f" | {sql_range(row['repeated_sql'])} |"
        )
    english = measured[0][3]
    print(f"(cold: {english['cold'][2]} timed requests over {english['distinct']} distinct English searches)")
    flush_counts()
    for label, code, queries, _row in measured:
        print_hit_rates(
            queries, total, code, label, "bench/search_queries.py" if code == "en" else "bench/search_queries_es.py"
        )
    cache.delete_pattern("*")  # this run's keys only (its own KEY_PREFIX)
    caches_override.disable()


def sql_range(counts):
    return str(counts[0]) if counts[0] == counts[1] else f"{counts[0]}-{counts[1]}"


def flush_counts():
    """Write the searches' counts kept in Redis to the database, as the site does every minute."""
    from django.core.management import call_command, get_commands

    if "flush_search_counts" in get_commands():
        call_command("flush_search_counts", stdout=open(os.devnull, "w"))  # noqa: SIM115


if __name__ == "__main__":
    main()
