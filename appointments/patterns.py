"""A repeating weekly pattern of appointment times, with dates left out (holidays, leave), turned into slots."""

import datetime

from django.db import transaction
from django.utils import timezone

from locations.models import Location

from .models import Slot
from .purges import purge_publication

#: One pattern adds at most this many slots (a year of 30-minute slots on five days is about 4,200).
MAX_SLOTS = 5000


def weekly_times(first_day, last_day, weekdays, day_starts, day_ends, minutes, skip_dates=()):
    """The start times (aware, in the site's time zone) of back-to-back slots of `minutes` from `day_starts` until
    `day_ends` on the chosen weekdays (0 = Monday) between both dates, except `skip_dates`."""
    zone = timezone.get_current_timezone()
    step = datetime.timedelta(minutes=minutes)
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays and day not in skip_dates:
            start = datetime.datetime.combine(day, day_starts)
            end = datetime.datetime.combine(day, day_ends)
            while start + step <= end:
                yield timezone.make_aware(start, zone)
                start += step
        day += datetime.timedelta(days=1)


def with_place(fields):
    """The slot fields with the clinic location and its name both set (as Slot.save does for one slot)."""
    fields = dict(fields)
    if fields.get("place") is not None:
        fields["location"] = fields["place"].name
    elif fields.get("location", "").strip():
        fields["place"] = Location.objects.filter(name__iexact=fields["location"].strip()).first()
    return fields


def add_weekly_slots(times, **fields):
    """Open slots at `times` with the same location, clinician, service, length and mode; a time that already has
    that slot is left as it is. Returns (added, already there)."""
    times = list(times)
    fields = with_place(fields)
    existing = set(
        Slot.objects.filter(
            starts_at__in=times,
            location=fields["location"],
            clinician=fields.get("clinician"),
            service=fields.get("service", ""),
        ).values_list("starts_at", flat=True)
    )
    new = [Slot(starts_at=starts_at, **fields) for starts_at in times if starts_at not in existing]
    with transaction.atomic():
        Slot.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            purge_publication()
    return len(new), len(existing)
