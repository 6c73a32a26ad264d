"""`{% open_times page as times %}`: a treatment page's next open appointment times, in one query."""

from django import template

from appointments.labels import slot_label
from appointments.models import Slot

register = template.Library()

#: How many of the next open times a treatment page shows.
SHOWN_ON_A_TREATMENT = 3


@register.simple_tag
def open_times(page, count=SHOWN_ON_A_TREATMENT):
    """[(slot id, label in the page's language)] of the next open times whose service is the page's
    `appointment_service` (any case); [] when it has none. A translation keeps the English page's service."""
    service = (getattr(page, "appointment_service", "") or "").strip()
    if not service:
        return []
    slots = Slot.objects.bookable().filter(service__iexact=service).select_related("clinician", "place")[:count]
    return [(slot.pk, slot_label(slot)) for slot in slots]
