import datetime
import json
import os
import sys
import threading
import urllib.request
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.test import TransactionTestCase
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from tests.databases import SharedDemo, admin_connection, restore_migrated, start_from_migrated_template
from tests.databases import copy as copy_database
from tests.factories import HomePageFactory, TopicIndexPageFactory

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="ISO-8601",
        help="Run the whole session with this process's clock moved to this instant (ticking), e.g. "
        "--clock=2026-12-08T00:30Z. Servers in other processes (Varnish, granian, Chromium) keep the real clock.",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "any_hour: the test depends on today's date; it runs again at 23:30 and 00:30 in the clinic's time zone, "
        "at 00:30 UTC and on the latest daylight-saving change day (time-machine, this process only)",
    )
    instant = config.getoption("--clock")
    if instant:
        travel = time_machine.travel(datetime.datetime.fromisoformat(instant), tick=True)
        travel.start()
        config.add_cleanup(travel.stop)


def wall_clocks(zone_name, now=None):
    """The instants an `any_hour` test runs at again, around today in the clinic's zone (TIME_ZONE): where the
    clinic's day and UTC's day differ, just after the clinic's midnight, and across the latest DST change."""
    zone = zoneinfo.ZoneInfo(zone_name)
    today = (now or datetime.datetime.now(datetime.UTC)).astimezone(zone).date()

    def local(day, hour, minute):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    def changes_offset(day):
        return local(day, 0, 0).utcoffset() != local(day, 23, 59).utcoffset()

    dst_day = next(
        today - datetime.timedelta(days=n) for n in range(367) if changes_offset(today - datetime.timedelta(days=n))
    )
    utc_midnight = datetime.datetime.combine(today, datetime.time(0, 30), tzinfo=datetime.UTC)
    return {
        "2330-clinic": local(today, 23, 30),
        "0030-clinic": local(today, 0, 30),
        "0030-utc": utc_midnight,
        "dst-change-2330-clinic": local(dst_day, 23, 30),
    }


#: Tests of a minute or so each (real servers, SeaweedFS, the demo loaded more than once, an old database upgraded):
#: started first, so that no worker is still running one at the end while the others are idle.
STARTED_FIRST = (
    "tests/test_media_storage.py",
    "tests/test_cluster.py",
    "tests/test_serve.py",
    "tests/test_pagecache.py::test_approval_never_leaves_the_old_revision_cached",
    "tests/test_upgrade.py",
    "tests/test_demo.py",
    "tests/test_contact.py::test_demo_loader",
    "tests/test_blog.py::test_demo_loader",
    "tests/test_editorial_workflow.py::test_migrate_keeps",
    "tests/test_browser_layout.py::test_booking_takes_at_most_two_taps",
    "tests/test_tasks.py",
)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(STARTED_FIRST))
    if getattr(config.option, "loadgroup", False):
        xdist_groups(items)


def xdist_groups(items):
    """`--dist loadgroup` as pytest-xdist documents it: tests marked `xdist_group(name)` run on one worker.

    pytest-xdist 3.8 marks them by appending "@name" to `item._nodeid`, which pytest 9 no longer reads (a node's id
    is `item._id`), so every group was silently spread over all workers. This sets the same suffix where pytest 9
    reads it; it does nothing once xdist's own suffix shows in the id.
    """
    from _pytest.nodeid import coerce_node_id

    for item in items:
        names = sorted(
            {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
        )
        if names and "@" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("any_hour") is None:
        return
    other_processes = {"live_server", "live_site", "browser", "phone", "editor_page"} & set(metafunc.fixturenames)
    if other_processes:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: any_hour moves this process's clock only, not the clock of "
            f"{', '.join(sorted(other_processes))}"
        )
    clocks = wall_clocks(settings.TIME_ZONE)
    metafunc.parametrize("wall_clock", [None, *clocks.values()], ids=["now", *clocks], indirect=True)


@pytest.fixture(autouse=True)
def wall_clock(request):
    """Moves the clock (ticking) to the instant an `any_hour` test is parametrised with, before any other fixture
    makes data; the plain run keeps the real time."""
    instant = getattr(request, "param", None)
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant


