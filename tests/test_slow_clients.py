"""Slow clients (slowloris) against the real production server command: normal visitors are still answered."""

import socket
import time
import urllib.request

import pytest

from tests import servers

# One xdist worker runs the production-server tests, one at a time (tests/test_hung_dependencies.py too).
pytestmark = [pytest.mark.load, pytest.mark.xdist_group("production-server")]

SLOW_CLIENTS = 6


@pytest.fixture
def production_server(tmp_path, transactional_db):
    # /healthz asks the database (it is Varnish's health probe): give the server the test database.
    with servers.production_server(tmp_path, DATABASE_URL=servers.test_database_url()) as port:
        yield port


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
