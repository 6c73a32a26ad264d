"""Import open appointment times from a practice system's SMART Scheduling Links feed (the format
appointments/publication.py publishes): a manifest JSON whose `output` lists NDJSON files of FHIR R4 Location,
Schedule and Slot resources.

Everything is fetched and checked first (`read_feed`); only a whole, well-formed feed changes the database, in one
transaction (`apply_feed`). A feed slot is a `Slot` with `feed` (the manifest's address) and `feed_id` (its id there).
A `free` slot ahead is added or updated as an open time; a slot that turned busy or left the feed is deleted, unless a
patient holds it here (held or confirmed): then it is kept and the log says so (slot numbers only, no personal data).
"""

import datetime
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from django.db import transaction
from django.utils import timezone

from locations.models import Location

from .models import Slot
from .purges import purge_publication

logger = logging.getLogger(__name__)

KINDS = ("Location", "Schedule", "Slot")
STATUSES = {"free", "busy", "busy-unavailable", "busy-tentative", "entered-in-error"}
VIDEO_WORDS = re.compile(r"\b(video|telehealth|telemedicine|virtual)\b", re.IGNORECASE)
DEFAULT_SERVICE = "Consultation"


class FeedError(Exception):
    """The feed cannot be read or is not a well-formed SMART Scheduling Links publication (one line)."""