def pytest_sessionstart(session):
    """Spanish pages are tested against the compiled catalogue: stop at once if it is missing or older than the .po."""
    compiled = CATALOGUE.with_suffix(".mo")
    if not compiled.exists() or compiled.stat().st_mtime < CATALOGUE.stat().st_mtime:
        pytest.exit(
            f"{compiled.relative_to(CATALOGUE.parents[3])} is missing or older than django.po: "
            "run `make compilemessages` (make test and make test-fast do it first).",
            returncode=4,
        )


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English and a test that renders Spanish never leaves Spanish on for the next one."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_shared_reads():
    """A test's database is rolled back, never saved: each test starts with the shared reads (website/shared.py)
    read afresh, never with a site or setting cached by the test before it."""
    from website.shared import new_version

    new_version()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with empty rate-limit counters (real Redis, this worker's own key prefix): every test client
    is 127.0.0.1, and what earlier tests sent (a walk over every booking link, twenty contact forms) must not leave
    a later test's request answered 429."""
    from django.core.cache import caches

    caches["ratelimit"].delete_pattern("*")


def ensure_locales():
    """The site's languages (en, es), as migrations create them; a transactional test's flush removes them."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def tree_root():
    """Wagtail's root page; rebuilt when a transactional test before this one flushed what migrations created."""
    ensure_locales()
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        locale, _ = Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


@pytest.fixture
def home(db):
    root = tree_root()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    return home


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client (its own client, a superuser), past the second login step."""
    from django.test import Client

    from tests.staff import verified_login

    client = Client()
    verified_login(client, admin_user)
    return client


@pytest.fixture
def topic_index(home):
    return TopicIndexPageFactory(parent=home)


def translate_to_spanish(page, title, slug=None):
    """The Spanish translation of `page`, published, as an editor makes it."""
    copy = page.copy_for_translation(Locale.objects.get(language_code="es"))
    copy.title = title
    copy.slug = slug or copy.slug
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


@pytest.fixture
def spanish_topic_index(home, topic_index):
    """/es/temas/, under the Spanish home page."""
    translate_to_spanish(home, "Inicio")
    return translate_to_spanish(topic_index, "Temas de salud", "temas")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never Playwright's own browser download)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page in a phone-sized viewport (390x844), as most patients see the site."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def editor_page(live_site, browser):
    """A desktop browser signed in to the admin (password, then the authenticator's code) as a member of the Editors
    and Marketing groups; the page's
    JavaScript errors (`page.errors`) and Content Security Policy reports (`page.csp_messages`) are collected."""
    from editorial.setup import EDITORS, MARKETING
    from tests.factories import UserFactory
    from tests.staff import authenticator, totp_code

    user = UserFactory(username="ed", password="correct-horse-battery", groups=[EDITORS, MARKETING])
    device = authenticator(user)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.errors = []
    page.csp_messages = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            page.csp_messages.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("button[type=submit]")
    # Marketing publishes, so the second step asks for the code the authenticator shows now.
    page.fill("#id_code", totp_code(device))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    yield page
    context.close()


class DatabaseSnapshots:
    """Two states of the test database kept as PostgreSQL template databases for the session.

    The bilingual demo: loading it (both languages, the blog, images) takes many seconds; copying a template
    database takes well under one, so each live-site test starts from a fresh copy and what one test publishes
    never leaks into the next. The empty state: after a test that commits (a live site, a worker, a demo), Django
    flushes the database with one TRUNCATE of some 190 tables, 1 to 3 s each time on this machine, which also
    removes what migrations created (the languages, the root page). Here it gets a copy of the migrated template
    instead, the state every worker's first test finds, or nothing at all when the next test loads the demo over
    it, so a run of demo tests never flushes (see `fixture_teardown_from_template`).
    """

    def __init__(self):
        self.demo_name = None
        self.empty_name = None
        self.settings_dict = None  # the database's connection settings, once a copy was made
        self.demo_next = False
        self.dirty = False  # the last test's commits were left for the next test's demo copy to replace

    def _copy(self, source, target):
        from django.db import connection, connections

        self.settings_dict = connection.settings_dict
        connections.close_all()
        with admin_connection(self.settings_dict) as admin:
            copy_database(admin, source, target)

    def restore(self):
        """The test database becomes a copy of the demo (loaded and kept on first use)."""
        from django.core.management import call_command
        from django.db import connection

        database = connection.settings_dict["NAME"]
        if self.demo_name is None:

            def load():
                # What the last test committed is still there: the demo is loaded on the migrated state, so its
                # locales and content types keep the ids every other copy has (a flush would make them again).
                if self.dirty and not restore_migrated(connection.settings_dict, database):
                    call_command("flush", verbosity=0, interactive=False)
                ensure_locales()
                call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115

            SHARED_DEMO.take_or_make(connection.settings_dict, database, load)
            self.demo_name = f"{database}_demo"
            self._copy(database, self.demo_name)
        else:
            self._copy(self.demo_name, database)
        self.dirty = False
        forget_process_state()

    def empty(self, flush):
        """The test database as migrations leave it (a copy of the run's migrated template, tests/databases.py), as
        the first test of a worker finds it; without a template, as Django's flush leaves it: flushed once with
        `flush` and kept, then copied."""
        from django.db import connection

        database = connection.settings_dict["NAME"]
        if restore_migrated(connection.settings_dict, database):
            pass
        elif self.empty_name is None:
            flush()
            self.empty_name = f"{database}_empty"
            self._copy(database, self.empty_name)
        else:
            self._copy(self.empty_name, database)
        self.dirty = False
        forget_process_state()

    def drop(self):
        if self.settings_dict is None:
            return
        with admin_connection(self.settings_dict) as admin:
            for name in (self.demo_name, self.empty_name):
                if name is not None:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.demo_name = self.empty_name = None


SNAPSHOTS = DatabaseSnapshots()
SHARED_DEMO = SharedDemo()
flush_by_truncate = TransactionTestCase._fixture_teardown


def fixture_teardown_from_template(self):
    """After a test that commits: nothing when the next test loads the demo, else a copy of the migrated state.

    Only for the default PostgreSQL database with all apps and no serialized rollback; anything else is flushed as
    Django does.
    """
    from django.db import connections

    names = list(self._databases_names(include_mirrors=False))
    if (
        names != ["default"]
        or connections["default"].vendor != "postgresql"
        or self.available_apps is not None
        or self.serialized_rollback
    ):
        flush_by_truncate(self)
    elif SNAPSHOTS.demo_next:
        SNAPSHOTS.dirty = True
    else:
        SNAPSHOTS.empty(lambda: flush_by_truncate(self))


TransactionTestCase._fixture_teardown = fixture_teardown_from_template


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    SNAPSHOTS.demo_next = nextitem is not None and "demo_snapshot" in getattr(nextitem, "fixturenames", ())
    try:
        return (yield)
    finally:
        SNAPSHOTS.demo_next = False


def pytest_sessionfinish(session):
    SNAPSHOTS.drop()
    if SNAPSHOTS.settings_dict is not None or SHARED_DEMO.name is not None:
        from django.db import connection

        SHARED_DEMO.drop(connection.settings_dict)


class RequestsInFlight:
    """The live server's requests under way (Django's request signals, per thread). A request a test's browser
    started before the database was swapped (a beacon sent as a page closes, a type-ahead) can read the old database
    and write what it read into the in-memory cache after that cache was emptied: Wagtail's site root paths, with no
    version to retire them, then made every search of the next test find nothing (seen in CI under load)."""

    def __init__(self):
        self.threads = set()
        self.changed = threading.Condition()

    def started(self, **kwargs):
        with self.changed:
            self.threads.add(threading.get_ident())

    def finished(self, **kwargs):
        with self.changed:
            self.threads.discard(threading.get_ident())
            self.changed.notify_all()

    def wait_until_idle(self, seconds):
        """Until no request is under way (a thread that died mid-request does not count), `seconds` at most."""

        def idle():
            alive = {thread.ident for thread in threading.enumerate()}
            self.threads &= alive
            return not self.threads

        with self.changed:
            return self.changed.wait_for(idle, timeout=seconds)


REQUESTS_IN_FLIGHT = RequestsInFlight()
request_started.connect(REQUESTS_IN_FLIGHT.started, weak=False, dispatch_uid="tests-requests-in-flight-started")
request_finished.connect(REQUESTS_IN_FLIGHT.finished, weak=False, dispatch_uid="tests-requests-in-flight-finished")


def forget_process_state():
    """What this process remembers of a database that was just swapped: ids of content types and locales, and
    the in-memory cache (site root paths, the search vocabulary's version). The live server is a thread of
    this process, so this covers it too: forgotten once, then again once the requests that were under way during the
    swap have ended (what they cached in between came from the old database)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from website.languages import forget_locales

    def forget():
        ContentType.objects.clear_cache()
        forget_locales()
        caches["default"].clear()

    forget()
    REQUESTS_IN_FLIGHT.wait_until_idle(10)
    forget()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """pytest-django's test databases, each worker's a copy of the migrated template (tests/databases.py) rather
    than migrated from nothing; Django's migrate still runs on it (nothing to apply) and the database is dropped at
    the end, as pytest-django does."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        default = connections["default"]
        if default.vendor == "postgresql" and aliases == {"default"}:
            start_from_migrated_template(default.settings_dict, default.creation._get_test_db_name())
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=True,
        )
    yield
    with django_db_blocker.unblock():
        teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup):
    return SNAPSHOTS


@pytest.fixture
def demo(transactional_db, demo_snapshot):
    """The bilingual demo content, as `make run` has it (a fresh copy of the session's snapshot)."""
    demo_snapshot.restore()


def live_server_knows_the_demo(url):
    """Whether the live server's search vocabulary holds the demo's Sciatica page (type-ahead: nothing is counted)."""
    with urllib.request.urlopen(f"{url}/search/suggest/?q=sciatica", timeout=30) as answer:  # noqa: S310 (http only)
        return any(result["url"] == "/topics/sciatica/" for result in json.load(answer)["results"])


@pytest.fixture
def live_site(live_server, transactional_db, demo_snapshot):
    """The live test server with the bilingual demo content, as `make run` would have.

    Checked before the test: CI saw the live server's searches find nothing after a swap, three times in four runs
    (state the process kept of the old database; see RequestsInFlight). If the check fails, what the process holds
    is printed and forgotten, and the check runs again."""
    demo_snapshot.restore()
    for _attempt in range(3):
        if live_server_knows_the_demo(live_server.url):
            return live_server.url
        from wagtail.models import Site

        import website.languages

        print(
            "live_site: the live server's search did not know the demo; root paths",
            Site.get_site_root_paths(),
            "locales",
            website.languages._locale_codes,
            file=sys.stderr,
        )
        forget_process_state()
    pytest.fail("The live server's search does not know the demo's pages after the database was swapped.")
