"""Content API benchmark: latency of a code lookup (/api/lookup) and a topic list at about 2,000 topics.

    .venv/bin/python bench/api_lookup.py [--runs 5] [--rounds 20] [--skip-import]

Runs on its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/clinic_bench_api), created afresh unless --skip-import: the bilingual demo (its
clinic topics carry ICD-10-CM and SNOMED CT codes), then every English MedlinePlus topic (with their MeSH codes) and
every Spanish one (/work/shared/data/medlineplus*/, or MEDLINEPLUS_JSON and MEDLINEPLUS_ES_JSON). Requests go
through Django's test client (the whole middleware stack and the app's Redis cache, no network, no Varnish: the
figure is what a cache miss costs). Each run times every request of the list `--rounds` times after one untimed
warm-up round and takes its p95; the result is the median of the runs' p50 and p95.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_api")
REDIS_URL = os.environ.get("BENCH_API_REDIS_URL", "redis://127.0.0.1:6379/6")
DATA = Path(os.environ.get("MEDLINEPLUS_JSON", "/work/shared/data/medlineplus/health_topics.json"))
DATA_ES = Path(os.environ.get("MEDLINEPLUS_ES_JSON", "/work/shared/data/medlineplus-es/health_topics_es.json"))
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "website.settings.test"

LOOKUPS = [
    {"code": "M54.5", "system": "icd10cm"},
    {"code": "M54.5", "system": "icd10cm", "lang": "es"},
    {"code": "M54"},
    {"code": "G90.511", "system": "icd10cm", "lang": "es"},
    {"code": "M79.7"},
    {"code": "279039007", "system": "snomedct"},
    {"code": "Back Pain", "system": "mesh"},
    {"code": "Migraine Disorders", "system": "mesh", "lang": "es"},
    {"code": "Z99.89", "system": "icd10cm"},
    {
        "mainSearchCriteria.v.c": "G43.719",
        "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.90",
        "informationRecipient.languageCode.c": "es",
        "knowledgeResponseType": "application/json",
    },
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def recreate_database(url):
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def set_up_site():
    from django.core.management import call_command

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=quiet)
    call_command("import_medlineplus", str(DATA), stdout=quiet)
    call_command("import_medlineplus_es", str(DATA_ES), stdout=quiet)


def time_requests(client, url, params_list, rounds):
    """(p50 ms, p95 ms) of `rounds` rounds over `params_list`, after one untimed warm-up round."""
    durations = []
    for round_number in range(rounds + 1):
        for params in params_list:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, params, response.status_code, response.content[:200])
            if round_number:
                durations.append(elapsed)
    return statistics.median(durations), percentile(durations, 0.95)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--skip-import", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()
    if not args.skip_import:
        recreate_database(DATABASE_URL)

    import django
    from django.conf import settings

    django.setup()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "website.cache.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"bench-api-{os.getpid()}",
            "OPTIONS": {"FAIL_SILENTLY": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
    settings.API_RATE_LIMIT = 10**9
    settings.ALLOWED_HOSTS = ["*"]
    from django.test import Client

    from topics.models import TopicCode, TopicPage

    started = time.perf_counter()
    if not args.skip_import:
        set_up_site()
    topics = TopicPage.objects.live().count()
    print(f"{topics} live topics, {TopicCode.objects.count()} codes (set up in {time.perf_counter() - started:.0f} s)")
    client = Client()
    for label, url, params_list in [
        ("lookup", "/api/lookup", LOOKUPS),
        ("topic list", "/api/topics", [{"language": "es", "limit": 20}, {"code": "M54", "limit": 100}]),
        ("library list", "/api/library", [{"language": "en", "limit": 100}, {"language": "es", "offset": 900}]),
    ]:
        runs = [time_requests(client, url, params_list, args.rounds) for _ in range(args.runs)]
        p50 = statistics.median(run[0] for run in runs)
        p95 = statistics.median(run[1] for run in runs)
        each = ", ".join(f"{run[1]:.1f}" for run in runs)
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (median of {args.runs} runs; p95 of each: {each})")


if __name__ == "__main__":
    main()
