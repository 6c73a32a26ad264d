"""Throughput and latency of the production stack on loopback, against this machine's ceiling.

Run: make bench-serve   (part of `make bench`)

Builds a PostgreSQL database (BENCH_DATABASE_URL, default .../clinic_bench_serve) with the demo
content plus the MedlinePlus corpus (or 1,000 factory topics when the shared file is absent),
collects static files, starts gunicorn twice on free loopback ports (page cache on and off, Redis at
BENCH_REDIS_URL) and Varnish (deploy/varnish/clinic.vcl, as `make serve` runs it) in front of the first,
and runs `wrk` against each scenario for BENCH_SECONDS (default 10, at most 30). References measured in
the same run: a static file through Varnish (the ceiling), the same file through WhiteNoise and a minimal
Django view. Each scenario is reported with its ratio to the ceiling. Last, publish-to-fresh: a topic's
title is published 5 times and its URL polled through Varnish until the new title shows (bench/publish_fresh.py).
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_serve")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
CORPUS = Path(os.environ.get("MEDLINEPLUS_FILE", ROOT.parent / "shared/data/medlineplus/health_topics.json"))
SECONDS = min(int(os.environ.get("BENCH_SECONDS", "10")), 30)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
RESULT = re.compile(r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+)")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
TOPIC = "/topics/sciatica/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CACHED_PORT, UNCACHED_PORT, VARNISH_PORT = free_port(), free_port(), free_port()


def environment(page_cache):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # wrk talks plain HTTP straight to the app server (no TLS terminator to set X-Forwarded-Proto), so the
        # documented SECURE_SSL_REDIRECT knob is off, as an operator with no proxy in front would set it.
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE_ENABLED="true" if page_cache else "false",
        # The page-cached server sits behind Varnish, so its publishes purge Varnish (as in `make serve`).
        VARNISH_URL=f"http://127.0.0.1:{VARNISH_PORT}" if page_cache else "",
        STATIC_ROOT=str(STATIC_ROOT),
        DB_CONN_MAX_AGE="600",
    )
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build_site(env):
    ensure_database()
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo_content", env=env)
    commands = (ROOT / "topics/management/commands/import_medlineplus.py").exists()
    if CORPUS.exists() and commands:
        manage("import_medlineplus", str(CORPUS), env=env)
    else:
        subprocess.run([PYTHON, str(ROOT / "bench/make_topics.py"), "1000"], cwd=ROOT, env=env, check=True)
    manage("collectstatic", "--noinput", "-v0", env=env)


def start_server(port, env):
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "website.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    return wait_until_healthy(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True), port, "gunicorn")


def wait_until_healthy(process, port, name):
    """The started process, once /healthz answers on its port (through Varnish: once its probe found the app)."""
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{name} did not start on port {port}")


def start_varnish(backend_port):
    """varnishd in the foreground on VARNISH_PORT with the repository's VCL, until its probe finds the backend."""
    directory = Path(tempfile.mkdtemp(prefix="clinic-varnish-"))
    vcl = (ROOT / "deploy/varnish/clinic.vcl").read_text()
    (directory / "clinic.vcl").write_text(
        vcl.replace("__BACKEND_HOST__", "127.0.0.1").replace("__BACKEND_PORT__", str(backend_port))
    )
    command = [VARNISHD, "-F", "-j", "none", "-n", str(directory / "work"), "-f", str(directory / "clinic.vcl")]
    command += ["-a", f"127.0.0.1:{VARNISH_PORT}", "-s", "malloc,256m", "-T", "none"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
    process.directory = directory
    return wait_until_healthy(process, VARNISH_PORT, "varnishd")


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def static_css_url(port):
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/topics/", timeout=5).read().decode()
    return re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)


def wrk(url):
    for _ in range(3):  # warm the page cache and connections
        urllib.request.urlopen(url, timeout=10).read()
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(ROOT / "bench/latency.lua"), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps, p50, p95, p99, requests, errors = RESULT.search(output).groups()
    return float(rps), float(p50), float(p95), float(p99), int(requests), int(errors)


