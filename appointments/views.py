"""The admin view that adds a weekly pattern of appointment times."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .forms import WeeklyPatternForm
from .patterns import add_weekly_slots


def add_weekly_pattern(request):
    if not request.user.has_perm("appointments.add_slot"):
        raise PermissionDenied
    form = WeeklyPatternForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added, existing = add_weekly_slots(form.times, **form.slot_fields())
        messages.success(request, f"Added {added} appointment times ({existing} were there already).")
        return redirect("appointment_times:index")
    return TemplateResponse(request, "appointments/weekly_pattern.html", {"form": form})
