"""Clinic locations (locations app): the Visiting page shows each with its hours in the page's language, a map with a
description, directions, parking and step-free access, and gives search engines `geo` and opening hours; clinician
profiles say where they see patients; appointment times link to a location, so the SMART Scheduling Links
publication has real FHIR Locations; treatment pages list their next open times, each a deep link to the booking
form, which a Spanish patient can open in Spanish."""

import datetime
import io
import json
import re

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone, translation
from fhir.resources.R4B.location import Location as FhirLocation
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from appointments import purges
from appointments.models import Slot
from appointments.patterns import add_weekly_slots
from clinic.models import ClinicInfoPage
from locations.models import Location, OpeningHours
from tests.conftest import translate_to_spanish
from tests.factories import ClinicianProfileFactory, ContactPageFactory, TopicPageFactory
from tests.staff import verified_login

pytestmark = pytest.mark.django_db


def json_ld(html):
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def png(width=40, height=30):
    output = io.BytesIO()
    PillowImage.new("RGB", (width, height), "white").save(output, format="PNG")
    return ImageFile(io.BytesIO(output.getvalue()), name="map.png")


@pytest.fixture
def lakeshore():
    image = get_image_model()(title="Lakeshore map")
    image.file = png()
    image.save()
    location = Location(
        name="Lakeshore clinic",
        name_es="Clínica Lakeshore",
        street_address="410 Lakeshore Drive",
        city="Springfield",
        region="OR",
        postal_code="97477",
        phone="(555) 010-0200",
        latitude="44.046236",
        longitude="-123.022029",
        map_image=image,
        map_alt="The clinic is on Lakeshore Drive at Main Street.",
        map_alt_es="La clínica está en Lakeshore Drive, esquina con Main Street.",
        directions_car="Exit 194, then Main Street west.",
        directions_car_es="Salida 194 y luego Main Street al oeste.",
        directions_transit="Bus 11 to Main Street.",
        parking="Free parking behind the building.",
        parking_es="Estacionamiento gratis detrás del edificio.",
        step_free_access="Automatic back door and a lift.",
        step_free_access_es="Puerta trasera automática y ascensor.",
    )
    location.hours = [
        OpeningHours(weekday=0, opens=datetime.time(8), closes=datetime.time(17)),
        OpeningHours(weekday=1, opens=datetime.time(8), closes=datetime.time(17)),
        OpeningHours(weekday=4, opens=datetime.time(8), closes=datetime.time(12)),
        OpeningHours(weekday=4, opens=datetime.time(13), closes=datetime.time(15)),
    ]
    location.save()
    return location


@pytest.fixture
def visiting(home):
    page = ClinicInfoPage(
        title="Visiting us",
        slug="visiting-us",
        summary="Where we are.",
        body="<p>Welcome.</p>",
        shows_visit_details=True,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_visiting_page_shows_each_location_in_both_languages(client, home, visiting, lakeshore):
    html = client.get("/visiting-us/").content.decode()
    assert "<h2" in html and "Lakeshore clinic" in html
    assert "410 Lakeshore Drive<br>Springfield, OR 97477" in html
    assert 'href="tel:5550100200"' in html
    assert re.search(r"<dt>Monday</dt><dd>8 a\.m\.–5 p\.m\.</dd>", html)
    assert re.search(r"<dt>Friday</dt><dd>8 a\.m\.–noon, 1 p\.m\.–3 p\.m\.</dd>", html)
    assert 'alt="The clinic is on Lakeshore Drive at Main Street."' in html
    assert "Bus 11 to Main Street." in html and "Free parking behind the building." in html
    assert "Address and opening hours" not in html  # the locations replace the single address
    # Nothing from a map site: the map is the site's own image.
    assert re.search(r'<img [^>]*src="/media/images/', html) or re.search(r'<img [^>]*src="[^"]*map', html)
    assert "openstreetmap" not in html and "google" not in html.lower().replace("googlebot", "")

    translate_to_spanish(home, "Inicio")
    translate_to_spanish(visiting, "Cómo visitarnos", "como-visitarnos")
    spanish = client.get("/es/como-visitarnos/").content.decode()
    assert "Clínica Lakeshore" in spanish
    assert re.search(r"<dt>lunes</dt><dd>08:00–17:00</dd>", spanish, re.I)
    assert 'alt="La clínica está en Lakeshore Drive, esquina con Main Street."' in spanish
    assert "Estacionamiento gratis detrás del edificio." in spanish
    assert "Bus 11 to Main Street." in spanish  # no Spanish written: the English text, never nothing


def test_search_engines_get_each_location_with_geo_and_opening_hours(client, visiting, lakeshore):
    page = next(b for b in json_ld(client.get("/visiting-us/").content.decode()) if b.get("@type") == "WebPage")
    (place,) = page["about"]["location"]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 44.046236, "longitude": -123.022029}
    assert place["address"]["streetAddress"] == "410 Lakeshore Drive"
    assert place["telephone"] == "(555) 010-0200"
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": ["Monday", "Tuesday"],
        "opens": "08:00",
        "closes": "17:00",
    } in place["openingHoursSpecification"]


