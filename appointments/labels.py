"""How an appointment time reads to patients, in the page's language (the contact form, treatment pages)."""

from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext


def slot_label(slot):
    """How a time reads in the page's language: "Tuesday 8 December, 09:30: 30 minutes, in person, ...".

    The service and the place in Spanish on Spanish pages where a Spanish name is written."""
    # A date format string (Django's `date` filter letters): Spanish puts "de" before the month.
    when = formats.date_format(timezone.localtime(slot.starts_at), pgettext("appointment time", "l j F, H:i"))
    who = ", ".join(part for part in (slot.service_text, slot.clinician.name if slot.clinician else "") if part)
    return gettext("%(when)s: %(minutes)s minutes, %(mode)s, %(who)s, %(where)s") % {
        "when": when,
        "minutes": slot.minutes,
        "mode": slot.get_mode_display(),
        "who": who,
        "where": slot.place_text,
    }
