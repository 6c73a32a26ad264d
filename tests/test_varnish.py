"""The front cache: a real Varnish (deploy/varnish/clinic.vcl) before the live server, the page cache on Redis.

Varnish is started by these tests on a free loopback port (`varnishd -F`, its own working directory) and
stopped at the end; they skip only where `varnishd` is missing (`make test` installs it: scripts/ensure-varnish.sh).
`X-Cache` (hit, hit-stale, miss, pass) and `X-Cache-Hits` are added by the VCL.
"""

import contextlib
import http.client
import io
import logging
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from appointments.models import Slot
from pagecache.backends import VarnishBackend
from pagecache.middleware import used_query_parameters
from pageviews.models import PageViewDay
from tests import test_contact
from tests.conftest import translate_to_spanish
from tests.factories import ContactPageFactory, TopicGroupFactory, TopicPageFactory
from tests.servers import free_port
from tests.staff import verified_login
from website.models import ClinicDetails

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "clinic.vcl"
VARNISHD = shutil.which("varnishd") or next((p for p in ["/usr/sbin/varnishd"] if os.path.exists(p)), None)
client_ip = test_contact.client_ip
PAGE_CACHE = {
    # Production's cache backend (website/settings/base.py, redis_caches): its clear() empties this prefix only.
    "BACKEND": "website.cache.CircuitBreakerRedisCache",
    "LOCATION": django_settings.TEST_PAGECACHE_REDIS_URL,
    "KEY_PREFIX": f"{django_settings.TEST_KEY_PREFIX}-varnish-pagecache",
    "OPTIONS": {
        "FAIL_SILENTLY": True,
        "SOCKET_CONNECT_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
        "SOCKET_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
    },
}


class Varnish:
    """One varnishd in front of 127.0.0.1:`backend_port`; `request()` talks to it over plain HTTP."""

    def __init__(self, backend_port, directory, vcl_text=None):
        self.port = free_port()
        vcl = Path(directory) / "clinic.vcl"
        vcl.write_text(
            (vcl_text or VCL.read_text())
            .replace("__BACKEND_HOST__", "127.0.0.1")
            .replace("__BACKEND_PORT__", str(backend_port))
        )
        self.log = open(Path(directory) / "varnishd.log", "wb")  # noqa: SIM115
        self.workdir = Path(directory) / "varnishd"
        command = [VARNISHD, "-F", "-j", "none", "-n", str(self.workdir), "-f", str(vcl)]
        command += ["-a", f"127.0.0.1:{self.port}", "-s", "malloc,32m", "-p", "thread_pool_min=5", "-T", "none"]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_until_healthy(self, seconds=30):
        """Until Varnish answers and its health probe has found the backend (a sick backend gets no fetches)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "varnishd exited: " + Path(self.log.name).read_text()
            with contextlib.suppress(OSError):
                if self.request("/healthz").status == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("Varnish never reached the backend: " + Path(self.log.name).read_text())

    def request(self, path, method="GET", headers=None, source="127.0.0.1", body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.text = response.read().decode()
            return response
        finally:
            connection.close()

    def objects(self):
        """How many objects Varnish holds (varnishstat's MAIN.n_object)."""
        varnishstat = shutil.which("varnishstat") or "/usr/bin/varnishstat"
        output = subprocess.run(
            [varnishstat, "-n", str(self.workdir), "-1", "-f", "MAIN.n_object"], capture_output=True, text=True
        ).stdout
        return int(output.split()[1])

    def ban_everything(self):
        assert self.request("/", method="BAN").status == 200

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@contextlib.contextmanager
def running_varnish(backend_port, directory, vcl_text=None):
    if VARNISHD is None:
        pytest.skip("varnishd is missing: install Debian's varnish (`make test` does it: scripts/ensure-varnish.sh)")
    varnish = Varnish(backend_port, directory, vcl_text)
    try:
        varnish.wait_until_healthy()
        yield varnish
    finally:
        varnish.stop()


@pytest.fixture(scope="module")
def varnish(live_server, tmp_path_factory, django_db_blocker):
    # Varnish probes /healthz every second for the whole module, between tests too, and the health view asks
    # the database (SELECT 1): let it, or the probe fails between tests and the backend turns sick.
    with (
        django_db_blocker.unblock(),
        running_varnish(int(live_server.url.rsplit(":", 1)[1]), tmp_path_factory.mktemp("varnish")) as varnish,
    ):
        yield varnish


@pytest.fixture
def front(varnish, settings, transactional_db):
    """Varnish emptied, the page cache on Redis, and Wagtail purging both (as `make serve` configures it)."""
    settings.CACHES = {**settings.CACHES, "default": PAGE_CACHE}
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "varnish": {"BACKEND": "pagecache.backends.VarnishBackend", "LOCATION": f"http://127.0.0.1:{varnish.port}"},
    }
    caches["default"].delete_pattern("*")
    varnish.ban_everything()
    # Between tests the database is replaced by a fresh copy (tests/conftest.py): a probe in that moment fails.
    varnish.wait_until_healthy()
    yield varnish
    caches["default"].delete_pattern("*")