def test_the_visiting_page_reads_locations_in_a_constant_number_of_queries(
    client, visiting, lakeshore, django_assert_max_num_queries
):
    client.get("/visiting-us/")  # renditions made once
    with django_assert_max_num_queries(40) as few:
        client.get("/visiting-us/")
    for number in range(3):
        other = Location.objects.create(name=f"Branch {number}", street_address="1 Main St", city="Springfield")
        OpeningHours.objects.create(location=other, weekday=2, opens=datetime.time(9), closes=datetime.time(12))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/visiting-us/").content.decode()
    assert html.count('class="location"') == 4


def test_a_location_needs_both_coordinates_a_map_description_and_sensible_hours(lakeshore):
    from django.core.exceptions import ValidationError

    lakeshore.longitude = None
    with pytest.raises(ValidationError, match="latitude and the longitude"):
        lakeshore.clean()
    lakeshore.longitude, lakeshore.map_alt = "-123", " "
    with pytest.raises(ValidationError, match="Describe the map"):
        lakeshore.clean()
    with pytest.raises(ValidationError, match="after opening"):
        OpeningHours(weekday=0, opens=datetime.time(17), closes=datetime.time(8)).clean()


def test_the_directory_and_profiles_say_where_each_clinician_works(client, home, lakeshore):
    ana = ClinicianProfileFactory(name="Ana Ruiz", slug="ana-ruiz")
    ana.locations.set([lakeshore])
    ClinicianProfileFactory(name="Ben Cole")
    html = client.get("/clinicians/").content.decode()
    assert "Where they see patients</dt><dd>Lakeshore clinic</dd>" in html
    assert html.count("Where they see patients") == 1
    translate_to_spanish(home, "Inicio")
    assert "Clínica Lakeshore" in client.get("/es/clinicians/").content.decode()
    profile = client.get("/clinicians/ana-ruiz/").content.decode()
    physician = next(b for b in json_ld(profile) if b.get("@type") == "Physician")
    assert physician["location"][0]["name"] == "Lakeshore clinic"


def slot_at(hours, **fields):
    fields = {"location": "Lakeshore clinic", "service": "First consultation", **fields}
    return Slot.objects.create(starts_at=timezone.now() + datetime.timedelta(hours=hours), **fields)


def test_a_time_links_to_the_location_its_name_matches_and_keeps_the_text_otherwise(lakeshore):
    linked = slot_at(24, location="lakeshore CLINIC")
    video = slot_at(25, location="Video call")
    assert linked.place == lakeshore and linked.location == "Lakeshore clinic"
    assert video.place is None and video.location == "Video call"
    # A location added after its times were typed links them; renaming it renames them.
    riverside_slot = slot_at(26, location="Riverside clinic")
    riverside = Location.objects.create(name="Riverside clinic", street_address="2 River Rd", city="Springfield")
    riverside_slot.refresh_from_db()
    assert riverside_slot.place == riverside
    riverside.name = "Riverside centre"
    riverside.save()
    riverside_slot.refresh_from_db()
    assert riverside_slot.location == "Riverside centre"
    # A weekly pattern links its times too (a bulk insert, no save()).
    start = timezone.now() + datetime.timedelta(days=3)
    add_weekly_slots([start], location="Lakeshore clinic", service="Follow-up", minutes=30)
    assert Slot.objects.get(service="Follow-up").place == lakeshore


