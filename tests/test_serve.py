"""`make serve` as an operator runs it: only the required variables, Varnish before the app nodes, SIGTERM stops all.

The stack is started the way the README tells an operator (`make serve`, with SECRET_KEY, DATABASE_URL, REDIS_URL,
ALLOWED_HOSTS and PORT only; the HTTPS redirect left on), against the test database holding the demo content.
Also here: the health view Varnish probes, the systemd unit's syntax.
"""

import configparser
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests import servers
from topics.models import TopicPage
from website.settings.base import redis_caches

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "systemd" / "clinic.service"
ENV_EXAMPLE = ROOT / "deploy" / "systemd" / "clinic.env.example"
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")


def free_port_run(count):
    """A port P with P .. P+count-1 all free (Varnish's PORT, then APP_PORT=PORT+1 and the next app nodes)."""
    for _ in range(50):
        base = servers.free_port()
        if base + count > 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sock.bind(("127.0.0.1", port))
                sockets.append(sock)
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise AssertionError("no run of free ports")


def listening(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def operator_environment(**variables):
    """A shell's basics and the given variables: nothing from the test run (no DJANGO_SETTINGS_MODULE, no overrides)."""
    basics = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR", "USER") if name in os.environ}
    return {**basics, **{name: str(value) for name, value in variables.items()}}


def session_processes(session):
    """Processes (zombies aside) still in the session the stack was started in."""
    output = subprocess.run(
        [shutil.which("ps") or "/usr/bin/ps", "-eo", "sid=,pid=,stat=,args="], capture_output=True, text=True
    ).stdout
    return [line for line in output.splitlines() if line.split()[0] == str(session) and line.split()[2][0] != "Z"]


class Stack:
    """A command that starts the stack (`make serve`, scripts/serve.sh) in its own session, logging to a file."""

    def __init__(self, command, env, log_path):
        self.log_path = Path(log_path)
        self.log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self):
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self, seconds=600):
        """Until "Ready:" is printed (the machine may be busy: migrate and collectstatic run first)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if "Ready: " in self.output():
                return
            assert self.process.poll() is None, "make serve exited:\n" + self.output()[-5000:]
            time.sleep(0.5)
        raise AssertionError("make serve never said Ready:\n" + self.output()[-5000:])

    def terminate(self):
        """SIGTERM, as a supervisor sends it; the seconds until the command exited."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        finally:
            self.kill_leftovers()
        return time.monotonic() - started

    def kill_leftovers(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for line in session_processes(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(line.split()[1]), signal.SIGKILL)
        self.log.close()


def request(port, path, method="GET", headers=None, body=None):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection_.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection_.getresponse()
        response.text = response.read().decode(errors="replace")
        return response
    finally:
        connection_.close()


HTTPS = {"X-Forwarded-Proto": "https"}
#: What a browser sends with the page-view beacon (website/static/js/site.js: sendBeacon from a page of the site).
BEACON_HEADERS = {
    "Content-Type": "text/plain;charset=UTF-8",
    "Sec-Fetch-Site": "same-origin",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
}


@pytest.mark.load
def test_make_serve_with_only_the_required_variables_serves_through_varnish_and_sigterm_stops_everything(
    demo, tmp_path
):
    if shutil.which("varnishd") is None and not os.path.exists("/usr/sbin/varnishd"):
        pytest.skip("varnishd is missing: install Debian's varnish (`make test` does it: scripts/ensure-varnish.sh)")
    port = free_port_run(4)
    env = operator_environment(
        SECRET_KEY="serve-test-" + "k" * 50,
        DATABASE_URL=servers.test_database_url(),
        REDIS_URL=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2"),
        ALLOWED_HOSTS="127.0.0.1",
        # A documented knob (several sites on one Redis): the test workers share the test Redis database.
        CACHE_KEY_PREFIX=servers.server_cache_prefix(),
        PORT=port,
    )
    sciatica = TopicPage.objects.get(slug="sciatica", locale__language_code="en").pk
    connection.close()
    stack = Stack(["make", "--no-print-directory", "serve"], env, tmp_path / "serve.log")
    try:
        stack.wait_until_ready()
        output = stack.output()
        assert f"Ready: http://127.0.0.1:{port}" in output
        assert "2 app node(s)" in output

        page = request(port, "/topics/sciatica/", headers=HTTPS)
        assert page.status == 200, page.text[:500]
        assert "Sciatica" in page.text
        spanish = request(port, "/es/temas/ciatica/", headers=HTTPS)
        assert spanish.status == 200
        plain = request(port, "/topics/sciatica/")
        assert (plain.status, plain.headers["Location"]) == (301, "https://127.0.0.1/topics/sciatica/")
        # Both app nodes and the page-view node are up behind Varnish, each answering its probe over plain HTTP.
        assert f"page views on :{port + 3}" in output
        for node_port in (port + 1, port + 2, port + 3):
            health = request(node_port, "/healthz")
            assert (health.status, health.text) == (200, "ok\n")
        # A page view's beacon through Varnish (which sends it to the page-view node): answered, no cookie.
        view = request(port, "/go/view/", "POST", {**HTTPS, **BEACON_HEADERS}, body=f"page={sciatica}&language=en")
        assert (view.status, view.getheader("Set-Cookie")) == (204, None)
    finally:
        seconds = stack.terminate()
    assert seconds < 10, f"make serve took {seconds:.1f} s to stop:\n{stack.output()[-3000:]}"
    assert [p for p in range(port, port + 4) if listening(p)] == []
    assert session_processes(stack.process.pid) == []


def test_the_health_view_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-store" in response["Cache-Control"]


def test_the_health_view_says_degraded_but_stays_200_when_redis_is_down(client, db):
    closed = f"redis://127.0.0.1:{servers.free_port()}/0"
    with override_settings(CACHES=redis_caches(closed, closed)):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"degraded: redis unavailable\n")


@pytest.mark.load
def test_the_health_view_is_503_without_a_database_and_exempt_from_the_https_redirect(tmp_path, transactional_db):
    closed_database = f"postgres://postgres@127.0.0.1:{servers.free_port()}/clinic"
    # The HTTPS redirect stays on (production's default), unlike the other production_server tests.
    with servers.production_server(tmp_path, SECURE_SSL_REDIRECT="true", DATABASE_URL=closed_database) as port:
        health = request(port, "/healthz")
        assert (health.status, health.text) == (503, "unavailable: database\n")
        assert request(port, "/").status == 301
    with servers.production_server(
        tmp_path, SECURE_SSL_REDIRECT="true", DATABASE_URL=servers.test_database_url()
    ) as port:
        health = request(port, "/healthz")
        assert (health.status, health.text) == (200, "ok\n")
        assert request(port, "/topics/").status == 301


def test_the_systemd_unit_is_valid_and_runs_make_serve_with_an_environment_file():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(UNIT)
    service = unit["Service"]
    assert service["ExecStart"].split()[0] == "/usr/bin/make" and service["ExecStart"].split()[-1] == "serve"
    assert service["EnvironmentFile"] == "/etc/clinic/clinic.env"
    assert service["KillMode"] == "mixed" and service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) > 10
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    example = dict(
        line.split("=", 1) for line in ENV_EXAMPLE.read_text().splitlines() if line and not line.startswith("#")
    )
    assert set(REQUIRED) <= set(example)

    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return
    result = subprocess.run([analyze, "verify", str(UNIT)], capture_output=True, text=True)
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "clinic.service" in line]
    assert (result.returncode, complaints) == (0, [])
