"""Does the subscribe answer's timing tell whether an address is new, pending or confirmed? (issue 30, item 4)

    .venv/bin/python bench/subscribe_timing.py [--rounds 300]

Posts the footer's subscribe form through Django's test client, interleaving the three cases (a new address each
time, one pending address, one confirmed address) so load on the machine hits them alike, with production's
PostgreSQL task queue (the confirmation is a task row, as under `make serve`) and the rate limits on real Redis.
Runs on its own database (BENCH_SUBSCRIBE_DATABASE_URL, default .../clinic_bench_subscribe), rebuilt on every run.
Prints a Markdown table: median and 90th percentile per case, and the queries each case ran.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_SUBSCRIBE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_subscribe"
)
os.environ.update(DJANGO_SETTINGS_MODULE="website.settings.test", DATABASE_URL=DATABASE_URL)
sys.path.insert(0, str(ROOT))


def rebuild():
    name = DATABASE_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=os.environ)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    rebuild()

    import django
    from django.conf import settings

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from blog.models import Subscriber
    from blog.subscriptions import ADDRESS_LIMIT

    Subscriber.objects.create(email="pending@example.net", language="en", confirmed_at=None)
    Subscriber.objects.create(email="confirmed@example.net", language="en", confirmed_at=timezone.now())
    client = Client()
    cases = {"new": None, "pending": "pending@example.net", "confirmed": "confirmed@example.net"}
    times = {case: [] for case in cases}
    queries = {}
    for round_number in range(args.rounds):
        for case, address in cases.items():
            address = address or f"new{round_number}@example.net"
            remote = f"10.{round_number // 250}.{round_number % 250}.{len(times[case]) % 7 + 1}"
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.post("/subscribe/", {"email": address, "consent": "on"}, REMOTE_ADDR=remote)
                times[case].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.status_code
            queries[case] = len(captured.captured_queries)
    print(f"{args.rounds} tries per case, interleaved; the per-inbox limit ({ADDRESS_LIMIT} a day) is applied")
    print("by the task, not in the request.\n")
    print("| case | median ms | p90 ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for case, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"| {case} | {statistics.median(values):.2f} | {p90:.2f} | {queries[case]} |")


if __name__ == "__main__":
    main()
