"""The admin form for a weekly pattern of appointment times."""

import datetime

from django import forms

from clinicians.models import ClinicianProfile
from locations.models import Location

from .models import Slot
from .patterns import MAX_SLOTS, weekly_times

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class WeeklyPatternForm(forms.Form):
    place = forms.ModelChoiceField(
        label="Clinic location",
        queryset=Location.objects.all(),
        required=False,
        help_text="Where the appointments are (Snippets -> Clinic locations).",
    )
    location = forms.CharField(
        label="Or name the place",
        max_length=120,
        required=False,
        help_text="Only when no clinic location fits, e.g. Video call.",
    )
    clinician = forms.ModelChoiceField(queryset=ClinicianProfile.objects.all(), required=False)
    service = forms.CharField(
        max_length=120,
        required=False,
        help_text="What the times are for, e.g. Ketamine infusion. Give a clinician, a service, or both.",
    )
    service_es = forms.CharField(
        label="Service in Spanish", max_length=120, required=False, help_text="Empty: the English text."
    )
    mode = forms.ChoiceField(choices=Slot.MODES, label="In person or video")
    weekdays = forms.TypedMultipleChoiceField(choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple)
    day_starts = forms.TimeField(label="First slot starts at", help_text="24-hour clock, e.g. 09:00.")
    day_ends = forms.TimeField(label="Last slot ends by", help_text="24-hour clock, e.g. 12:00.")
    minutes = forms.IntegerField(label="Length in minutes", min_value=5, max_value=480, initial=30)
    first_day = forms.DateField(help_text="YYYY-MM-DD")
    last_day = forms.DateField(help_text="YYYY-MM-DD; at most a year after the first day.")
    skip_dates = forms.CharField(
        label="Except on",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Dates with no appointments (holidays, leave), one YYYY-MM-DD a line.",
    )

    def clean_skip_dates(self):
        dates, bad = set(), []
        for line in filter(None, (line.strip() for line in self.cleaned_data["skip_dates"].splitlines())):
            try:
                dates.add(datetime.date.fromisoformat(line))
            except ValueError:
                bad.append(line)
        if bad:
            raise forms.ValidationError(f"Write each date as YYYY-MM-DD: {', '.join(bad[:5])}")
        return dates

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned["place"] and not cleaned["location"].strip():
            self.add_error("place", "Choose a clinic location or name where the appointments are.")
        if not cleaned["clinician"] and not cleaned["service"].strip():
            self.add_error("service", "Give a clinician, a service, or both.")
        if cleaned["day_ends"] <= cleaned["day_starts"]:
            self.add_error("day_ends", "The last slot must end after the first starts.")
        if cleaned["last_day"] < cleaned["first_day"]:
            self.add_error("last_day", "The last day cannot be before the first.")
        elif (cleaned["last_day"] - cleaned["first_day"]).days > 366:
            self.add_error("last_day", "Add at most a year of times at once.")
        if not self.errors:
            self.times = list(self.slot_times())
            if not self.times:
                raise forms.ValidationError("This pattern makes no appointment times: check the days and hours.")
            if len(self.times) > MAX_SLOTS:
                raise forms.ValidationError(
                    f"This pattern makes {len(self.times)} times; add at most {MAX_SLOTS} at once."
                )
        return cleaned

    def slot_times(self):
        data = self.cleaned_data
        return weekly_times(
            data["first_day"],
            data["last_day"],
            set(data["weekdays"]),
            data["day_starts"],
            data["day_ends"],
            data["minutes"],
            data["skip_dates"],
        )

    def slot_fields(self):
        data = self.cleaned_data
        return {
            "place": data["place"],
            "location": data["place"].name if data["place"] else data["location"].strip(),
            "clinician": data["clinician"],
            "service": data["service"].strip(),
            "service_es": data["service_es"].strip(),
            "minutes": data["minutes"],
            "mode": data["mode"],
        }
