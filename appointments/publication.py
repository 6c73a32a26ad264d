"""The clinic's appointment times as a SMART Scheduling Links bulk publication (FHIR R4 Location, Schedule, Slot).

- Location: one per clinic location with a slot ahead (`Slot.place`, locations.Location: its name, address, phone,
  position and opening hours); a slot with only a place name as text (`Slot.location`, e.g. a video call) gets one
  per name, with the clinic's phone, website and address from the Clinic details settings.
- Schedule: one per place, service and clinician; `actor` references its Location (and names the clinician),
  `serviceType` is the service as text.
- Slot: every slot still ahead. An open one is `free`, with a `booking-deep-link` to the contact page with that time
  chosen (`?slot=<id>`) and a `booking-phone`; a held or confirmed one is `busy` (so a finder that saw it free
  learns it is taken). Ids are stable: the slot's number, and a slug and hash of the place (and service, clinician).

No personal data: who asked for a time stays in the contact request, never here.
"""

import hashlib

from django.utils import timezone
from django.utils.text import slugify

from contact.models import ContactPage
from locations.models import FHIR_DAYS
from website.models import ClinicDetails
from website.sitepages import register_landmark, site_page_url

from .models import Slot

BOOKING_DEEP_LINK = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link"
BOOKING_PHONE = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone"
register_landmark(ContactPage)  # found with the site's other landmark pages, as the header's link to it


def stable_id(prefix, *parts):
    """A FHIR id (at most 64 of [A-Za-z0-9-.]) that stays the same while the parts do."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:12]
    return f"{prefix}-{slugify(parts[0])[:40].strip('-') or 'place'}-{digest}"


def location_id(slot):
    if slot.place_id is not None:
        return f"location-{slot.place_id}"  # stays the same when the location is renamed
    return stable_id("loc", slot.location)


def schedule_id(slot):
    place = location_id(slot) if slot.place_id is not None else slot.location
    return stable_id("sch", place, slot.service, slot.clinician_id or "")


def fhir_instant(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


class Publication:
    """The resources for one request (absolute links on the request's own host)."""

    def __init__(self, request, now=None):
        self.request = request
        self.now = now or timezone.now()
        self.slots = list(
            Slot.objects.filter(starts_at__gt=self.now)
            .select_related("clinician", "place")
            .prefetch_related("place__hours")
            .order_by("pk")
        )
        self.details = ClinicDetails.for_request(request)

    def locations(self):
        seen = {}
        for slot in self.slots:
            seen.setdefault(location_id(slot), slot)
        return [
            self.clinic_location(resource_id, slot.place)
            if slot.place_id
            else self.location(resource_id, slot.location)
            for resource_id, slot in sorted(seen.items())
        ]

    def clinic_location(self, resource_id, place):
        """A clinic location as FHIR Location: address, phone, position and opening hours from the location."""
        telecom = [
            {"system": "phone", "value": place.phone_for(self.details)},
            {"system": "url", "value": self.request.build_absolute_uri("/")},
        ]
        resource = {
            "resourceType": "Location",
            "id": resource_id,
            "status": "active",
            "name": place.name,
            "telecom": [entry for entry in telecom if entry["value"]],
            "address": {
                "use": "work",
                "type": "physical",
                "line": [place.street_address],
                "city": place.city,
                "state": place.region,
                "postalCode": place.postal_code,
                "country": "US",
            },
        }
        resource["address"] = {key: value for key, value in resource["address"].items() if value}
        if place.name_es:
            resource["alias"] = [place.name_es]
        if place.latitude is not None and place.longitude is not None:
            resource["position"] = {"latitude": float(place.latitude), "longitude": float(place.longitude)}
        hours = [
            {
                "daysOfWeek": [FHIR_DAYS[row.weekday]],
                "openingTime": f"{row.opens:%H:%M:%S}",
                "closingTime": f"{row.closes:%H:%M:%S}",
            }
            for row in sorted(place.hours.all(), key=lambda row: (row.weekday, row.opens))
        ]
        if hours:
            resource["hoursOfOperation"] = hours
        return resource

    def location(self, resource_id, name):
        details = self.details
        telecom = [{"system": "url", "value": self.request.build_absolute_uri("/")}]
        if details.phone:
            telecom.insert(0, {"system": "phone", "value": details.phone})
        resource = {"resourceType": "Location", "id": resource_id, "name": name, "telecom": telecom}
        address = {
            key: value
            for key, value in (
                ("city", details.city),
                ("state", details.region),
                ("postalCode", details.postal_code),
            )
            if value
        }
        if details.street_address:
            address["line"] = [details.street_address]
        if address:
            resource["address"] = address
        return resource

    def schedules(self):
        seen = {}
        for slot in self.slots:
            seen.setdefault(schedule_id(slot), slot)
        return [self.schedule(resource_id, slot) for resource_id, slot in sorted(seen.items())]

    def schedule(self, resource_id, slot):
        actor = [
            {
                "reference": f"Location/{location_id(slot)}",
                "display": slot.place.name if slot.place_id else slot.location,
            }
        ]
        if slot.clinician:
            actor.append({"display": slot.clinician.name})
        service = slot.service or "Consultation"
        return {
            "resourceType": "Schedule",
            "id": resource_id,
            "serviceType": [{"text": service}],
            "actor": actor,
        }

    def slot_resources(self):
        contact_url = site_page_url({"request": self.request}, ContactPage)
        return [self.slot(slot, contact_url) for slot in self.slots]

    def slot(self, slot, contact_url):
        free = slot.state == Slot.OPEN
        resource = {
            "resourceType": "Slot",
            "id": str(slot.pk),
            "schedule": {"reference": f"Schedule/{schedule_id(slot)}"},
            "status": "free" if free else "busy",
            "start": fhir_instant(slot.starts_at),
            "end": fhir_instant(slot.ends_at),
            "comment": "By video" if slot.mode == Slot.VIDEO else "In person",
        }
        if free and contact_url:
            link = self.request.build_absolute_uri(f"{contact_url}?slot={slot.pk}")
            extension = [{"url": BOOKING_DEEP_LINK, "valueUrl": link}]
            if self.details.phone:
                extension.append({"url": BOOKING_PHONE, "valueString": self.details.phone})
            resource["extension"] = extension
        return resource