@pytest.fixture
def topic(front, topic_index):
    """Sciatica, listed under the Nerve pain group (`?group=nerve-pain`) and the letter S."""
    nerve_pain = TopicGroupFactory(name="Nerve pain", slug="nerve-pain")
    return TopicPageFactory(parent=topic_index, title="Sciatica", groups=[nerve_pain])


def test_a_purge_from_a_client_outside_the_acl_is_refused_and_changes_nothing(front, topic):
    front.request(topic.url)
    for method in ("PURGE", "BAN"):
        refused = front.request(topic.url, method=method, source="127.0.0.2")
        assert (refused.status, refused.text) == (403, "Forbidden")
    assert front.request(topic.url).headers["X-Cache"] == "hit"

    assert front.request(topic.url, method="PURGE").status == 200
    assert front.request(topic.url).headers["X-Cache"] == "miss"


def test_anonymous_pages_are_served_from_varnish(front, topic):
    first = front.request(topic.url)
    assert (first.status, first.headers["X-Cache"]) == (200, "miss")
    assert first.headers["Cache-Control"] == "max-age=0, s-maxage=600"
    second = front.request(topic.url)
    assert (second.headers["X-Cache"], second.headers["X-Cache-Hits"]) == ("hit", "1")
    assert second.text == first.text


def test_publishing_a_topic_is_visible_through_varnish_on_the_next_request(front, topic, topic_index):
    translate_to_spanish(topic_index.get_parent(), "Inicio")
    spanish_index = translate_to_spanish(topic_index, "Temas de salud", "temas")
    spanish_topic = translate_to_spanish(topic, "Ciática", "ciatica")
    pages = [topic.url, f"{topic_index.url}?group=nerve-pain", f"{topic_index.url}?letter=s", spanish_topic.url]
    for url in pages:
        front.request(url)
        assert front.request(url).headers["X-Cache"] == "hit", url
    assert spanish_index.url == "/es/temas/"

    topic.title = "Sciatica and leg pain"
    topic.save_revision().publish()

    for url in pages[:3]:
        fresh = front.request(url)
        assert fresh.headers["X-Cache"] == "miss", url
        assert "Sciatica and leg pain" in fresh.text, url
    # The Spanish page links to its English version (language switcher, hreflang): purged too.
    assert front.request(spanish_topic.url).headers["X-Cache"] == "miss"

    topic.unpublish()
    assert front.request(topic.url).status == 404
    assert "Sciatica" not in front.request(f"{topic_index.url}?letter=s").text


def test_saving_clinic_details_purges_every_page_from_varnish(front, topic, topic_index, home):
    urls = ["/", topic_index.url, topic.url]
    for url in urls:
        front.request(url)
    details = ClinicDetails.for_site(home.get_site())
    details.phone = "(555) 010-7777"
    details.save()
    for url in urls:
        fresh = front.request(url)
        assert (fresh.headers["X-Cache"], "(555) 010-7777" in fresh.text) == ("miss", True), url


