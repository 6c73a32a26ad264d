"""Open appointment times (slots) that staff publish and patients pick on the contact form.

A slot holds no personal data: who asked for it is the contact request it is held for (`held_for`), which keeps
the patient's details under the contact request's retention and purge. Two patients never hold the same slot: the
hold is one conditional UPDATE (`hold`), which PostgreSQL runs one at a time per row.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from locations.models import Location, in_language

from .purges import purge_publication


class SlotQuerySet(models.QuerySet):
    def bookable(self, now=None):
        """Open and still ahead, soonest first."""
        return self.filter(state=Slot.OPEN, starts_at__gt=now or timezone.now()).order_by("starts_at", "pk")


class Slot(models.Model):
    """One appointment time a patient may ask for: where, with whom or for what, when, how long, in person or video."""

    IN_PERSON, VIDEO = "in_person", "video"
    MODES = [(IN_PERSON, _("in person")), (VIDEO, _("by video"))]
    OPEN, HELD, CONFIRMED = "open", "held", "confirmed"
    STATES = [
        (OPEN, "Open: patients can pick it"),
        (HELD, "Held: a patient asked for it; confirm or release it"),
        (CONFIRMED, "Confirmed by staff"),
    ]

    place = models.ForeignKey(
        "locations.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slots",
        verbose_name="clinic location",
        help_text="Where the appointment is (Snippets -> Clinic locations). Empty for a video appointment or a place "
        "not listed: then the text below names it.",
    )
    location = models.CharField(
        "location name",
        max_length=120,
        blank=True,
        help_text="Filled from the clinic location when one is chosen; else where the appointment is, e.g. "
        "'Video call'. A name that matches a clinic location links the time to it.",
    )
    clinician = models.ForeignKey(
        "clinicians.ClinicianProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who sees the patient. Give a clinician, a service, or both.",
    )
    service = models.CharField(
        max_length=120,
        blank=True,
        help_text="What the time is for, e.g. Ketamine infusion. A treatment page whose 'appointment service' is this "
        "text shows the time.",
    )
    service_es = models.CharField(
        "service in Spanish", max_length=120, blank=True, help_text="Shown on Spanish pages. Empty: the English text."
    )
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField("length in minutes", default=30)
    mode = models.CharField("in person or video", max_length=10, choices=MODES, default=IN_PERSON)
    state = models.CharField(max_length=10, choices=STATES, default=OPEN, db_index=True)
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_for = models.OneToOneField(
        "contact.ContactRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slot",
        editable=False,
        help_text="The contact request that asked for this time (its details stay there).",
    )
    feed = models.CharField(
        "imported from",
        max_length=500,
        blank=True,
        editable=False,
        help_text="The practice system's SMART Scheduling Links feed (its manifest's address) this time came from; "
        "empty for a time made here. See import_slot_feed.",
    )
    feed_id = models.CharField(
        "id in the feed",
        max_length=200,
        blank=True,
        editable=False,
        help_text="The feed's own id for this time (its Slot's id), unique per feed.",
    )

    objects = SlotQuerySet.as_manager()

    panels = [
        FieldPanel("place"),
        FieldPanel("location"),
        FieldPanel("clinician"),
        FieldPanel("service"),
        FieldPanel("service_es"),
        FieldPanel("starts_at"),
        FieldPanel("minutes"),
        FieldPanel("mode"),
        FieldPanel("state"),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "appointment time"
        constraints = [
            models.UniqueConstraint(
                fields=["location", "clinician", "service", "starts_at"],
                name="one_slot_per_place_clinician_service_and_time",
                nulls_distinct=False,
            ),
            models.UniqueConstraint(
                fields=["feed", "feed_id"], condition=~models.Q(feed_id=""), name="one_slot_per_feed_id"
            ),
        ]

    def __str__(self):
        when = f"{timezone.localtime(self.starts_at):%a %d %b %Y %H:%M}"
        return f"{when} · {self.service or self.clinician} · {self.location}"

    def save(self, *args, **kwargs):
        self.link_place()
        if self.state == self.OPEN:
            self.held_at, self.held_for = None, None
        elif self.state == self.HELD and self.held_at is None:
            self.held_at = timezone.now()  # held by staff by hand: released like any other hold
        super().save(*args, **kwargs)

    def link_place(self):
        """The location's name as the text when a location is chosen; else the location whose name the text is."""
        if self.place_id is None and self.location.strip():
            self.place = Location.objects.filter(name__iexact=self.location.strip()).first()
        if self.place_id is not None:
            self.location = self.place.name

    @property
    def service_text(self):
        """The service in the page's language (Spanish when written, else English)."""
        return in_language(self.service, self.service_es)

    @property
    def place_text(self):
        """Where, in the page's language: the location's Spanish name when it has one, else the text."""
        return self.place.name_text if self.place_id is not None else self.location

    def clean(self):
        if not self.place_id and not self.location.strip():
            raise ValidationError({"place": "Choose a clinic location or name where the appointment is."})
        if not self.clinician_id and not self.service.strip():
            raise ValidationError({"service": "Give a clinician, a service, or both."})
        if not 5 <= (self.minutes or 0) <= 480:
            raise ValidationError({"minutes": "A slot lasts between 5 and 480 minutes."})

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.minutes)

    @classmethod
    def hold(cls, slot_id, now=None):
        """Hold the slot if it is still open and ahead; True for the one caller that got it.

        One conditional UPDATE: concurrent callers wait on the row, then see it held and change nothing."""
        now = now or timezone.now()
        held = bool(
            cls.objects.filter(pk=slot_id, state=cls.OPEN, starts_at__gt=now).update(state=cls.HELD, held_at=now)
        )
        if held:
            purge_publication()  # the published slot turns busy
        return held

    @classmethod
    def release_stale(cls, now=None):
        """Open again every slot held longer than SLOT_HOLD_HOURS without staff confirming it; returns how many."""
        cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.SLOT_HOLD_HOURS)
        released = cls.objects.filter(state=cls.HELD, held_at__lt=cutoff).update(
            state=cls.OPEN, held_at=None, held_for=None
        )
        if released:
            purge_publication()  # the published slots are free again
        return released


def link_slots_to_location(sender, instance, **kwargs):
    """A clinic location saved: the times named by its name (typed before it existed) link to it, and the times
    linked to it carry its current name."""
    unlinked = Slot.objects.filter(place=None, location__iexact=instance.name).update(place=instance)
    renamed = Slot.objects.filter(place=instance).exclude(location=instance.name).update(location=instance.name)
    if unlinked or renamed:
        purge_publication()
