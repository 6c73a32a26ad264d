"""Cold search under load on the production stack: every request a different search, so the results cache never
answers; throughput, latency and the CPU time each search costs the app server and PostgreSQL.

    .venv/bin/python bench/search_cold.py [--runs 3] [--seconds 10] [--language en|es|both]

Runs granian (scripts/serve-app.sh's server: production settings, WEB_CONCURRENCY workers, default 2) against an
existing database (BENCH_DATABASE_URL, default .../clinic_bench_serve) holding the demo content and the English and
Spanish MedlinePlus files (`import_medlineplus`, `import_medlineplus_es`; imported here when they are missing),
Redis at BENCH_REDIS_URL (flushed first: it must be a database of its own). The searches are the topics' titles and
"also called" names, lower-cased, as `make bench-serve`'s cold row. `wrk` sends them from 16 connections
(BENCH_CONNECTIONS); each run is reported, then the median. CPU a search: the app server's processes' (granian and
its workers) and the database's server processes' CPU seconds over the run, over its requests: less sensitive than
req/s to what else the machine runs.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULT = re.compile(r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+)")

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_serve")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
CORPUS = {
    "en": Path(os.environ.get("MEDLINEPLUS_FILE", ROOT.parent / "shared/data/medlineplus/health_topics.json")),
    "es": Path(os.environ.get("MEDLINEPLUS_ES_FILE", ROOT.parent / "shared/data/medlineplus-es/health_topics_es.json")),
}
SEARCH_PATH = {"en": "/search/?q=", "es": "/es/search/?q="}
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
TICKS = os.sysconf("SC_CLK_TCK")
STATIC_ROOT = Path(tempfile.gettempdir()) / "clinic-search-cold-static"


def environment():
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # wrk talks plain HTTP straight to the app server (no TLS terminator to set X-Forwarded-Proto), so the
        # documented SECURE_SSL_REDIRECT knob is off, as an operator with no proxy in front would set it.
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE_ENABLED="false",
        VARNISH_URL="",
        DB_CONN_MAX_AGE="600",
        STATIC_ROOT=str(STATIC_ROOT),
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(process, port, name):
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit(f"{name} did not start on port {port}")


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def database_query(sql, params=(), database_url=DATABASE_URL):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def ensure_site():
    """The demo content and both MedlinePlus files in the database (the build the dev settings' immediate tasks
    index as it goes)."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    if not database_query("SELECT 1 FROM pg_database WHERE datname = %s", [name], admin_url):
        database_query(f'CREATE DATABASE "{name}"', (), admin_url)
    env = dict(os.environ, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="website.settings.dev")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    count = database_query("SELECT count(*) FROM topics_topicpage WHERE source = 'medlineplus'")[0][0]
    if count < 2000:
        subprocess.run([*manage, "load_demo_content"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*manage, "import_medlineplus", str(CORPUS["en"])], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "import_medlineplus_es", str(CORPUS["es"])], cwd=ROOT, env=env, check=True)
        database_query("ANALYZE")
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment(), check=True)


def search_paths(languages):
    paths = []
    for language in languages:
        records = json.loads(CORPUS[language].read_text())
        names = [name for record in records for name in [record["title"], *record.get("synonyms", ())]]
        paths += [SEARCH_PATH[language] + quote(name) for name in dict.fromkeys(name.lower() for name in names)]
    return paths


def process_tree(root_pid):
    """root_pid and every process below it."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def database_pids():
    name = DATABASE_URL.rsplit("/", 1)[1]
    return [pid for (pid,) in database_query("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name])]


def start_granian(port):
    command = [sys.executable, "-m", "granian", "--interface", "wsgi", "website.wsgi:application"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", WORKERS, "--log-level", "warning"]
    command += os.environ.get("BENCH_GRANIAN_ARGS", "").split()  # e.g. "--blocking-threads 1" to compare
    process = subprocess.Popen(command, cwd=ROOT, env=environment(), start_new_session=True)
    return wait_until_healthy(process, port, "granian")


def run_wrk(base_url, paths_file, seconds):
    env = dict(os.environ, BENCH_SEARCH_PATHS=str(paths_file), BENCH_LATENCY_LUA=str(ROOT / "bench/latency.lua"))
    env["BENCH_THREADS"] = "2"
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(ROOT / "bench/search_paths.lua")]
    output = subprocess.run([*command, base_url], capture_output=True, text=True, check=True, env=env).stdout
    rps, p50, p95, p99, requests, errors = RESULT.search(output).groups()
    return float(rps), float(p50), float(p95), float(p99), int(requests), int(errors)


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--language", choices=["en", "es", "both"], default="en")
    parser.add_argument("--no-build", action="store_true", help="use the database as it is")
    args = parser.parse_args()
    if not args.no_build:
        ensure_site()
    languages = ["en", "es"] if args.language == "both" else [args.language]
    paths = search_paths(languages)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    rows = []
    for run in range(args.runs):
        flush_redis()
        server = start_granian(port)
        try:
            urllib.request.urlopen(base_url + SEARCH_PATH[languages[0]] + "warm", timeout=30).read()
            # A different slice of the searches each run, none of them searched before on this Redis.
            offset = run * len(paths) // args.runs
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
                file.write("".join(path + "\n" for path in paths[offset:] + paths[:offset]))
            app_pids, db_pids = process_tree(server.pid), database_pids()
            app_before, db_before, started = cpu_seconds(app_pids), cpu_seconds(db_pids), time.monotonic()
            rps, p50, p95, p99, requests, errors = run_wrk(base_url, file.name, args.seconds)
            app_cpu = cpu_seconds(process_tree(server.pid)) - app_before
            db_cpu = cpu_seconds(set(db_pids) | set(database_pids())) - db_before
            wall = time.monotonic() - started
            load = os.getloadavg()[0]
        finally:
            stop_server(server)
            Path(file.name).unlink(missing_ok=True)
        row = (rps, p50, p95, p99, requests, errors, 1000 * app_cpu / requests, 1000 * db_cpu / requests, load)
        rows.append(row)
        print(f"run {run + 1}: {row[0]:.0f} req/s, p95 {row[2]:.0f} ms, wall {wall:.1f} s", file=sys.stderr)
    print(f"\ncold search ({', '.join(languages)}; {len(paths):,} distinct searches), granian {WORKERS} workers, ")
    print(f"wrk {CONNECTIONS} connections, {args.seconds} s a run, production settings, loopback\n")
    print("| run | req/s | p50 ms | p95 ms | p99 ms | requests | errors ", end="")
    print("| app CPU ms a search | DB CPU ms a search | load |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, row in enumerate(rows, 1):
        print(f"| {number} | {row[0]:.0f} | {row[1]:.1f} | {row[2]:.1f} | {row[3]:.1f} | {row[4]} | {row[5]} |", end="")
        print(f" {row[6]:.1f} | {row[7]:.1f} | {row[8]:.1f} |")
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(f"| median | {medians[0]:.0f} | {medians[1]:.1f} | {medians[2]:.1f} | {medians[3]:.1f} | | |", end="")
    print(f" {medians[6]:.1f} | {medians[7]:.1f} | {medians[8]:.1f} |")


if __name__ == "__main__":
    main()