def test_the_fhir_location_is_the_real_one_with_address_position_and_hours(client, home, lakeshore):
    ContactPageFactory(parent=home)
    slot = slot_at(24)
    lines = [json.loads(line) for line in client.get("/fhir/locations.ndjson").content.decode().splitlines()]
    (resource,) = lines
    FhirLocation.parse_obj(resource)
    assert resource["id"] == f"location-{lakeshore.pk}"
    assert resource["name"] == "Lakeshore clinic" and resource["alias"] == ["Clínica Lakeshore"]
    assert resource["address"] == {
        "use": "work",
        "type": "physical",
        "line": ["410 Lakeshore Drive"],
        "city": "Springfield",
        "state": "OR",
        "postalCode": "97477",
        "country": "US",
    }
    assert resource["position"] == {"latitude": 44.046236, "longitude": -123.022029}
    assert {"daysOfWeek": ["fri"], "openingTime": "13:00:00", "closingTime": "15:00:00"} in resource["hoursOfOperation"]
    assert {"system": "phone", "value": "(555) 010-0200"} in resource["telecom"]
    schedules = [json.loads(line) for line in client.get("/fhir/schedules.ndjson").content.decode().splitlines()]
    assert schedules[0]["actor"][0]["reference"] == f"Location/{lakeshore.pk and resource['id']}"
    slots = [json.loads(line) for line in client.get("/fhir/slots.ndjson").content.decode().splitlines()]
    assert slots[0]["id"] == str(slot.pk)


@pytest.fixture
def ketamine(home, topic_index):
    ContactPageFactory(parent=home, slug="contact")
    return TopicPageFactory(
        parent=topic_index,
        slug="ketamine",
        title="Ketamine infusions",
        kind="treatment",
        appointment_service="Ketamine infusion",
    )


def test_a_treatment_page_lists_its_next_three_open_times_as_deep_links(
    client, ketamine, lakeshore, django_assert_max_num_queries
):
    slot_at(1, service="First consultation")  # another service: not listed
    slot_at(2, service="Ketamine infusion", state=Slot.HELD)  # taken: not listed
    times = [slot_at(3 + n, service="ketamine infusion", service_es="Infusión de ketamina") for n in range(5)]
    html = client.get(ketamine.url).content.decode()
    links = re.findall(r'<a href="(/contact/\?slot=\d+)">([^<]+)</a>', html)
    assert [href for href, _label in links] == [f"/contact/?slot={slot.pk}" for slot in times[:3]]
    assert "ketamine infusion" in links[0][1] and "Lakeshore clinic" in links[0][1]
    page = client.get(links[0][0])
    assert str(page.context["form"]["slot"].value()) == str(times[0].pk)
    # The same number of queries with many more times.
    with django_assert_max_num_queries(60) as few:
        client.get(ketamine.url)
    for n in range(20):
        slot_at(10 + n, service="Ketamine infusion")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(ketamine.url)
    # A page with no service shows no times.
    other = TopicPageFactory(parent=ketamine.get_parent(), slug="nerve-blocks", kind="treatment")
    assert "?slot=" not in client.get(other.url).content.decode()


def test_a_spanish_patient_sees_the_times_in_spanish_and_books_in_spanish(client, home, ketamine, lakeshore):
    contact = ketamine.get_parent().get_parent().get_children().type(ContactPageFactory._meta.model).first().specific
    translate_to_spanish(home, "Inicio")
    translate_to_spanish(ketamine.get_parent(), "Temas", "temas")
    spanish_page = translate_to_spanish(ketamine, "Infusiones de ketamina", "ketamina")
    translate_to_spanish(contact, "Contacto", "contacto")
    slot = slot_at(5, service="Ketamine infusion", service_es="Infusión de ketamina")
    html = client.get(spanish_page.url).content.decode()
    (href, label) = re.findall(r'<a href="(/es/contacto/\?slot=\d+)">([^<]+)</a>', html)[0]
    assert href == f"/es/contacto/?slot={slot.pk}"
    assert "Infusión de ketamina" in label and "Clínica Lakeshore" in label and "minutos" in label
    form = client.get(href)
    assert str(form.context["form"]["slot"].value()) == str(slot.pk)
    assert "Infusión de ketamina" in form.content.decode()
    # The FHIR deep link opens the English page; its language switch keeps the chosen time.
    english = client.get(f"/contact/?slot={slot.pk}").content.decode()
    assert f'href="/es/contacto/?slot={slot.pk}"' in english


