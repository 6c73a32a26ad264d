"""The stack `make serve` runs, with 1 and 2 app nodes, and the fault drill: printed as Markdown tables.

Run: make bench-cluster

Starts scripts/serve.sh (Varnish, APP_NODES app nodes, the task worker) against a PostgreSQL database with the demo
content (BENCH_DATABASE_URL, default .../clinic_bench_cluster, built on first use), Redis at BENCH_REDIS_URL.
Throughput: wrk, 16 connections (BENCH_CONNECTIONS), BENCH_SECONDS (default 10) a run, the median of BENCH_RUNS
(default 3) runs, for
- a cached page: a topic page Varnish holds;
- an uncached page: the same topic page with a session cookie, which Varnish passes to an app node and the node
  renders (the page cache skips requests with a session), as for every signed-in editor;
- a search, each query new: nothing can be cached, the app nodes do all the work.
Drill (2 nodes): an app node SIGKILLed under load while patients send contact forms; the task worker SIGKILLed
with tasks queued; Varnish SIGKILLed under load. serve.sh starts each again. "Nothing lost" counts: 5xx seen by
patients, contact forms stored (never twice), tasks finished.
"""

import collections
import concurrent.futures
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_bench_cluster")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
SECONDS = min(int(os.environ.get("BENCH_SECONDS", "10")), 30)
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
RESULT = re.compile(r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+)")
TOPIC = "/topics/sciatica/"
HTTPS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
NEW_QUERY_LUA = """
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", "/search/?q=pain+" .. counter .. "+" .. math.random(1, 1000000000))
end
"""


