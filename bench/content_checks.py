"""Content checks: time to check one page (the userbar, the approval screen and each saved revision pay this),
and the "Content checks" report's latency and query count, on the demo topics.

    .venv/bin/python bench/content_checks.py [--rounds 20]

Runs on its own PostgreSQL database (BENCH_CHECKS_DATABASE_URL, default .../clinic_bench_checks), rebuilt on
every run: migrate, then the demo content. Prints Markdown tables (median of the rounds).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_CHECKS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_checks")
os.environ.update(DJANGO_SETTINGS_MODULE="website.settings.test", DATABASE_URL=DATABASE_URL, PAGE_CACHE_ENABLED="false")
sys.path.insert(0, str(ROOT))


def rebuild():
    name = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=os.environ)
    subprocess.run([*manage, "load_demo_content"], check=True, env=os.environ, stdout=subprocess.DEVNULL)


def median_ms(function, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    rebuild()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from contentchecks.checks import check_page
    from contentchecks.signals import store_checks
    from tests.factories import UserFactory
    from topics.models import TopicPage

    topics = list(TopicPage.objects.filter(source=TopicPage.SOURCE_CLINIC))
    print(f"| {len(topics)} demo clinic topics | median ms |\n| --- | --- |")
    print(f"| check_page, every topic once | {median_ms(lambda: [check_page(t) for t in topics], args.rounds):.1f} |")
    longest = max(topics, key=lambda t: len(str(t.body.raw_data)))
    one = median_ms(lambda: check_page(longest), args.rounds)
    print(f"| check_page, longest topic ({longest.title[:30]}) | {one:.2f} |")
    print(
        f"| store_checks (check + save row), longest topic | "
        f"{median_ms(lambda: store_checks(longest), args.rounds):.2f} |"
    )

    client = Client()
    client.force_login(UserFactory(username="bench-checks", is_superuser=True))
    url = reverse("contentchecks_report")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    report = median_ms(lambda: client.get(url), args.rounds)
    print(f"| report page ({len(queries.captured_queries)} queries) | {report:.1f} |")


if __name__ == "__main__":
    main()