def search_scenarios(base_url):
    """Search under a rush: the same search again and again (results from the cache), and a different search on
    every request (each computed: the cold path), as rows like wrk()'s. The distinct searches are the titles and
    "also called" names of the topics file (read at run time), or the benchmark's queries when it is absent."""
    import json
    import runpy
    from urllib.parse import quote

    if CORPUS.exists():
        records = json.loads(CORPUS.read_text())
        names = [name for record in records for name in [record["title"], *record.get("synonyms", ())]]
    else:
        names = [query for query, _expected in runpy.run_path(str(ROOT / "bench/search_queries.py"))["QUERIES"]]
    queries = list(dict.fromkeys(name.lower() for name in names))
    paths = Path(tempfile.mkstemp(prefix="clinic-search-paths-", suffix=".txt")[1])
    paths.write_text("".join(f"/search/?q={quote(query)}\n" for query in queries))
    env = dict(os.environ, BENCH_SEARCH_PATHS=str(paths), BENCH_LATENCY_LUA=str(ROOT / "bench/latency.lua"))
    env["BENCH_THREADS"] = "2"
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(ROOT / "bench/search_paths.lua"), base_url],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    finally:
        paths.unlink()
    rps, p50, p95, p99, requests, errors = RESULT.search(output).groups()
    cold = (float(rps), float(p50), float(p95), float(p99), int(requests), int(errors))
    repeats = " (some repeated: more requests than searches)" if cold[4] > len(queries) else ""
    return [
        (
            "search, repeated (?q=back+pain, results cache)",
            base_url + "/search/?q=back+pain",
            wrk(base_url + "/search/?q=back+pain"),
        ),
        (f"search, cold ({len(queries):,} distinct searches{repeats})", base_url + "/search/", cold),
    ]


def publish_to_fresh(topic_url):
    """Milliseconds from publishing a topic's new title to the first response through Varnish that shows it."""
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench/publish_fresh.py"), topic_url],
        cwd=ROOT,
        env=environment(page_cache=True),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fresh, publish = re.search(r"FRESH ms=([\d.,]+) publish_ms=([\d.,]+)", output).groups()
    return [float(ms) for ms in fresh.split(",")], [float(ms) for ms in publish.split(",")]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make bench` (it installs Debian's wrk) or apt-get install wrk")
    if not os.path.exists(VARNISHD):
        raise SystemExit("varnishd is missing: run `make varnish` (scripts/ensure-varnish.sh)")
    build_site({**environment(page_cache=True), "VARNISH_URL": ""})  # Varnish starts after the build
    cached = start_server(CACHED_PORT, environment(page_cache=True))
    uncached = start_server(UNCACHED_PORT, environment(page_cache=False))
    varnish = start_varnish(CACHED_PORT)
    try:
        v, c, u = (f"http://127.0.0.1:{port}" for port in (VARNISH_PORT, CACHED_PORT, UNCACHED_PORT))
        static = static_css_url(CACHED_PORT)
        scenarios = [
            ("static file via Varnish (ceiling)", v + static),
            ("topic page via Varnish", v + TOPIC),
            ("topic index ?group= via Varnish", v + "/topics/?group=nerve-pain"),
            ("static file via WhiteNoise (app server)", c + static),
            ("minimal Django view (/healthz)", c + "/healthz"),
            ("topic page, page cache (app server)", c + TOPIC),
            ("topic page, uncached", u + TOPIC),
            ("topic index, page cache (app server)", c + "/topics/"),
            ("topic index, uncached", u + "/topics/"),
            ("search ?q=migrane", c + "/search/?q=migrane"),
            ("suggest ?q=mig", c + "/search/suggest/?q=mig"),
        ]
        results = [(name, url, wrk(url)) for name, url in scenarios] + search_scenarios(c)
        fresh, publish = publish_to_fresh(v + TOPIC)
    finally:
        stop_server(varnish)
        shutil.rmtree(varnish.directory, ignore_errors=True)
        stop_server(cached)
        stop_server(uncached)

    ceiling_rps, _p50, ceiling_p95 = results[0][2][:3]
    print(f"\nwrk, {CONNECTIONS} connections, {SECONDS} s a scenario, gunicorn 2 sync workers, loopback\n")
    print("| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to ceiling |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _url, (rps, p50, p95, p99, _n, errors) in results:
        print(f"| {name} | {rps:,.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} | {rps / ceiling_rps:.2f} |")
    page_rps, _p50, page_p95 = results[1][2][:3]
    print(f"\ntopic page via Varnish: p95 {page_p95 / ceiling_p95:.2f}x the static file's (target: at most 1.2x),")
    print(f"throughput {page_rps / ceiling_rps:.0%} of it (target: at least 80%)")
    print(
        f"publish-to-fresh via Varnish, {len(fresh)} publishes: median {statistics.median(fresh):.0f} ms, "
        f"max {max(fresh):.0f} ms (target: under 1,000 ms); the publish call itself median "
        f"{statistics.median(publish):.0f} ms"
    )


STATIC_ROOT = Path(tempfile.mkdtemp(prefix="clinic-static-"))

if __name__ == "__main__":
    main()
