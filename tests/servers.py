"""Real servers for fault tests: the production server command, and a TCP server that accepts and never answers."""

import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

SERVE = Path(__file__).resolve().parent.parent / "scripts" / "serve-app.sh"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def silent_server():
    """A local port that accepts connections, reads whatever arrives and never answers: a hung dependency."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.1)
    accepted = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
        for conn in accepted:
            conn.close()


def server_cache_prefix():
    """A Redis key prefix of its own for servers a test starts (CACHE_KEY_PREFIX): test workers share the test Redis
    databases, and a server must never read what another test's servers cached (a site id of another database)."""
    import uuid

    from django.conf import settings

    return f"{settings.TEST_KEY_PREFIX}-{uuid.uuid4().hex[:8]}"


def test_database_url():
    """The URL of the database this test run uses (pytest-django's test database), for servers started here."""
    from django.db import connection

    params = connection.settings_dict
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{user}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


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


ROOT = SERVE.parent.parent
#: What `collectstatic` reads: the project's static folders, the pinned packages (Wagtail's admin files) and settings.
STATIC_INPUTS = ("requirements/base.txt", "website/settings/base.py", "website/settings/production.py")


def static_fingerprint():
    digest = hashlib.sha256()
    paths = [ROOT / name for name in STATIC_INPUTS]
    paths += sorted(path for path in ROOT.glob("*/static/**/*") if path.is_file())
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def collected_static(env):
    """What `collectstatic` writes, as `make serve` runs it (the 503 page links the hashed stylesheet), collected
    once into a folder named after a fingerprint of its inputs and shared by every worker and run: compressing
    Wagtail's admin files takes about a minute of CPU. Workers take turns with a file lock."""
    base = Path(tempfile.gettempdir())
    root = base / f"clinic-test-static-{static_fingerprint()}"
    with open(base / "clinic-test-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not root.exists():
            for stale in base.glob("clinic-test-static-*"):
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
            building = Path(tempfile.mkdtemp(prefix="clinic-test-static-building-", dir=base))
            manage = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py")]
            subprocess.run(
                [*manage, "collectstatic", "--noinput", "-v0"],
                env={**env, "STATIC_ROOT": str(building), "DJANGO_SETTINGS_MODULE": "website.settings.production"},
                check=True,
            )
            building.rename(root)
    return str(root)


@contextlib.contextmanager
def production_server(log_dir, **env_overrides):
    """`scripts/serve-app.sh` (the app server `make serve` runs behind Varnish) on a free port, production settings.

    The database and Redis are the test ones unless overridden; yields the port.
    """
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "SECRET_KEY": "fault-tests-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # These tests talk plain HTTP straight to the app server, with no TLS terminator or Varnish in front to set
        # X-Forwarded-Proto, so the redirect would answer them all 301. tests/test_serve.py keeps it on.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"),
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2"),
        "CACHE_KEY_PREFIX": server_cache_prefix(),
        **env_overrides,
    }
    env["STATIC_ROOT"] = collected_static(env)
    log = open(Path(log_dir) / "server.log", "wb")  # noqa: SIM115
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
        # granian's main process can exit and leave a worker running and bound (seen here): end its whole group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
