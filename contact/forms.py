"""The contact form: who to call back and how; deliberately no free-text field for symptoms."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from appointments.labels import slot_label
from appointments.models import Slot
from topics.lookup import linked_topic
from topics.models import TopicPage

from .models import ContactRequest

#: Named so that no browser autofill or password manager fills it (unlike "website", "url" or "company"):
#: a filled one flags the request as possible spam but never discards it (see ContactPage.form_view).
HONEYPOT_FIELD = "message"
PHONE_CHARS = re.compile(r"[0-9+().\-\s]+")
NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’.\-])*")


class TopicField(forms.Field):
    """A hidden topic page id; an unknown or stale topic is dropped rather than blocking the patient."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return linked_topic(value)

    def prepare_value(self, value):
        return value.pk if isinstance(value, TopicPage) else value


#: How many of the next open appointment times the form offers.
OFFERED_SLOTS = 6


def next_times(chosen=None):
    """The choices of the time field: the next open times (and the open time `chosen` by a link, e.g. from an
    appointment finder, when it is further ahead), then "no particular time"."""
    slots = list(Slot.objects.bookable().select_related("clinician", "place")[:OFFERED_SLOTS])
    if chosen is not None and chosen not in slots:
        slots = sorted([*slots, chosen], key=lambda slot: (slot.starts_at, slot.pk))
    return [(slot.pk, slot_label(slot)) for slot in slots] + [("", _("No particular time: call me to arrange one"))]


def chosen_slot(value):
    """The open time a link names (`?slot=<id>`), or None for anything else (never an error)."""
    value = str(value or "")
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return Slot.objects.bookable().select_related("clinician", "place").filter(pk=int(value)).first()


class SlotField(forms.ChoiceField):
    """One of the next open appointment times, or none. A time taken since the page was shown is still a valid
    answer here: the form's handler then tells the patient plainly and offers the next times."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        # A callable: read when the form is shown (never when it is only built), so a re-shown form offers the
        # times still open at that moment.
        self.choices = next_times

    def valid_value(self, value):
        return value == "" or (str(value).isdigit() and len(str(value)) <= 18)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        slot = Slot.objects.filter(pk=int(value), starts_at__gt=timezone.now()).first()
        if slot is None:
            raise forms.ValidationError(_("That time is no longer offered. Choose another time."))
        return slot


class StartedFromField(forms.Field):
    """A hidden page id (the page whose call to action led here); one that is no page is dropped, never an error."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    @staticmethod
    def is_page_id(value):
        return value.isascii() and value.isdigit() and 0 < len(value) <= 10

    def clean(self, value):
        value = str(value or "")
        return Page.objects.filter(pk=int(value)).first() if self.is_page_id(value) else None

    def prepare_value(self, value):
        return value.pk if isinstance(value, Page) else value


class StartedFromVariantField(forms.CharField):
    """A hidden "a" or "b": the experiment order of the page the request started from; anything else is dropped."""

    widget = forms.HiddenInput
    VARIANTS = ("a", "b")

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return value if value in self.VARIANTS else ""


class ContactForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": _("Enter a phone number of 30 characters or fewer.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an email address like name@example.com."),
            "max_length": _("Enter an email address of 254 characters or fewer."),
        },
    )
    preferred_time = forms.ChoiceField(
        label=_("When should we call you?"),
        choices=ContactRequest.TIME_CHOICES,
        initial=ContactRequest.TIME_ANY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a time to call."),
            "invalid_choice": _("Choose one of the times listed."),
        },
    )
    reason = forms.ChoiceField(
        label=_("What is it about?"),
        choices=ContactRequest.REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what your request is about."),
            "invalid_choice": _("Choose one of the reasons listed."),
        },
    )
    slot = SlotField(
        label=_("Pick a time (optional)"),
        error_messages={"invalid_choice": _("Choose one of the times listed.")},
    )
    topic = TopicField()
    started_from = StartedFromField()
    started_from_variant = StartedFromVariantField()
    consent = forms.BooleanField(
        label=_("I agree that the clinic may contact me by phone or email about this request."),
        error_messages={"required": _("Tick this box so that we may contact you.")},
    )
    # Off screen, aria-hidden and out of the tab order, so people and assistive technology never reach it;
    # bots that fill every field fill this one.
    message = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ContactRequest
        fields = [
            "first_name",
            "phone",
            "email",
            "preferred_time",
            "reason",
            "topic",
            "started_from",
            "started_from_variant",
        ]
        labels = {"first_name": _("First name")}
        widgets = {"first_name": forms.TextInput(attrs={"autocomplete": "given-name"})}
        error_messages = {
            "first_name": {
                "required": _("Enter your first name."),
                "max_length": _("Enter a first name of 60 characters or fewer."),
            }
        }

    field_order = [
        "first_name",
        "phone",
        "email",
        "preferred_time",
        "reason",
        "slot",
        "consent",
        "topic",
        "started_from",
        "started_from_variant",
        HONEYPOT_FIELD,
    ]

    def __init__(self, *args, chosen_slot=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("Give a phone number, an email address, or both.")
        if chosen_slot is not None:
            self.fields["slot"].choices = lambda: next_times(chosen_slot)
            self.fields["slot"].initial = chosen_slot.pk

    def offers_times(self):
        """Whether any time is open to pick (the field is left out when none is)."""
        return len(list(self.fields["slot"].choices)) > 1

    def slot_taken(self):
        """The chosen time went to someone else: say so at the field (it shows the times still open)."""
        self.add_error(
            "slot",
            _(
                "Sorry, someone else has just asked for that time. Choose another time below, or send your request "
                "without a time and we will call you to arrange one."
            ),
        )

    def error_summary(self):
        """(field id, message) for the summary above the form: one entry per message, at its first field."""
        summary, seen = [], set()
        for field in self.visible_fields():
            message = field.errors[0] if field.errors else None
            if message and message not in seen:
                seen.add(message)
                # A radio group has no single labelled input: link to its first choice.
                summary.append((field.id_for_label or f"{field.auto_id}_0", message))
        return summary

    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_first_name(self):
        name = self.cleaned_data["first_name"].strip()
        if not NAME.fullmatch(name):
            raise forms.ValidationError(_("Enter your first name using letters only."))
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = sum(ch.isdigit() for ch in phone)
        if not PHONE_CHARS.fullmatch(phone) or not 7 <= digits <= 15:
            raise forms.ValidationError(_("Enter a phone number using digits, for example (555) 010-0199."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not {"phone", "email"} & set(self.errors):
            message = _("Give a phone number or an email address so that we can reach you.")
            self.add_error("phone", message)
            self.add_error("email", message)
        return cleaned

    def save(self, commit=True):
        self.instance.consented_at = timezone.now()
        self.instance.flagged_as_possible_spam = self.is_bot()
        return super().save(commit)