def shown(url):
    """The address without its query (which may hold a key), for messages."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise FeedError(f"{shown(req.full_url)} redirects to a non-HTTP address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url, timeout, max_bytes):
    """The body of `url` (http or https only), read within `timeout` seconds and at most `max_bytes` long."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(f"{shown(url)}: only http and https addresses are read")
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(HttpOnlyRedirects)
    accept = {"Accept": "application/json, application/fhir+ndjson"}
    request = urllib.request.Request(url, headers=accept)  # noqa: S310 (http or https only: checked above)
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FeedError(f"{shown(url)} is larger than {max_bytes} bytes")
            chunks, size = [], 0
            while chunk := response.read(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FeedError(f"{shown(url)} is larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as error:
        raise FeedError(f"{shown(url)} answered HTTP {error.code}") from None
    except (TimeoutError, urllib.error.URLError) as error:
        if isinstance(error, TimeoutError) or isinstance(getattr(error, "reason", None), TimeoutError):
            raise FeedError(f"{shown(url)} did not answer within {timeout} seconds") from None
        raise FeedError(f"cannot reach {shown(url)}: {getattr(error, 'reason', error)}") from None
    except OSError as error:
        raise FeedError(f"cannot read {shown(url)}: {error}") from None


def read_manifest(body, url):
    try:
        manifest = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise FeedError(f"{shown(url)} is not JSON") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("output"), list):
        raise FeedError(f"{shown(url)} is not a bulk publication manifest (no 'output' list)")
    if manifest.get("requiresAccessToken"):
        raise FeedError(f"{shown(url)} requires an access token, which the importer does not send")
    files = []
    for entry in manifest["output"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str) or not entry.get("type"):
            raise FeedError(f"{shown(url)}: an 'output' entry lacks its type or url")
        if entry["type"] in KINDS:
            files.append((entry["type"], urllib.parse.urljoin(url, entry["url"])))
    if not any(kind == "Slot" for kind, _url in files):
        raise FeedError(f"{shown(url)} lists no Slot file")
    return files


def read_ndjson(body, kind, url):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise FeedError(f"{shown(url)} is not UTF-8 text") from None
    resources = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            resource = json.loads(line)
        except ValueError:
            raise FeedError(f"{shown(url)} line {number} is not JSON") from None
        if not isinstance(resource, dict) or resource.get("resourceType") != kind:
            raise FeedError(f"{shown(url)} line {number} is not a {kind} resource")
        if not isinstance(resource.get("id"), str) or not resource["id"]:
            raise FeedError(f"{shown(url)} line {number}: the {kind} has no id")
        resources.append(resource)
    return resources


def instant(value, where):
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        raise FeedError(f"{where} has no valid start and end (FHIR instants with a time zone)")
    return moment


def texts(value):
    """Every string inside a JSON value (extensions, codings), for spotting a video appointment."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def service_of(resource):
    for concept in resource.get("serviceType") or []:
        if isinstance(concept, dict):
            text = concept.get("text") or next(
                (c.get("display") for c in concept.get("coding") or [] if isinstance(c, dict) and c.get("display")),
                "",
            )
            if isinstance(text, str) and text.strip():
                return text.strip()[:120]
    return ""


def actor_names(schedule, locations):
    """(where, who) from a Schedule's actors: the Location it references (its name), and any other actor's name."""
    where, who = "", ""
    for actor in schedule.get("actor") or []:
        if not isinstance(actor, dict):
            continue
        reference, display = actor.get("reference") or "", actor.get("display") or ""
        if isinstance(reference, str) and reference.startswith("Location/"):
            where = where or locations.get(reference.removeprefix("Location/"), "") or display
        elif not who and isinstance(display, str):
            who = display
    return str(where).strip()[:120], who.strip()


def read_feed(url, timeout, max_bytes, now=None):
    """The feed's slots ahead as dicts of Slot fields plus `feed_id` and `free`; raises FeedError."""
    now = now or timezone.now()
    files = read_manifest(fetch(url, timeout, max_bytes), url)
    resources = {kind: [] for kind in KINDS}
    for kind, file_url in files:
        resources[kind] += read_ndjson(fetch(file_url, timeout, max_bytes), kind, file_url)
    locations = {loc["id"]: str(loc.get("name") or "") for loc in resources["Location"]}
    schedules = {schedule["id"]: schedule for schedule in resources["Schedule"]}
    slots, seen = [], set()
    for resource in resources["Slot"]:
        where = f"Slot {resource['id']}"
        if resource["id"] in seen:
            raise FeedError(f"{where} appears twice")
        seen.add(resource["id"])
        if resource.get("status") not in STATUSES:
            raise FeedError(f"{where} has no valid status")
        starts_at, ends_at = instant(resource.get("start"), where), instant(resource.get("end"), where)
        minutes = round((ends_at - starts_at).total_seconds() / 60)
        if not 5 <= minutes <= 480:
            raise FeedError(f"{where} lasts {minutes} minutes (5 to 480 allowed)")
        reference = (
            (resource.get("schedule") or {}).get("reference") if isinstance(resource.get("schedule"), dict) else ""
        )
        schedule = schedules.get(str(reference or "").removeprefix("Schedule/"))
        if schedule is None:
            raise FeedError(f"{where} refers to a Schedule the feed does not have")
        place, clinician = actor_names(schedule, locations)
        if not place:
            raise FeedError(f"Schedule {schedule['id']} names no Location")
        if starts_at <= now:
            continue
        mentions = [*texts(resource.get("extension")), *texts(resource.get("serviceType")), resource.get("comment")]
        mentions += [*texts(schedule.get("extension")), *texts(schedule.get("serviceType"))]
        video = any(VIDEO_WORDS.search(text) for text in mentions if isinstance(text, str))
        slots.append(
            {
                "feed_id": resource["id"][:200],
                "free": resource["status"] == "free",
                "starts_at": starts_at,
                "minutes": minutes,
                "location": place,
                "clinician_name": clinician,
                "service": service_of(resource) or service_of(schedule) or DEFAULT_SERVICE,
                "mode": Slot.VIDEO if video else Slot.IN_PERSON,
            }
        )
    return slots


FIELDS = ("starts_at", "minutes", "location", "place", "clinician", "service", "service_es", "mode")


def apply_feed(source, feed_slots, now=None):
    """Upsert the feed's slots in one transaction; returns the counts {added, updated, removed, kept, unchanged}."""
    now = now or timezone.now()
    places = {place.name.lower(): place for place in Location.objects.all()}
    clinician_model = Slot._meta.get_field("clinician").related_model
    clinicians = {}
    for profile in clinician_model.objects.order_by("pk"):
        clinicians.setdefault(profile.name.lower(), profile)
    counts = dict.fromkeys(("added", "updated", "removed", "kept", "unchanged"), 0)
    with transaction.atomic():
        ours = {
            slot.feed_id: slot
            for slot in Slot.objects.select_for_update().filter(feed=source, starts_at__gt=now).order_by("pk")
        }
        keys = {
            (slot.location, slot.clinician_id, slot.service, slot.starts_at)
            for slot in Slot.objects.filter(starts_at__gte=min((s["starts_at"] for s in feed_slots), default=now))
        }
        new, changed, gone = [], [], []
        free_ids = set()
        for item in feed_slots:
            if not item["free"]:
                continue
            free_ids.add(item["feed_id"])
            place = places.get(item["location"].lower())
            values = {
                "starts_at": item["starts_at"],
                "minutes": item["minutes"],
                "location": place.name if place else item["location"],
                "place": place,
                "clinician": clinicians.get(item["clinician_name"].lower()) if item["clinician_name"] else None,
                "service": item["service"],
                "mode": item["mode"],
            }
            slot = ours.get(item["feed_id"])
            if slot is None:
                key = (
                    values["location"],
                    getattr(values["clinician"], "pk", None),
                    values["service"],
                    item["starts_at"],
                )
                if key in keys:  # the same time made here already (or twice in the feed): leave it
                    counts["unchanged"] += 1
                    continue
                keys.add(key)
                new.append(Slot(feed=source, feed_id=item["feed_id"], state=Slot.OPEN, service_es="", **values))
                continue
            if slot.state != Slot.OPEN or all(getattr(slot, name) == value for name, value in values.items()):
                counts["unchanged"] += 1  # a patient's hold keeps the time they asked for
                continue
            if values["service"] != slot.service:
                values["service_es"] = ""
            for name, value in values.items():
                setattr(slot, name, value)
            changed.append(slot)
        for feed_id, slot in ours.items():
            if feed_id in free_ids:
                continue
            if slot.state == Slot.OPEN:
                gone.append(slot.pk)
            else:
                counts["kept"] += 1
                logger.warning(
                    "Appointment time %s (feed slot %s) is %s here but the practice system shows it busy or gone; "
                    "kept.",
                    slot.pk,
                    feed_id,
                    slot.state,
                )
        if changed:
            Slot.objects.bulk_update(changed, FIELDS)
        if new:
            Slot.objects.bulk_create(new)
        if gone:
            Slot.objects.filter(pk__in=gone, state=Slot.OPEN).delete()
        counts.update(added=len(new), updated=len(changed), removed=len(gone))
        if new or changed or gone:
            purge_publication()
    return counts