def test_the_appointment_times_publication_is_cached_until_a_patient_holds_a_time(front, home, client_ip):
    contact = ContactPageFactory(parent=home)
    slot = Slot.objects.create(
        location="Lakeshore clinic", service="First consultation", starts_at=timezone.now() + timedelta(days=1)
    )
    urls = ["/$bulk-publish", "/fhir/slots.ndjson", "/fhir/schedules.ndjson"]
    for url in urls:
        assert front.request(url).headers["X-Cache"] == "miss", url
        assert front.request(url).headers["X-Cache"] == "hit", url
    assert front.request("/%24bulk-publish").headers["X-Cache"] == "hit"  # the same object however `$` is written
    assert '"status":"free"' in front.request("/fhir/slots.ndjson").text

    form = {**test_contact.VALID, "slot": str(slot.pk)}
    assert Client().post(contact.url, form, REMOTE_ADDR=client_ip).status_code == 302

    for url in urls:
        assert front.request(url).headers["X-Cache"] == "miss", url
    assert '"status":"busy"' in front.request("/fhir/slots.ndjson").text


def test_the_booking_form_is_never_served_from_the_cache_and_sets_no_cookie(front, home):
    """It shows live open times; it carries no CSRF token (website/sameorigin.py), so no visitor gets a cookie."""
    contact = ContactPageFactory(parent=home)
    for response in (front.request(contact.url), front.request(contact.url)):
        assert response.status == 200
        assert response.headers["X-Cache"] != "hit"
        assert "origin_checked_form" in response.text and "csrfmiddlewaretoken" not in response.text
        assert "no-store" in response.headers["Cache-Control"]
        assert "Set-Cookie" not in response.headers


def test_a_signed_in_editors_page_is_never_served_to_another_visitor(front, topic, admin_user):
    editor = Client()
    verified_login(editor, admin_user)
    session = {"Cookie": f"sessionid={editor.cookies['sessionid'].value}"}

    as_editor = front.request(topic.url, headers=session)
    assert as_editor.headers["X-Cache"] == "pass"
    assert "wagtail-userbar" in as_editor.text
    anonymous = front.request(topic.url)
    assert anonymous.headers["X-Cache"] == "miss"
    assert "wagtail-userbar" not in anonymous.text
    assert front.request(topic.url, headers=session).headers["X-Cache"] == "pass"
    assert front.request(topic.url).headers["X-Cache"] == "hit"


def test_the_admin_feedback_and_the_cta_counter_always_reach_the_app(front):
    for path in ("/admin/login/", "/go/cta/1/", "/feedback/", "/es/feedback/", "/subscribe/", "/healthz"):
        assert front.request(path).headers["X-Cache"] == "pass", path
    assert front.request("/search/?q=back", method="POST").headers["X-Cache"] == "pass"


def test_the_page_view_beacon_passes_to_the_app_and_sets_no_cookie(front, topic):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
        "Sec-Fetch-Site": "same-origin",
    }
    for _ in range(2):
        response = front.request("/go/view/", method="POST", headers=headers, body=f"page={topic.pk}&language=en")
        assert (response.status, response.headers["X-Cache"], response.headers["Set-Cookie"]) == (204, "pass", None)
    assert front.request("/go/view/", method="POST", headers=headers, body="page=x").status == 400
    call_command("flush_page_views", stdout=io.StringIO())  # the views waited in Redis (the default cache here)
    assert PageViewDay.objects.get(page=topic).count == 2


def test_unknown_query_parameters_do_not_create_a_new_cache_object(front, topic):
    assert front.request(topic.url).headers["X-Cache"] == "miss"
    objects = front.objects()
    assert objects >= 1
    variants = ["?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR0abc", "?made_up=1", "?x=8f3a&gclid=1"]
    for hits, query in enumerate(variants, start=1):
        response = front.request(topic.url + query)
        assert (response.headers["X-Cache"], response.headers["X-Cache-Hits"]) == ("hit", str(hits)), query
    assert front.objects() == objects


def test_twenty_host_ports_and_cases_make_one_cached_object(front, topic):
    """Django ignores the port when it checks ALLOWED_HOSTS; Varnish must not keep a copy per port either."""
    assert front.request(topic.url, headers={"Host": "localhost"}).headers["X-Cache"] == "miss"
    for hits, port in enumerate(range(10000, 10020), start=1):
        host = f"localhost:{port}" if port % 2 else f"LocalHost:{port}"
        response = front.request(topic.url, headers={"Host": host})
        # The same object each time: its hit count goes up by one (a new object per port would start at 0).
        assert (response.headers["X-Cache"], response.headers["X-Cache-Hits"]) == ("hit", str(hits)), host


