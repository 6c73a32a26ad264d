"""A database made by the code before calls to action and clinic details had their own apps upgrades in place.

Builds a database with the last commit before the move (its own `migrate`, in the same virtualenv), adds a call
to action with two revisions, click counts and clinic details, then runs this code's `migrate` on it.
Slow (two full migrations): `pytest -m "not upgrade"` skips it.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

pytestmark = pytest.mark.upgrade

REPO = Path(__file__).resolve().parents[1]
BEFORE_THE_MOVE = "0202227"

MAKE_CONTENT = """
import datetime
from django.contrib.auth import get_user_model
from wagtail.models import Site
from topics.models import CallToAction
from editorial.models import CallToActionClick
from home.models import ClinicDetails
user = get_user_model().objects.create_superuser("upgrade-admin", "a@example.org", "x")
cta = CallToAction.objects.create(name="Book", heading="First heading", button_label="Book", link_url="https://example.org/")
cta.save_revision(user=user).publish()
cta.heading = "Second heading"
cta.save_revision(user=user)
day = datetime.date(2026, 11, 1)
for _ in range(3):
    CallToActionClick.increment(cta, day=day)
CallToActionClick.increment(cta, day=day + datetime.timedelta(days=1))
site = Site.objects.get(is_default_site=True)
ClinicDetails.objects.update_or_create(site=site, defaults={"phone": "(555) 123-4567"})
"""

READ_CONTENT = """
import json
from django.contrib.auth.models import Permission
from wagtail.models import Site
from cta.models import CallToAction, CallToActionClick
from website.models import ClinicDetails
cta = CallToAction.objects.get(name="Book")
permissions = Permission.objects.filter(codename__endswith="calltoaction")
print(json.dumps({
    "live_heading": cta.heading,
    "revisions": cta.revisions.count(),
    "draft_heading": cta.latest_revision.as_object().heading,
    "has_unpublished_changes": cta.has_unpublished_changes,
    "clicks": sorted([str(c.day), c.count] for c in CallToActionClick.objects.filter(call_to_action=cta)),
    "phone": ClinicDetails.for_site(Site.objects.get(is_default_site=True)).phone,
    "cta_permissions": sorted({p.content_type.app_label for p in permissions}),
}))
"""


def database_url(name):
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"))
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(cwd, url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "PYTHONPATH": str(cwd)}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def old_checkout(tmp_path):
    archive = subprocess.run(
        [shutil.which("git"), "-C", str(REPO), "archive", BEFORE_THE_MOVE], capture_output=True, check=True
    )
    subprocess.run([shutil.which("tar"), "-x", "-C", str(tmp_path)], input=archive.stdout, check=True)
    return tmp_path


@pytest.fixture
def throwaway_database():
    name = f"{urlsplit(database_url('x')).path.strip('/')}_upgrade_{os.getpid()}"
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_from_before_the_move_keeps_its_calls_to_action_revisions_and_clicks(
    old_checkout, throwaway_database
):
    manage(old_checkout, throwaway_database, "migrate", "--no-input")
    manage(old_checkout, throwaway_database, "shell", "-c", MAKE_CONTENT)

    manage(REPO, throwaway_database, "migrate", "--no-input")
    found = json.loads(manage(REPO, throwaway_database, "shell", "-c", READ_CONTENT).strip().splitlines()[-1])

    assert found == {
        "live_heading": "First heading",
        "revisions": 2,
        "draft_heading": "Second heading",
        "has_unpublished_changes": True,
        "clicks": [["2026-11-01", 3], ["2026-11-02", 1]],
        "phone": "(555) 123-4567",
        "cta_permissions": ["cta"],
    }
    manage(REPO, throwaway_database, "makemigrations", "--check", "--dry-run")
