"""Where the clinic sees patients: one or more locations, each with its address, opening hours per weekday, a map
image stored with the site (nothing loaded from a map provider), directions, parking, step-free access and position.

Patient-facing text has a Spanish field beside the English one, as in Clinic details (website.models): Spanish pages
show the Spanish text when it is written, else the English. Below `clinicians` and `appointments` in the house plan
(both link to a location), so this app imports only Django and Wagtail.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

#: Monday first, as date.weekday() counts; English names are schema.org's DayOfWeek values.
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FHIR_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def in_language(english, spanish):
    """The Spanish text on Spanish pages when written, else the English."""
    return spanish if translation.get_language() == "es" and (spanish or "").strip() else english


def bilingual(verbose_name, help_text):
    """An English text field and its Spanish twin (`<name>_es`), for patient-facing text."""
    return (
        models.TextField(verbose_name, blank=True, help_text=help_text),
        models.TextField(f"{verbose_name} in Spanish", blank=True, help_text="Empty: the English text."),
    )


@register_snippet
class Location(index.Indexed, ClusterableModel):
    """One place where the clinic sees patients."""

    name = models.CharField(max_length=120, unique=True, help_text="As patients know it, e.g. Lakeshore clinic.")
    name_es = models.CharField("name in Spanish", max_length=120, blank=True, help_text="Empty: the English name.")
    street_address = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=50, blank=True, help_text="State, e.g. OR")
    postal_code = models.CharField(max_length=20, blank=True)
    phone = models.CharField(
        max_length=40, blank=True, help_text="As patients should dial it. Empty: the clinic's phone (Clinic details)."
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="e.g. 44.046236 (search engines and appointment finders use it; patients never see it).",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="e.g. -123.022029",
    )
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A map you upload (a drawing or an export you may publish): the page loads nothing from a map site.",
    )
    map_alt = models.CharField(
        "map description",
        max_length=250,
        blank=True,
        help_text="What the map shows, for patients who cannot see it, e.g. 'The clinic is on Lakeshore Drive, "
        "two blocks north of the Main Street bus stop.'",
    )
    map_alt_es = models.CharField("map description in Spanish", max_length=250, blank=True)
    directions_car, directions_car_es = bilingual("by car", "Directions by car, in a few lines.")
    directions_transit, directions_transit_es = bilingual("by bus or train", "Which bus or train, and the stop.")
    parking, parking_es = bilingual("parking", "Where to park, what it costs, accessible spaces.")
    step_free_access, step_free_access_es = bilingual(
        "step-free access", "Ramps, lifts, doors: how a wheelchair user gets in."
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_es")]),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("city"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("phone"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Address",
        ),
        InlinePanel("hours", label="Opening hours", heading="Opening hours", help_text="One row per day and period."),
        MultiFieldPanel([FieldPanel("map_image"), FieldPanel("map_alt"), FieldPanel("map_alt_es")], heading="Map"),
        MultiFieldPanel(
            [
                FieldPanel("directions_car"),
                FieldPanel("directions_car_es"),
                FieldPanel("directions_transit"),
                FieldPanel("directions_transit_es"),
                FieldPanel("parking"),
                FieldPanel("parking_es"),
                FieldPanel("step_free_access"),
                FieldPanel("step_free_access_es"),
            ],
            heading="Getting there",
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "clinic location"

    def __str__(self):
        return self.name

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": "Give both the latitude and the longitude, or neither."})
        if self.map_image_id and not self.map_alt.strip():
            raise ValidationError({"map_alt": "Describe the map for patients who cannot see it."})

    @property
    def name_text(self):
        return in_language(self.name, self.name_es)

    @property
    def map_alt_text(self):
        return in_language(self.map_alt, self.map_alt_es)

    @property
    def directions_car_text(self):
        return in_language(self.directions_car, self.directions_car_es)

    @property
    def directions_transit_text(self):
        return in_language(self.directions_transit, self.directions_transit_es)

    @property
    def parking_text(self):
        return in_language(self.parking, self.parking_es)

    @property
    def step_free_access_text(self):
        return in_language(self.step_free_access, self.step_free_access_es)

    @property
    def address_lines(self):
        town = ", ".join(part for part in (self.city, f"{self.region} {self.postal_code}".strip()) if part)
        return [line for line in (self.street_address, town) if line]

    def get_dependent_pages(self):
        """Live pages that show locations: the visiting page(s), and treatment pages listing open times (their
        place). Used to purge the page cache when a location changes (pagecache.signals)."""
        return list(
            Page.objects.live().filter(
                models.Q(clinicinfopage__shows_visit_details=True) | models.Q(topicpage__appointment_service__gt="")
            )
        )

    def phone_for(self, details):
        """This location's phone, else the clinic's (Clinic details)."""
        return self.phone or details.phone

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def opening_days(self):
        """[(weekday name in the page's language, "08:00–17:00, ...")] in weekday order; closed days left out.

        Reads `hours.all()`: prefetch them for a list of locations."""
        periods = {}
        for row in sorted(self.hours.all(), key=lambda row: (row.weekday, row.opens)):
            periods.setdefault(row.weekday, []).append(row.period_text)
        names = dict(WEEKDAYS)
        return [(names[day], ", ".join(texts)) for day, texts in sorted(periods.items())]

    def opening_hours_specification(self):
        """schema.org OpeningHoursSpecification: one per period, its days grouped."""
        grouped = {}
        for row in sorted(self.hours.all(), key=lambda row: (row.weekday, row.opens)):
            grouped.setdefault((row.opens, row.closes), []).append(SCHEMA_DAYS[row.weekday])
        return [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": days,
                "opens": f"{opens:%H:%M}",
                "closes": f"{closes:%H:%M}",
            }
            for (opens, closes), days in grouped.items()
        ]

    def as_place(self, details, url=None):
        """schema.org MedicalClinic (JSON-LD, no @context) with address, phone, opening hours and `geo`."""
        place = {
            "@type": "MedicalClinic",
            "name": f"{details.clinic_name}, {self.name}" if details.clinic_name else self.name,
            "telephone": self.phone_for(details),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street_address,
                "addressLocality": self.city,
                "addressRegion": self.region,
                "postalCode": self.postal_code,
                "addressCountry": "US",
            },
        }
        if url:
            place["url"] = url
        if self.latitude is not None and self.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        hours = self.opening_hours_specification()
        if hours:
            place["openingHoursSpecification"] = hours
        return place


class OpeningHours(Orderable):
    """One opening period of a location on one weekday (two rows for a day closed at lunch)."""

    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField(help_text="24-hour clock, e.g. 08:00.")
    closes = models.TimeField(help_text="24-hour clock, e.g. 17:00.")

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})

    @property
    def period_text(self):
        """ "8:00 a.m.–5:00 p.m." in the page's language (Django's TIME_FORMAT for it)."""
        day = datetime.date(2000, 1, 3)
        opens, closes = (datetime.datetime.combine(day, moment) for moment in (self.opens, self.closes))
        return f"{formats.time_format(opens)}–{formats.time_format(closes)}"
