"""Importing open appointment times from a practice system's SMART Scheduling Links feed (`import_slot_feed`,
appointments/slotfeed.py): the site's own publication read back into a clean database, updates and removals, a time a
patient holds here kept, malformed or unreachable feeds changing nothing, the size cap and the timeout, all against
a real HTTP server on a local port serving files from a temporary folder."""

import contextlib
import datetime
import functools
import http.server
import io
import json
import logging
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from appointments import purges
from appointments.models import Slot
from jobs.schedule import jobs
from locations.models import Location
from tests import test_fhir_publication
from tests.factories import ClinicianProfileFactory
from tests.servers import silent_server

make_slot = test_fhir_publication.make_slot
published = test_fhir_publication.published
contact_page = test_fhir_publication.contact_page


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def file_server(folder):
    """http://127.0.0.1:<port>/ serving the files in `folder`, from a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def feed(tmp_path):
    """Write a feed (manifest + NDJSON files) into the served folder; returns (write, manifest URL)."""
    with file_server(tmp_path) as base:

        def write(locations=(), schedules=(), slots=(), manifest=None, raw=None):
            files = {"Location": locations, "Schedule": schedules, "Slot": slots}
            for kind, resources in files.items():
                lines = raw.get(kind) if raw and kind in raw else "".join(json.dumps(r) + "\n" for r in resources)
                (tmp_path / f"{kind.lower()}.ndjson").write_text(lines)
            body = (
                manifest
                if manifest is not None
                else json.dumps(
                    {
                        "transactionTime": timezone.now().isoformat(),
                        "request": f"{base}/manifest.json",
                        "output": [{"type": kind, "url": f"{base}/{kind.lower()}.ndjson"} for kind in files],
                        "error": [],
                    }
                )
            )
            (tmp_path / "manifest.json").write_text(body)

        yield write, f"{base}/manifest.json"


def run(url, **kwargs):
    output = io.StringIO()
    call_command("import_slot_feed", url=url, stdout=output, **kwargs)
    return output.getvalue().strip()


def times():
    return sorted(
        (slot.starts_at, slot.minutes, slot.location, slot.service, slot.mode, slot.state)
        for slot in Slot.objects.all()
    )


LOCATION = {"resourceType": "Location", "id": "loc-1", "name": "Lakeshore clinic"}
SCHEDULE = {
    "resourceType": "Schedule",
    "id": "sch-1",
    "serviceType": [{"text": "Ketamine infusion"}],
    "actor": [{"reference": "Location/loc-1", "display": "Lakeshore clinic"}],
}


def feed_slot(feed_id, hours_ahead, status="free", minutes=30, **extra):
    start = (timezone.now() + datetime.timedelta(hours=hours_ahead)).replace(microsecond=0)
    end = start + datetime.timedelta(minutes=minutes)
    return {
        "resourceType": "Slot",
        "id": feed_id,
        "schedule": {"reference": "Schedule/sch-1"},
        "status": status,
        "start": start.isoformat(),
        "end": end.isoformat(),
        **extra,
    }


def test_the_sites_own_publication_imports_into_a_clean_database_as_the_same_times(client, published, feed, tmp_path):
    write, url = feed
    clinic = Location.objects.create(name="Riverside clinic", street_address="1 River Rd", city="Portland")
    expected = [
        (slot.starts_at.replace(microsecond=0), slot.minutes, slot.location, slot.mode)  # FHIR instants: seconds
        for slot in Slot.objects.filter(state=Slot.OPEN, starts_at__gt=timezone.now())
    ]
    raw = {}
    for output in client.get("/$bulk-publish").json()["output"]:
        raw[output["type"]] = client.get(output["url"]).content.decode()
    write(raw=raw)
    Slot.objects.all().delete()  # a clean database (the locations stay, to be matched by name)

    summary = run(url)

    assert summary.startswith(f"Slot feed {url}: 2 added, 0 updated, 0 removed")
    assert sorted((s.starts_at, s.minutes, s.location, s.mode) for s in Slot.objects.all()) == sorted(expected)
    assert Slot.objects.get(location="Riverside clinic").place == clinic  # matched by name
    assert Slot.objects.get(location="Riverside clinic").mode == Slot.VIDEO  # "By video"
    assert Slot.objects.get(location="Lakeshore clinic").service == "First consultation"
    assert set(Slot.objects.values_list("state", "feed")) == {(Slot.OPEN, url)}
    # Run again: nothing changes.
    assert run(url).endswith("0 added, 0 updated, 0 removed, 0 kept (held here, busy there), 2 unchanged.")


def test_updates_removals_and_a_time_a_patient_holds_here(
    db, home, feed, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    write, url = feed
    purged = []
    monkeypatch.setattr(purges, "purge_urls_from_cache", purged.append)
    video = {**SCHEDULE, "id": "sch-2", "serviceType": [{"text": "Follow-up by telehealth"}]}
    slots = [feed_slot("a", 24), feed_slot("b", 25), feed_slot("c", 26), feed_slot("d", 27), feed_slot("past", -3)]
    slots.append({**feed_slot("v", 28), "schedule": {"reference": "Schedule/sch-2"}})
    write([LOCATION], [SCHEDULE, video], slots)
    assert "6 added" not in run(url)
    assert Slot.objects.count() == 5  # the past one is not imported
    assert Slot.objects.get(feed_id="v").mode == Slot.VIDEO
    assert Slot.objects.get(feed_id="a").mode == Slot.IN_PERSON
    assert Slot.objects.get(feed_id="a").service == "Ketamine infusion"
    held = Slot.objects.get(feed_id="c")
    assert Slot.hold(held.pk)
    confirmed = Slot.objects.get(feed_id="d")
    confirmed.state = Slot.CONFIRMED
    confirmed.save()
    local = make_slot(30, location="Lakeshore clinic", service="Ketamine infusion")  # made here: never touched

    # a moves and lengthens, b turns busy, c (held here) turns busy, d (confirmed here) vanishes.
    write(
        [LOCATION],
        [SCHEDULE, video],
        [feed_slot("a", 29, minutes=45), feed_slot("b", 25, "busy"), feed_slot("c", 26, "busy"), slots[-1]],
    )
    purged.clear()
    connection.run_on_commit.clear()  # as after a commit: the test's own transaction never commits
    with (
        caplog.at_level(logging.INFO, logger="appointments.slotfeed"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        summary = run(url)
    assert len(purged) == 1 and "http://localhost/fhir/slots.ndjson" in purged[0]  # once, like a slot change

    assert "0 added, 1 updated, 1 removed, 2 kept (held here, busy there), 1 unchanged." in summary
    moved = Slot.objects.get(feed_id="a")
    assert moved.minutes == 45 and moved.starts_at == datetime.datetime.fromisoformat(feed_slot("a", 29)["start"])
    assert not Slot.objects.filter(feed_id="b").exists()
    assert Slot.objects.get(pk=held.pk).state == Slot.HELD
    assert Slot.objects.get(pk=confirmed.pk).state == Slot.CONFIRMED
    assert Slot.objects.filter(pk=local.pk).exists()
    assert f"Appointment time {held.pk} (feed slot c) is held here" in caplog.text
    assert f"Appointment time {confirmed.pk} (feed slot d) is confirmed here" in caplog.text


def test_a_practitioner_named_in_the_schedule_is_matched_to_a_clinician(db, feed):
    write, url = feed
    clinician = ClinicianProfileFactory(name="Ana Ruiz")
    schedule = {**SCHEDULE, "actor": [*SCHEDULE["actor"], {"display": "ana ruiz"}]}
    write([LOCATION], [schedule], [feed_slot("a", 24)])
    run(url)
    assert Slot.objects.get().clinician == clinician


MALFORMED = {
    "manifest not JSON": ({"manifest": "{nope"}, "manifest.json is not JSON"),
    "no output list": ({"manifest": "{}"}, "no 'output' list"),
    "slot line not JSON": ({"raw": {"Slot": "{bad\n"}}, "slot.ndjson line 1 is not JSON"),
    "wrong resourceType": ({"raw": {"Slot": json.dumps(LOCATION) + "\n"}}, "line 1 is not a Slot resource"),
    "missing start": ({"slots": [{**feed_slot("x", 24), "start": None}]}, "Slot x has no valid start and end"),
    "unknown schedule": ({"slots": [{**feed_slot("x", 24), "schedule": {"reference": "Schedule/zz"}}]}, "a Schedule"),
    "bad status": ({"slots": [{**feed_slot("x", 24), "status": "maybe"}]}, "Slot x has no valid status"),
    "too long": ({"slots": [feed_slot("x", 24, minutes=600)]}, "Slot x lasts 600 minutes"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_feed_changes_nothing_and_says_why_in_one_line(db, home, feed, case):
    write, url = feed
    write([LOCATION], [SCHEDULE], [feed_slot("a", 24), feed_slot("b", 25)])
    run(url)
    before = times()
    changes, message = MALFORMED[case]
    kwargs = {"locations": [LOCATION], "schedules": [SCHEDULE], "slots": [feed_slot("a", 30)], **changes}
    write(**kwargs)
    with pytest.raises(CommandError) as error:
        run(url)
    assert message in str(error.value)
    assert str(error.value).startswith("Slot feed not imported, nothing changed: ")
    assert "\n" not in str(error.value)
    assert times() == before


def test_http_errors_the_size_cap_and_a_feed_that_never_answers(db, home, feed, settings):
    write, url = feed
    write([LOCATION], [SCHEDULE], [feed_slot("a", 24)])
    with pytest.raises(CommandError, match="nowhere.json answered HTTP 404"):
        run(url.replace("manifest.json", "nowhere.json"))
    with pytest.raises(CommandError, match="only http and https"):
        run("file:///etc/passwd")
    write([LOCATION], [SCHEDULE], [feed_slot(f"s{number}", 24 + number) for number in range(10)])
    settings.SLOT_FEED_MAX_BYTES = 1000  # the manifest fits, the slots do not
    with pytest.raises(CommandError, match="slot.ndjson is larger than 1000 bytes"):
        run(url)
    settings.SLOT_FEED_TIMEOUT = 1
    with silent_server() as port:
        with pytest.raises(CommandError, match=f"127.0.0.1:{port}/m did not answer within 1 seconds"):
            run(f"http://127.0.0.1:{port}/m?key=secret")
    assert not Slot.objects.exists()


def test_no_feed_no_job(settings):
    settings.SLOT_FEED_URL = ""
    assert "import_slot_feed" not in {job.name for job in jobs()}
    with pytest.raises(CommandError, match="set SLOT_FEED_URL"):
        call_command("import_slot_feed")
    settings.SLOT_FEED_URL = "https://practice.example/$bulk-publish"
    (job,) = [job for job in jobs() if job.name == "import_slot_feed"]
    assert job.every == 15 * 60


def test_a_failed_import_is_one_line_in_the_scheduled_jobs_report(db, settings):
    from jobs.models import JobRun
    from jobs.tasks import run_job

    settings.SLOT_FEED_URL = "ftp://practice.example/feed?key=secret"
    run = JobRun.objects.create(job="import_slot_feed", due_at=timezone.now())
    with pytest.raises(CommandError):
        run_job.call(run.pk)
    run.refresh_from_db()
    assert run.succeeded is False
    assert run.outcome == (
        "CommandError: Slot feed not imported, nothing changed: ftp://practice.example/feed: only http and https "
        "addresses are read"
    )
