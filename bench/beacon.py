"""The page-view beacon under load: POST /go/view/ against the production app server, then the flush.

The beacon is answered by the WSGI front in `website.wsgi:application` (pageviews/front.py) on the page-view node
`make serve` runs (scripts/serve-beacon.sh: the same app, its own few threads and backpressure), as in production.

Run: make bench-beacon   (needs wrk: `make bench-tools`)

Migrates a PostgreSQL database (BENCH_DATABASE_URL, default .../clinic_bench_beacon; the beacon reads nothing from it,
the flush checks the page id there), starts `scripts/serve-beacon.sh` (granian, production settings, Redis at
BENCH_REDIS_URL under a key prefix of its own) on a free loopback port, and runs `wrk` with BENCH_CONNECTIONS (16)
connections for BENCH_SECONDS (10, at most 30) against the beacon, with every view counted (the per-client limit
raised: one machine sends them all), then against /healthz (a minimal Django view) for reference. Last it runs
`flush_page_views` and checks that the day's row holds exactly the views wrk sent. Target: p95 under 5 ms.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_beacon")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
SECONDS = min(int(os.environ.get("BENCH_SECONDS", "10")), 30)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
RESULT = re.compile(r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+)")
TARGET_P95_MS = 5.0


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"bench-beacon-{uuid.uuid4().hex[:8]}",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # wrk talks plain HTTP straight to the app server, with no TLS terminator in front.
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_VIEW_RATE_LIMIT": "1000000000",
        "DB_CONN_MAX_AGE": "600",
        "PORT": str(port),
    }


def ensure_database(env):
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def manage_shell(code, env):
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def stored_views(page_id, env):
    """The page's views in the database once what Redis holds is flushed."""
    code = (
        "from pageviews import counting; from pageviews.models import PageViewDay; counting.flush(); "
        f"print(sum(PageViewDay.objects.filter(page_id={page_id}).values_list('count', flat=True)))"
    )
    return int(manage_shell(code, env))


def wrk(url, script, env):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(ROOT / "bench" / script), url],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "BENCH_LATENCY_LUA": str(ROOT / "bench/latency.lua")},
    ).stdout
    rps, p50, p95, p99, requests, errors = RESULT.search(output).groups()
    return float(rps), float(p50), float(p95), float(p99), int(requests), int(errors)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make bench-tools` (Debian's wrk)")
    port = free_port()
    env = environment(port)
    ensure_database(env)
    # Wagtail's first page (the welcome page its migration creates): a page id the flush finds.
    page_id, language = manage_shell(
        "from wagtail.models import Page; p = Page.objects.filter(depth=2).first(); "
        "print(p.pk, p.locale.language_code)",
        env,
    ).split()
    before = stored_views(page_id, env)
    server = subprocess.Popen(
        [str(ROOT / "scripts/serve-beacon.sh")], env=env, stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        body = f"page={page_id}&language={language}"
        beacon = wrk(base + "/go/view/", "beacon.lua", {**env, "BENCH_BEACON_BODY": body})
        healthz = wrk(base + "/healthz", "latency.lua", env)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
    after = stored_views(page_id, env)

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nmachine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min) at the end")
    print(
        f"\nwrk, {CONNECTIONS} connections, {SECONDS} s a scenario, the page-view node as `make serve` runs it "
        "(scripts/serve-beacon.sh), loopback\n"
    )
    print("| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, (rps, p50, p95, p99, _n, errors) in [
        ("page-view beacon (POST /go/view/)", beacon),
        ("minimal Django view (/healthz)", healthz),
    ]:
        print(f"| {name} | {rps:,.0f} | {p50:.2f} | {p95:.2f} | {p99:.2f} | {errors} |")
    counted = after - before
    sent = beacon[4] - beacon[5]
    print(
        f"\nbeacon p95 {beacon[2]:.2f} ms (target: under {TARGET_P95_MS:.0f} ms); {sent:,} views answered, "
        f"{counted:,} written by the flush"
    )
    # Requests still in flight when wrk stops are answered (and counted) but not reported by wrk.
    if beacon[2] >= TARGET_P95_MS or not 0 <= counted - sent <= CONNECTIONS:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
