"""Slow clients (slowloris) against the real production server command: normal visitors are still answered."""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.load

SERVE = Path(__file__).resolve().parent.parent / "scripts" / "serve.sh"
SLOW_CLIENTS = 6


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited on start"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start listening")


@pytest.fixture
def production_server(tmp_path):
    """`scripts/serve.sh` (what `make serve` runs) on a free port, production settings, 2 workers."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "SECRET_KEY": "slow-clients-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"),
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([str(SERVE)], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_serving(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_slow_clients_do_not_hold_up_a_normal_request(production_server):
    port = production_server
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=2)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(sock)
        # Headers one byte a second, never finished: each connection would hold a sync worker.
        for second in range(2):
            for sock in slow:
                sock.sendall(b"X" if second == 0 else b"-")
            time.sleep(1)
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            body = response.read()
        elapsed = time.monotonic() - started
        assert response.status == 200 and body == b"ok\n"
        assert elapsed < 1.0, f"a normal request waited {elapsed:.2f} s behind {SLOW_CLIENTS} slow clients"
    finally:
        for sock in slow:
            sock.close()
