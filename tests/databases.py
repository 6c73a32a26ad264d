"""Test databases made once and copied, instead of once per pytest-xdist worker.

Migrating a fresh test database takes about 30 s of CPU and loading the bilingual demo about as long; with three
workers on two cores, each doing both, that was a fifth of a run. PostgreSQL copies a database from a template in
about a second, so:

- the migrated schema is built once, as a template named after a fingerprint of what decides it (every migration,
  the settings, the pinned packages, the code that runs after `migrate`), and every worker's test database starts as
  a copy; a template whose fingerprint no longer matches is dropped, so a change is never tested against an old
  schema. Django's own `migrate` still runs on the copy (it finds nothing to apply and runs its post-migrate steps);
- the demo is loaded once per test run by the first worker that needs it and kept as a template for the others
  (with the files it stored: each worker has its own MEDIA_ROOT), dropped when the run ends.

Workers take turns with a PostgreSQL advisory lock per template, held while it is built or copied.
"""

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
#: What decides the migrated schema and the rows migrations make: a change to any of these builds a new template.
SCHEMA_INPUTS = ("requirements/dev.txt", "pyproject.toml")
SKIPPED_FOLDERS = {
    ".venv",
    ".git",
    "tests",
    "bench",
    "docs",
    "node_modules",
    "static_collected",
    "media",
    ".test-media",
}


def schema_fingerprint():
    """A hash of the project's Python code (migrations, settings, post-migrate handlers) and pinned packages."""
    digest = hashlib.sha256()
    paths = [ROOT / name for name in SCHEMA_INPUTS]
    for folder, folders, files in os.walk(ROOT):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS and not name.startswith("."))
        paths.extend(Path(folder) / name for name in sorted(files) if name.endswith(".py"))
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def admin_connection(settings_dict):
    return psycopg.connect(
        dbname="postgres",
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    )


@contextlib.contextmanager
def turn(admin, name):
    """This process's turn at the template `name` (a session-level advisory lock; other workers wait)."""
    admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
    try:
        yield
    finally:
        admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def exists(admin, name):
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def copy(admin, source, target):
    admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [source],
    )
    admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def database_url(settings_dict, name):
    user = settings_dict["USER"] or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{name}"


#: The migrated template this run's test databases were copied from (set by start_from_migrated_template).
MIGRATED = {}


def start_from_migrated_template(settings_dict, test_name):
    """Makes `test_name` a copy of the migrated template, building the template first when it is missing."""
    prefix = f"{settings_dict['NAME']}_migrated_"[:50]
    template = MIGRATED["name"] = prefix + schema_fingerprint()
    MIGRATED["turn"] = prefix
    with admin_connection(settings_dict) as admin, turn(admin, prefix):
        if not exists(admin, template):
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix.replace("_", r"\_") + "%"]
            ).fetchall()
            for (name,) in stale:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            building = f"{template}_building"
            admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{building}"')
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                cwd=ROOT,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "website.settings.test",
                    "DATABASE_URL": database_url(settings_dict, building),
                },
                check=True,
            )
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        copy(admin, template, test_name)


def restore_migrated(settings_dict, test_name):
    """Makes `test_name` a fresh copy of the migrated template; False when this run has none."""
    if "name" not in MIGRATED:
        return False
    from django.db import connections

    connections.close_all()
    with admin_connection(settings_dict) as admin, turn(admin, MIGRATED["turn"]):
        copy(admin, MIGRATED["name"], test_name)
    return True


class SharedDemo:
    """The demo, loaded by the first worker that needs it and kept for the others until the run ends."""

    def __init__(self):
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
        self.run = run[:12]
        self.name = None
        self.media = None

    def setup(self, database):
        self.name = f"{database.rsplit('_gw', 1)[0]}_demo_{self.run}"[:63]
        self.media = Path(settings.MEDIA_ROOT).parent / f"demo-{self.run}"

    def take_or_make(self, settings_dict, database, load):
        """Makes `database` the demo: a copy of the run's template (with its files) when a worker made it, else
        `load()` it here and keep it as that template."""
        from django.db import connections

        self.setup(database)
        connections.close_all()
        with admin_connection(settings_dict) as admin, turn(admin, self.name):
            if exists(admin, self.name):
                copy(admin, self.name, database)
                if self.media.exists():
                    shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
                return
            load()
            connections.close_all()
            copy(admin, database, self.name)
            if Path(settings.MEDIA_ROOT).exists():
                shutil.copytree(settings.MEDIA_ROOT, self.media, dirs_exist_ok=True)

    def drop(self, settings_dict):
        if self.name is None:
            return
        with admin_connection(settings_dict) as admin, turn(admin, self.name):
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.media, ignore_errors=True)
