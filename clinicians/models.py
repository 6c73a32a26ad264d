"""The clinicians who review the clinic's pages, as patients see them: name, credentials, role, photo, a few lines.

Below `topics` in the house plan (topics links a page to its reviewer), so this app imports only Django and Wagtail.
"""

import re

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

#: A title before the name ("Dr. Ana Ruiz"): dropped, since the credentials after the name already say it.
HONORIFIC_RE = re.compile(r"^\s*(dr|doctor|prof|professor)\.?\s+", re.IGNORECASE)


def split_credited_name(text):
    """("Ana Ruiz", "MD", "Neurology") from "Dr. Ana Ruiz, MD, Neurology"; parts after the second are the role.

    Used for an approving user's full name and for reviewer names typed before profiles existed.
    """
    name, *rest = [part.strip() for part in text.split(",")]
    name = HONORIFIC_RE.sub("", name).strip()
    credentials = rest[0] if rest else ""
    role = ", ".join(rest[1:])
    return name, credentials, role


#: Languages a clinician sees patients in (BCP 47 code, as `knowsLanguage` wants; name in that language).
SPOKEN_LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("pt", "Português"),
    ("fr", "Français"),
    ("zh", "中文"),
    ("vi", "Tiếng Việt"),
    ("ar", "العربية"),
    ("ase", _("American Sign Language")),
]

#: Specialties a profile can list: (key, label shown to patients, schema.org MedicalSpecialty or "" where none maps).
SPECIALTIES = [
    ("pain_medicine", _("Pain medicine"), ""),
    ("anesthesiology", _("Anesthesiology"), "Anesthesia"),
    ("neurology", _("Neurology"), "Neurologic"),
    ("physical_medicine", _("Physical medicine and rehabilitation"), ""),
    ("rheumatology", _("Rheumatology"), "Rheumatologic"),
    ("psychiatry", _("Psychiatry"), "Psychiatric"),
    ("pain_psychology", _("Pain psychology"), ""),
    ("physiotherapy", _("Physiotherapy"), "Physiotherapy"),
    ("nursing", _("Nursing"), "Nursing"),
    ("primary_care", _("Primary care"), "PrimaryCare"),
]
SPECIALTY_LABELS = {key: label for key, label, _schema in SPECIALTIES}
SCHEMA_SPECIALTIES = {key: schema for key, _label, schema in SPECIALTIES if schema}


class ChoiceListField(models.JSONField):
    """A list of choice keys stored as JSON, edited as checkboxes (works on PostgreSQL and SQLite alike)."""

    def __init__(self, *args, choice_list=(), **kwargs):
        self.choice_list = list(choice_list)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choice_list", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choice_list,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )


@register_snippet
class ClinicianProfile(index.Indexed, models.Model):
    """A clinician who reviews pages; shown under a topic's title and on a short public profile."""

    name = models.CharField(max_length=100, help_text="Without a title: e.g. Ana Ruiz (not Dr. Ana Ruiz).")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the profile's address: /clinicians/<slug>/")
    credentials = models.CharField(max_length=60, blank=True, help_text="e.g. MD, DO, PhD, RN.")
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Pain medicine physician.")
    role_es = models.CharField(
        "role in Spanish", max_length=120, blank=True, help_text="Shown on Spanish pages, e.g. Médica del dolor."
    )
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bio = models.TextField(max_length=800, blank=True, help_text="A few plain lines about their work.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician_profile",
        help_text="The clinician's admin account: their approvals credit this profile.",
    )
    specialties = ChoiceListField(
        choice_list=[(key, label) for key, label, _schema in SPECIALTIES],
        help_text="Shown on the profile and in the clinicians directory.",
    )
    languages = ChoiceListField(
        "languages spoken",
        choice_list=SPOKEN_LANGUAGES,
        help_text="Languages the clinician sees patients in (not through an interpreter).",
    )
    accepting_new_patients = models.BooleanField(
        default=True, help_text="Untick when the clinician's list is full: the directory and profile say so."
    )
    locations = models.ManyToManyField(
        "locations.Location",
        blank=True,
        related_name="clinicians",
        verbose_name="where they see patients",
        help_text="The clinic locations where the clinician sees patients (Snippets -> Clinic locations).",
    )
    conditions = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        limit_choices_to={
            "content_type__app_label": "topics",
            "content_type__model": "topicpage",
            "locale__language_code": "en",
        },
        verbose_name="conditions treated",
        help_text="English topic pages: the Spanish directory uses their Spanish translations.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("role_es"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("specialties"),
        FieldPanel("languages"),
        FieldPanel("accepting_new_patients"),
        FieldPanel("locations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("conditions"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "clinician profile"

    def __str__(self):
        return self.credited_name

    def get_absolute_url(self):
        return reverse("clinician_profile", args=[self.slug])

    @property
    def role_text(self):
        """The role in the language of the page being shown (Spanish when written, else English)."""
        return self.role_es if translation.get_language() == "es" and self.role_es.strip() else self.role

    @property
    def credited_name(self):
        """ "Ana Ruiz, MD": how the clinic credits a reviewer."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def specialty_labels(self):
        return [SPECIALTY_LABELS[key] for key in self.specialties if key in SPECIALTY_LABELS]

    @property
    def language_names(self):
        names = dict(SPOKEN_LANGUAGES)
        return [names[code] for code in self.languages if code in names]

    def physician_json_ld(self, url):
        """schema.org `Physician` for the profile page (specialties only where schema.org has a matching one)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Physician",
            "name": self.credited_name,
            "url": url,
            "isAcceptingNewPatients": self.accepting_new_patients,
        }
        specialties = [
            f"https://schema.org/{SCHEMA_SPECIALTIES[key]}" for key in self.specialties if key in SCHEMA_SPECIALTIES
        ]
        if specialties:
            data["medicalSpecialty"] = specialties
        if self.languages:
            data["knowsLanguage"] = [code for code in self.languages if code in dict(SPOKEN_LANGUAGES)]
        if self.role_text:
            data["description"] = self.role_text
        places = [
            {"@type": "Place", "name": location.name_text, "address": ", ".join(location.address_lines)}
            for location in self.locations.all()
        ]
        if places:
            data["location"] = places
        return data

    def get_dependent_pages(self):
        """Pages that credit this clinician (used to purge the page cache when the profile changes)."""
        return list(self.reviewed_pages.filter(live=True))

    @classmethod
    def for_approver(cls, user):
        """The user's profile, created from their account name on a first approval (role left for editors)."""
        profile = cls.objects.filter(user=user).first()
        if profile is not None:
            return profile
        name, credentials, role = split_credited_name(user.get_full_name() or user.get_username())
        return cls.objects.create(
            name=name[:100],
            slug=unique_slug(name),
            credentials=credentials[:60],
            role=role[:120],
            user=user,
        )


def unique_slug(name):
    base = slugify(name)[:90] or "clinician"
    slug, number = base, 2
    while ClinicianProfile.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
