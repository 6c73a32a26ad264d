"""A clinician's short public profile, linked from "Reviewed by" under a topic's title."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import ClinicianProfile


@require_safe
def clinician_profile(request, slug):
    profile = get_object_or_404(ClinicianProfile.objects.select_related("photo"), slug=slug)
    return render(request, "clinicians/clinician_profile.html", {"profile": profile})