def free_port_run(count):
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        try:
            for port in range(base, base + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue


def environment(**extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        # The drill sends many contact forms from one address.
        "CONTACT_RATE_LIMIT_PER_HOUR": "100000",
        "DB_CONN_MAX_AGE": "600",
        **extra,
    }


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build_site(env):
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0", env=env)
    with psycopg.connect(DATABASE_URL) as conn:
        topics = conn.execute("SELECT count(*) FROM topics_topicpage").fetchone()[0]
    if not topics:
        manage("load_demo_content", env=env)
    # Tasks queued while building (search index, references) run now, not during the measurements.
    manage("db_worker", "--batch", env=env)
    static_root = tempfile.mkdtemp(prefix="clinic-bench-static-")
    manage("collectstatic", "--noinput", "-v0", env={**env, "STATIC_ROOT": static_root})
    return static_root


class Stack:
    def __init__(self, nodes, static_root, log_dir):
        self.port = free_port_run(nodes + 2)
        self.nodes = nodes
        self.log_path = Path(log_dir) / f"serve-{nodes}.log"
        env = environment(PORT=str(self.port), APP_NODES=str(nodes), STATIC_ROOT=static_root)
        self.process = subprocess.Popen(
            [str(ROOT / "scripts/serve.sh")],
            cwd=ROOT,
            env=env,
            stdout=open(self.log_path, "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 600
        while "Ready: " not in self.log_path.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("serve.sh did not start:\n" + self.log_path.read_text()[-3000:])
            time.sleep(0.5)

    def group(self, needle):
        output = subprocess.run(["ps", "-ww", "-eo", "sid=,pgid=,args="], capture_output=True, text=True).stdout
        for line in output.splitlines():
            sid, pgid, args = line.split(None, 2)
            if sid == str(self.process.pid) and needle(args):
                return int(pgid)
        raise SystemExit("process not found")

    def kill(self, needle):
        os.killpg(self.group(needle), signal.SIGKILL)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def request(port, path, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={**HTTPS, **(headers or {})})
        response = connection.getresponse()
        response.text = response.read().decode(errors="replace")
        return response
    finally:
        connection.close()


def wrk(url, headers=(), script=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(script or ROOT / "bench/latency.lua")]
    for name, value in [*HTTPS.items(), *headers]:
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps, _p50, p95, _p99, requests, errors = RESULT.search(output).groups()
    return float(rps), float(p95), int(requests), int(errors)


def throughput(stack, search_script):
    base = f"http://127.0.0.1:{stack.port}"
    scenarios = {
        "cached page (Varnish hit)": (base + TOPIC, (), None),
        "uncached page (session cookie: Varnish passes it, a node renders it)": (
            base + TOPIC,
            (("Cookie", "sessionid=bench"),),
            None,
        ),
        "search, each query new (a node does all)": (base + "/search/", (), search_script),
    }
    rows = []
    for name, (url, headers, script) in scenarios.items():
        for _ in range(3):  # warm the caches and connections
            request(stack.port, TOPIC, headers=dict(headers))
        runs = [wrk(url, headers, script) for _ in range(RUNS)]
        rows.append(
            (
                name,
                stack.nodes,
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
                sum(r[3] for r in runs),
            )
        )
    return rows


def browse(port, stop_at):
    seen = collections.Counter()
    step = 0
    while time.monotonic() < stop_at:
        step += 1
        path = TOPIC if step % 2 else f"/search/?q=pain+{step}+{time.monotonic_ns()}"
        headers = {} if step % 4 else {"Cookie": "sessionid=bench"}
        try:
            seen[request(port, path, headers=headers).status] += 1
        except OSError as error:
            seen[type(error).__name__] += 1
            time.sleep(0.1)
    return seen


def send_contact(port, phone):
    """A patient's contact form through Varnish; sent again after a "please try again" page. Outcome counts."""
    outcomes = collections.Counter()
    for _attempt in range(5):
        page = request(port, "/contact/")
        if 'name="origin_checked_form"' not in page.text:
            outcomes["form not shown"] += 1
            continue
        fields = {
            "origin_checked_form": "contact",
            "first_name": "Drill",
            "phone": phone,
            "preferred_time": "morning",
            "reason": "ketamine",
            "consent": "on",
        }
        response = request(
            port,
            "/contact/",
            method="POST",
            headers={
                "Sec-Fetch-Site": "same-origin",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=urllib.parse.urlencode(fields),
        )
        if response.status == 302:
            outcomes["sent"] += 1
            return outcomes
        outcomes[f"answered {response.status}"] += 1
        time.sleep(0.5)
    return outcomes


def stored_contacts(prefix):
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        rows = conn.execute(
            "SELECT phone, count(*) FROM contact_contactrequest WHERE phone LIKE %s GROUP BY phone", [prefix + "%"]
        ).fetchall()
    return dict(rows)


def task_counts(since):
    """Tasks queued since `since` (the database's clock), by status."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        return dict(
            conn.execute(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= %s GROUP BY 1",
                [since],
            )
        )


def database_now():
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        return conn.execute("SELECT now()").fetchone()[0]


def enqueue_index_tasks(count):
    """`count` search-index updates of topic pages, queued as the app queues them on publish."""
    code = (
        "import django; django.setup()\n"
        "from modelsearch.tasks import insert_or_update_object_task\n"
        "from topics.models import TopicPage\n"
        "pks = list(TopicPage.objects.values_list('pk', flat=True))\n"
        f"for n in range({count}):\n"
        "    insert_or_update_object_task.enqueue('topics', 'topicpage', str(pks[n % len(pks)]))\n"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=environment(), check=True)


def drill(stack):
    port = stack.port
    rows = []
    # 1. An app node killed under load, while patients send contact forms.
    prefix = f"(555) 7{int(time.time()) % 100:02}-"
    stop_at = time.monotonic() + 15
    with concurrent.futures.ThreadPoolExecutor(CONNECTIONS + 4) as pool:
        browsing = [pool.submit(browse, port, stop_at) for _ in range(CONNECTIONS)]
        forms = []
        time.sleep(4)
        stack.kill(lambda args: "granian" in args and f"--port {port + 1} " in args)
        for number in range(20):
            forms.append(pool.submit(send_contact, port, f"{prefix}{number:04}"))
            time.sleep(0.1)
        statuses = sum((future.result() for future in browsing), collections.Counter())
        outcomes = sum((future.result() for future in forms), collections.Counter())
    stored = stored_contacts(prefix)
    failed = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
    rows.append(("app node SIGKILLed under load", f"{sum(statuses.values())} page requests", f"{failed} 5xx/errors"))
    rows.append(
        (
            "contact forms during the node kill",
            f"20 patients, {outcomes['sent']} sent, {outcomes['answered 503']} 'please try again' then resent",
            f"{len(stored)} stored, {sum(1 for n in stored.values() if n > 1)} stored twice",
        )
    )
    # 2. The task worker killed with tasks queued.
    since = database_now()
    enqueue_index_tasks(200)
    time.sleep(1)
    stack.kill(lambda args: "db_worker" in args)
    deadline = time.monotonic() + 180
    while task_counts(since).get("READY", 0) and time.monotonic() < deadline:
        time.sleep(1)
    counts = task_counts(since)
    rows.append(
        (
            "task worker SIGKILLed with 200 tasks queued",
            "200 queued; worker started again by serve.sh",
            f"{counts.get('SUCCESSFUL', 0)} finished, {counts.get('READY', 0)} still queued, "
            f"{counts.get('RUNNING', 0)} left RUNNING (killed mid-task), {counts.get('FAILED', 0)} failed",
        )
    )
    # 3. Varnish killed under load.
    stop_at = time.monotonic() + 15
    with concurrent.futures.ThreadPoolExecutor(CONNECTIONS) as pool:
        browsing = [pool.submit(browse, port, stop_at) for _ in range(CONNECTIONS)]
        time.sleep(4)
        killed_at = time.monotonic()
        stack.kill(lambda args: "varnishd" in args)
        back = None
        while time.monotonic() < stop_at and back is None:
            try:
                if request(port, TOPIC).status == 200:
                    back = time.monotonic() - killed_at
            except OSError:
                time.sleep(0.1)
        statuses = sum((future.result() for future in browsing), collections.Counter())
    refused = sum(n for status, n in statuses.items() if not isinstance(status, int))
    fivexx = sum(n for status, n in statuses.items() if isinstance(status, int) and status >= 500)
    rows.append(
        (
            "Varnish SIGKILLed under load",
            f"{sum(statuses.values()) - refused} pages served; serving again "
            f"{back or float('nan'):.1f} s after the kill",
            f"connections refused until then ({refused} attempts, 16 clients retrying every 0.1 s), {fivexx} 5xx",
        )
    )
    return rows


def hardware():
    model = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?"
    )
    load = open("/proc/loadavg").read().split()[:3]
    return f"{os.cpu_count()} cores ({model}); load average at start {' '.join(load)}"


def main():
    log_dir = tempfile.mkdtemp(prefix="clinic-bench-cluster-")
    print(f"Building the site in {DATABASE_URL.rsplit('/', 1)[1]} ...", file=sys.stderr)
    static_root = build_site(environment())
    search_script = Path(log_dir) / "new_query.lua"
    search_script.write_text(NEW_QUERY_LUA + (ROOT / "bench/latency.lua").read_text())
    print(f"Hardware: {hardware()}\n")
    rows = []
    for nodes in (1, 2):
        stack = Stack(nodes, static_root, log_dir)
        try:
            rows += throughput(stack, search_script)
            if nodes == 2:
                drill_rows = drill(stack)
        finally:
            stack.stop()
    print(f"| scenario | app nodes | req/s (median of {RUNS}) | p95 ms | errors |")
    print("|---|---|---|---|---|")
    for name, nodes, rps, p95, errors in rows:
        print(f"| {name} | {nodes} | {rps:,.0f} | {p95:.1f} | {errors} |")
    print("\n| fault (2 app nodes) | what happened | nothing lost? |")
    print("|---|---|---|")
    for row in drill_rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nLogs: {log_dir}")


if __name__ == "__main__":
    main()
