"""Site-wide details editors manage once: the clinic's name, phone, address and opening hours."""

import re

from django.db import models
from django.utils import translation
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from website.shared import SharedSettingMixin


@register_setting(icon="site")
class ClinicDetails(SharedSettingMixin, BaseSiteSetting):
    """Name, phone, address and hours, shown in the footer and on help pages."""

    clinic_name = models.CharField(max_length=120, default="Clearwater Pain Clinic")
    phone = models.CharField(max_length=40, default="(555) 010-0199", help_text="As patients should dial it.")
    email = models.EmailField(blank=True)
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=50, blank=True, help_text="State, e.g. OR")
    postal_code = models.CharField(max_length=20, blank=True)
    opening_hours = models.TextField(
        blank=True, help_text="One line per day range, e.g. 'Monday to Friday: 8am to 5pm'."
    )
    # The only free text here patients read; the rest (name, phone, address) reads the same in both languages.
    opening_hours_es = models.TextField(
        "opening hours in Spanish",
        blank=True,
        help_text="Shown on Spanish pages, e.g. 'Lunes a viernes: 8:00 a 17:00'. Empty: the English hours.",
    )

    crisis_line = models.CharField(
        "crisis line",
        max_length=20,
        default="988",
        help_text="The Suicide & Crisis Lifeline number shown on care cards, as patients should dial it.",
    )
    callback_time = models.CharField(
        max_length=120,
        default="within one business day",
        help_text="When the clinic calls back after a contact request, completing 'We will call you ...'.",
    )
    callback_time_es = models.CharField(
        "callback time in Spanish",
        max_length=120,
        blank=True,
        help_text="Shown on Spanish pages, e.g. 'en un día hábil'. Empty: the English text.",
    )
    first_visit_checklist = models.TextField(
        blank=True, help_text="What to bring to a first visit, one item per line (e.g. 'Your insurance card')."
    )
    first_visit_checklist_es = models.TextField(
        "first-visit checklist in Spanish", blank=True, help_text="One item per line. Empty: the English list."
    )
    referral_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="Whether a referral is needed, e.g. 'You do not need a referral; some insurance plans ask for one.'",
    )
    referral_note_es = models.CharField(
        "referral note in Spanish", max_length=250, blank=True, help_text="Empty: the English text."
    )

    # How clinicians send a referral (the Referrals page and its referral form show them); never a patient form here.
    referral_fax = models.CharField(
        "secure fax for referrals", max_length=40, blank=True, help_text="As a referring office should dial it."
    )
    referral_direct_address = models.EmailField(
        "secure (Direct) email for referrals",
        blank=True,
        help_text="The clinic's Direct Secure Messaging address, e.g. referrals@direct.clearwater-pain.example.",
    )
    referral_response = models.CharField(
        "what happens after a referral",
        max_length=250,
        blank=True,
        help_text="For referring clinicians, e.g. 'We confirm every referral within two business days.'",
    )
    referral_response_es = models.CharField(
        "what happens after a referral, in Spanish", max_length=250, blank=True, help_text="Empty: the English text."
    )

    panels = [
        FieldPanel("clinic_name"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("crisis_line")], heading="Contact"),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldPanel("city"), FieldPanel("region"), FieldPanel("postal_code")],
            heading="Address",
        ),
        FieldPanel("opening_hours"),
        FieldPanel("opening_hours_es"),
        MultiFieldPanel(
            [
                FieldPanel("callback_time"),
                FieldPanel("callback_time_es"),
                FieldPanel("first_visit_checklist"),
                FieldPanel("first_visit_checklist_es"),
                FieldPanel("referral_note"),
                FieldPanel("referral_note_es"),
            ],
            heading="What happens next",
            help_text="Shown on the contact page and its thank-you page.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("referral_fax"),
                FieldPanel("referral_direct_address"),
                FieldPanel("referral_response"),
                FieldPanel("referral_response_es"),
            ],
            heading="Referrals from clinicians",
            help_text="The secure route shown on the Referrals page and printed on its referral form (PDF).",
        ),
    ]

    class Meta:
        # The table from before the site-wide core had its own app (migration website 0001).
        db_table = "home_clinicdetails"
        verbose_name = "clinic details"

    @property
    def phone_href(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}"

    @property
    def opening_hours_lines(self):
        """The hours in the language of the page being shown (Spanish when written, else English)."""
        hours = self.opening_hours
        if translation.get_language() == "es" and self.opening_hours_es.strip():
            hours = self.opening_hours_es
        return lines(hours)

    @property
    def crisis_line_href(self):
        return "tel:" + "".join(ch for ch in self.crisis_line if ch.isdigit() or ch == "+")

    def untranslated_fields(self):
        """The Spanish fields left empty while their English one is written: Spanish pages show the English text
        there, so the translations report lists them (editorial.reports)."""
        return [
            field.verbose_name
            for field in self._meta.get_fields()
            if field.name.endswith("_es")
            and not getattr(self, field.name).strip()
            and getattr(self, field.name.removesuffix("_es")).strip()
        ]

    def in_language(self, english, spanish):
        """The Spanish text on Spanish pages when written, else the English."""
        return spanish if translation.get_language() == "es" and spanish.strip() else english

    @property
    def callback_time_text(self):
        return self.in_language(self.callback_time, self.callback_time_es)

    @property
    def first_visit_items(self):
        return lines(self.in_language(self.first_visit_checklist, self.first_visit_checklist_es))

    @property
    def referral_text(self):
        return self.in_language(self.referral_note, self.referral_note_es)

    @property
    def referral_response_text(self):
        return self.in_language(self.referral_response, self.referral_response_es)

    def as_medical_clinic(self, url):
        """schema.org MedicalClinic (JSON-LD) with the address, phone and opening hours; `url`: the clinic's home."""
        clinic = {
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "name": self.clinic_name,
            "url": url,
            "telephone": self.phone,
        }
        if self.email:
            clinic["email"] = self.email
        if self.street_address:
            clinic["address"] = {
                "@type": "PostalAddress",
                "streetAddress": self.street_address,
                "addressLocality": self.city,
                "addressRegion": self.region,
                "postalCode": self.postal_code,
                "addressCountry": "US",
            }
        hours = self.opening_hours_specification
        if hours:
            clinic["openingHoursSpecification"] = hours
        return clinic

    @property
    def opening_hours_specification(self):
        """schema.org OpeningHoursSpecification for each line that reads like 'Monday to Friday: 8am to 5pm'."""
        specs = []
        for line in lines(self.opening_hours):
            match = HOURS_LINE.fullmatch(line)
            if not match:
                continue
            first, last = match["first"].capitalize(), (match["last"] or match["first"]).capitalize()
            if first not in WEEKDAYS or last not in WEEKDAYS:
                continue
            days = WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last) + 1]
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": to_24h(match["opens"]),
                    "closes": to_24h(match["closes"]),
                }
            )
        return specs


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TIME = r"\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
HOURS_LINE = re.compile(
    rf"(?P<first>[A-Za-z]+)(?:\s*(?:to|-|–)\s*(?P<last>[A-Za-z]+))?\s*:\s*(?P<opens>{_TIME})\s*(?:to|-|–)\s*(?P<closes>{_TIME})",
    re.IGNORECASE,
)


def to_24h(text):
    """'8am' -> '08:00', '5:30 pm' -> '17:30'."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?", text.strip(), re.IGNORECASE)
    hour, minute, half = int(match[1]) % 12, match[2] or "00", match[3].lower()
    return f"{hour + (12 if half == 'p' else 0):02d}:{minute}"