def test_changing_times_purges_the_treatment_pages_that_show_them(home, ketamine, monkeypatch):
    purged = []
    monkeypatch.setattr(purges, "purge_urls_from_cache", purged.append)
    translate_to_spanish(home, "Inicio")
    translate_to_spanish(ketamine.get_parent(), "Temas", "temas")
    translate_to_spanish(ketamine, "Infusiones de ketamina", "ketamina")
    TopicPageFactory(parent=ketamine.get_parent(), slug="no-times")
    purges.send_purge()
    (urls,) = purged
    assert "http://localhost/topics/ketamine/" in urls and "http://localhost/es/temas/ketamina/" in urls
    assert not any("no-times" in url for url in urls)
    assert "http://localhost/fhir/slots.ndjson" in urls


def test_a_time_with_a_spanish_service_reads_in_spanish(lakeshore):
    from appointments.labels import slot_label

    slot = slot_at(24, service="Ketamine infusion", service_es="Infusión de ketamina")
    with translation.override("es"):
        assert "Infusión de ketamina" in slot_label(slot) and "Clínica Lakeshore" in slot_label(slot)
    assert "Ketamine infusion" in slot_label(slot) and "Lakeshore clinic" in slot_label(slot)


def test_the_demo_has_a_location_with_a_generated_map_and_ketamine_times_in_both_languages(client, demo):
    location = Location.objects.get(name="Lakeshore clinic")
    assert location.map_image.width == 640 and location.hours.count() == 5
    assert location.clinicians.exists()
    spanish = client.get("/es/como-visitarnos/").content.decode()
    assert "Clínica Lakeshore" in spanish and 'alt="Mapa, no a escala' in spanish
    assert "Estacionamiento gratuito" in spanish
    ketamine = client.get("/es/temas/infusiones-de-ketamina-en-dosis-bajas/").content.decode()
    assert ketamine.count("?slot=") == 3 and "Infusión de ketamina" in ketamine and "Clínica Lakeshore" in ketamine
    english_page = client.get("/topics/low-dose-ketamine-infusions/").content.decode()
    assert english_page.count("?slot=") == 3 and "Ketamine infusion" in english_page


def test_staff_add_a_location_with_its_hours_and_pick_it_for_a_weekly_pattern(client, django_user_model, home):
    verified_login(client, django_user_model.objects.create_superuser("desk", "desk@example.org", "x"))
    add_url = "/admin/snippets/locations/location/add/"
    assert client.get(add_url).status_code == 200
    form = {
        "name": "Riverside clinic",
        "street_address": "2 River Rd",
        "city": "Springfield",
        "latitude": "44.05",
        "longitude": "",
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
        "hours-0-weekday": "2",
        "hours-0-opens": "17:00",
        "hours-0-closes": "09:00",
        "hours-0-ORDER": "1",
    }
    refused = client.post(add_url, form)
    assert refused.status_code == 200 and not Location.objects.exists()  # the errors shown, never a 500
    text = refused.content.decode()
    assert "Give both the latitude and the longitude" in text and "Closing time must be after opening time" in text
    form.update({"longitude": "-123.0", "hours-0-opens": "09:00", "hours-0-closes": "17:00"})
    assert client.post(add_url, form).status_code == 302
    riverside = Location.objects.get()
    assert [(row.weekday, row.opens) for row in riverside.hours.all()] == [(2, datetime.time(9))]
    pattern = {
        "place": riverside.pk,
        "location": "",
        "service": "Follow-up",
        "mode": "in_person",
        "weekdays": ["2"],
        "day_starts": "09:00",
        "day_ends": "10:00",
        "minutes": "30",
        "first_day": "2030-01-07",
        "last_day": "2030-01-13",
    }
    assert client.post("/admin/appointment-times/weekly/", pattern).status_code == 302
    assert set(Slot.objects.values_list("place", "location")) == {(riverside.pk, "Riverside clinic")}
    no_place = client.post("/admin/appointment-times/weekly/", {**pattern, "place": ""})
    assert no_place.status_code == 200 and "Choose a clinic location or name where" in no_place.content.decode()