def test_responses_name_no_software_or_version(front, topic):
    for response in (front.request(topic.url), front.request(topic.url), front.request("/", method="PURGE")):
        assert "Server" not in response.headers and "Via" not in response.headers, dict(response.headers)


def test_a_host_outside_allowed_hosts_is_refused_by_varnish_and_cached_nowhere(live_server, tmp_path, topic):
    from deploy.varnish.render_vcl import render

    vcl = render([("__BACKEND_HOST__", "__BACKEND_PORT__")], allowed_hosts="localhost,127.0.0.1,.clinic.example")
    with running_varnish(int(live_server.url.rsplit(":", 1)[1]), tmp_path, vcl) as varnish:
        assert varnish.request(topic.url, headers={"Host": "LOCALHOST:8443"}).status == 200
        # A configured subdomain pattern passes Varnish (Django, configured otherwise here, then decides).
        assert varnish.request(topic.url, headers={"Host": "www.clinic.example"}).text != "Unknown host"
        objects = varnish.objects()
        for host in ("evil.example", "localhost.evil.example", "clinic.example.evil", "127.0.0.2"):
            response = varnish.request(topic.url, headers={"Host": host})
            assert (response.status, response.text) == (400, "Unknown host"), host
        assert varnish.objects() == objects


def test_parameters_the_site_reads_vary_the_cache(front, topic, topic_index):
    index = topic_index.url
    assert front.request(f"{index}?group=nerve-pain").headers["X-Cache"] == "miss"
    assert front.request(f"{index}?letter=s").headers["X-Cache"] == "miss"
    assert front.request(f"{index}?group=nerve-pain&letter=s").headers["X-Cache"] == "miss"
    # Same parameters in another order, or with tracking added: the same object.
    assert front.request(f"{index}?letter=s&group=nerve-pain").headers["X-Cache"] == "hit"
    assert front.request(f"{index}?utm_campaign=tv&group=nerve-pain").headers["X-Cache"] == "hit"
    assert front.request("/search/?q=sciatica").headers["X-Cache"] != "hit"  # search has no shared lifetime


def test_the_vcl_keeps_every_parameter_a_page_or_search_reads():
    kept = set(re.search(r"\(\?!\(\?:([a-z|]+)\)=\)", VCL.read_text()).group(1).split("|"))
    assert used_query_parameters() | {"q", "page"} <= kept


class Relay:
    """A TCP relay from Varnish to the live server that can be switched off: the app server going down."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.sockets = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(source, target), daemon=True).start()
        self.listener.close()

    @staticmethod
    def pipe(source, target):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)

    def stop(self):
        self.stopped.set()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def test_with_the_app_server_down_cached_pages_are_still_served(live_server, front, topic, settings, tmp_path):
    settings.FRONT_CACHE_SECONDS = 1
    relay = Relay(int(live_server.url.rsplit(":", 1)[1]))
    with running_varnish(relay.port, tmp_path) as varnish:
        assert varnish.request(topic.url).headers["Cache-Control"] == "max-age=0, s-maxage=1"
        relay.stop()
        time.sleep(12)  # past the page's 1 s lifetime and the 10 s grace a healthy backend gets
        stale = varnish.request(topic.url)
        assert (stale.status, stale.headers["X-Cache"]) == (200, "hit-stale")
        assert "Sciatica" in stale.text
        assert varnish.request("/never-cached/").status == 503


def test_an_unreachable_varnish_never_stops_a_publish(topic_index, caplog, django_capture_on_commit_callbacks):
    backend = VarnishBackend({"LOCATION": f"http://127.0.0.1:{free_port()}"})
    page = TopicPageFactory(parent=topic_index, title="Sciatica")
    with caplog.at_level(logging.ERROR, "wagtail.frontendcache"), django_capture_on_commit_callbacks(execute=True):
        backend.purge(page.full_url)
        backend.purge_all()
    assert [record.getMessage().split(" '")[0] for record in caplog.records] == [
        "Couldn't PURGE",
        "Couldn't BAN",
    ]
