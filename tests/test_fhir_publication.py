"""The open appointment times as a SMART Scheduling Links bulk publication: the manifest, its NDJSON files checked
against the FHIR resource models (`fhir.resources`, R4B: Location, Schedule and Slot are as in R4), the deep link to
the contact form with the time chosen, the caching headers and the purges when a time changes."""

import datetime
import json

import pytest
from django.db import connection
from django.utils import timezone
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot as FhirSlot

from appointments import purges
from appointments.models import Slot
from appointments.patterns import add_weekly_slots
from appointments.publication import BOOKING_DEEP_LINK
from tests import test_contact
from tests.factories import ClinicianProfileFactory
from website.models import ClinicDetails

contact_page = test_contact.contact_page
client_ip = test_contact.client_ip
MODELS = {"Location": Location, "Schedule": Schedule, "Slot": FhirSlot}


def make_slot(hours_ahead, **fields):
    fields = {"location": "Lakeshore clinic", "service": "First consultation", **fields}
    return Slot.objects.create(starts_at=timezone.now() + datetime.timedelta(hours=hours_ahead), minutes=30, **fields)


def read_ndjson(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    assert "s-maxage=" in response["Cache-Control"]
    return [json.loads(line) for line in response.content.decode().splitlines()]


@pytest.fixture
def published(contact_page):
    details = ClinicDetails.for_site(contact_page.get_site())
    details.street_address, details.city, details.region, details.postal_code = "12 Lake St", "Portland", "OR", "97201"
    details.save()
    clinician = ClinicianProfileFactory()
    return {
        "open": make_slot(24),
        "video": make_slot(48, location="Riverside clinic", clinician=clinician, service="", mode=Slot.VIDEO),
        "held": make_slot(26, state=Slot.HELD),
        "confirmed": make_slot(28, state=Slot.CONFIRMED),
        "past": make_slot(-2),
    }


def test_the_manifest_lists_the_three_files(client, published):
    response = client.get("/$bulk-publish")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0, s-maxage=")
    manifest = response.json()
    assert manifest["request"] == "http://testserver/$bulk-publish"
    assert datetime.datetime.fromisoformat(manifest["transactionTime"])
    assert manifest["error"] == []
    assert [(output["type"], output["url"]) for output in manifest["output"]] == [
        ("Location", "http://testserver/fhir/locations.ndjson"),
        ("Schedule", "http://testserver/fhir/schedules.ndjson"),
        ("Slot", "http://testserver/fhir/slots.ndjson"),
    ]
    assert client.post("/$bulk-publish").status_code == 405


def test_every_line_is_a_valid_fhir_resource_and_references_resolve(client, published):
    manifest = client.get("/$bulk-publish").json()
    resources = {}
    for output in manifest["output"]:
        for line in read_ndjson(client, output["url"]):
            assert line["resourceType"] == output["type"]
            MODELS[output["type"]].parse_obj(line)  # raises on anything not valid FHIR
            resources[f"{line['resourceType']}/{line['id']}"] = line
    locations = [r for r in resources.values() if r["resourceType"] == "Location"]
    assert sorted(r["name"] for r in locations) == ["Lakeshore clinic", "Riverside clinic"]
    assert locations[0]["address"] == {"city": "Portland", "state": "OR", "postalCode": "97201", "line": ["12 Lake St"]}
    assert {"system": "phone", "value": ClinicDetails.objects.get().phone} in locations[0]["telecom"]
    for schedule in (r for r in resources.values() if r["resourceType"] == "Schedule"):
        assert schedule["actor"][0]["reference"] in resources
        assert schedule["serviceType"][0]["text"]
    for slot in (r for r in resources.values() if r["resourceType"] == "Slot"):
        assert slot["schedule"]["reference"] in resources
    # Stable ids: the slot's number; the same resources on the next read.
    assert f"Slot/{published['open'].pk}" in resources
    assert read_ndjson(client, "/fhir/schedules.ndjson") == [
        r for r in resources.values() if r["resourceType"] == "Schedule"
    ]


def test_only_open_times_ahead_are_free_and_no_personal_data(client, published):
    slots = {int(line["id"]): line for line in read_ndjson(client, "/fhir/slots.ndjson")}
    assert published["past"].pk not in slots
    assert slots[published["open"].pk]["status"] == "free"
    assert slots[published["video"].pk]["status"] == "free"
    assert slots[published["video"].pk]["comment"] == "By video"
    assert slots[published["held"].pk]["status"] == "busy"
    assert slots[published["confirmed"].pk]["status"] == "busy"
    assert "extension" not in slots[published["held"].pk]
    open_slot = slots[published["open"].pk]
    assert datetime.datetime.fromisoformat(open_slot["end"]) - datetime.datetime.fromisoformat(
        open_slot["start"]
    ) == datetime.timedelta(minutes=30)
    text = json.dumps(slots)
    assert "held_for" not in text and "@" not in text


def test_the_deep_link_opens_the_contact_form_with_that_time_chosen(client, published, contact_page):
    far = make_slot(24 * 30, location="Far clinic")  # beyond the next six times the form offers
    for number in range(6):
        make_slot(1 + number / 10, location=f"Near {number}")
    slots = {int(line["id"]): line for line in read_ndjson(client, "/fhir/slots.ndjson")}
    for slot in (published["open"], far):
        (extension,) = [e for e in slots[slot.pk]["extension"] if e["url"] == BOOKING_DEEP_LINK]
        assert extension["valueUrl"] == f"http://testserver{contact_page.url}?slot={slot.pk}"
        page = client.get(extension["valueUrl"])
        assert page.status_code == 200
        field = page.context["form"]["slot"]
        assert str(field.value()) == str(slot.pk)
        assert "checked" in str(field)
    # A time no longer open, or nonsense, is simply not chosen.
    for value in (published["held"].pk, "abc", "9" * 40, ""):
        page = client.get(f"{contact_page.url}?slot={value}")
        assert page.status_code == 200
        assert page.context["form"]["slot"].value() in (None, "")


def test_changing_a_time_purges_the_publication(db, home, monkeypatch, django_capture_on_commit_callbacks):
    purged = []
    monkeypatch.setattr(purges, "purge_urls_from_cache", purged.append)
    expected = [
        "http://localhost/$bulk-publish",
        "http://localhost/fhir/locations.ndjson",
        "http://localhost/fhir/schedules.ndjson",
        "http://localhost/fhir/slots.ndjson",
    ]

    def one_transaction():
        connection.run_on_commit.clear()  # as after a commit: the test's own transaction never commits
        return django_capture_on_commit_callbacks(execute=True)

    with one_transaction():
        slot = make_slot(24)
        slot.minutes = 45
        slot.save()
    assert purged == [expected]  # once per transaction
    with one_transaction():
        assert Slot.hold(slot.pk)  # a patient holding it on the contact form
    with one_transaction():
        Slot.objects.filter(pk=slot.pk).update(held_at=timezone.now() - datetime.timedelta(days=30))
        assert Slot.release_stale() == 1
    with one_transaction():
        start = timezone.now() + datetime.timedelta(days=3)
        add_weekly_slots([start], location="Lakeshore clinic", service="Follow-up", minutes=30)
    with one_transaction():
        slot.delete()
    assert purged == [expected] * 5
