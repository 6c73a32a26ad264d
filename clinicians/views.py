"""Clinicians as patients meet them: the directory (filterable by condition and language) and each short profile."""

from django import forms
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

from .models import SPOKEN_LANGUAGES, ClinicianProfile


def _with_condition_keys(profiles):
    """Profiles with their treated conditions as translation keys only, and their locations (one query each for
    all of them)."""
    return profiles.prefetch_related(
        Prefetch("conditions", queryset=Page.objects.only("id", "translation_key")), "locations"
    )


def local_condition_pages(profiles):
    """{translation key: live topic page in the current language} for every condition the profiles treat."""
    keys = {page.translation_key for profile in profiles for page in profile.conditions.all()}
    if not keys:
        return {}
    pages = Page.objects.live().filter(locale=Locale.get_active(), translation_key__in=keys).select_related("locale")
    return {page.translation_key: page for page in pages.order_by("title")}


def attach_conditions(profiles, pages, request):
    """Each profile's `condition_links`: (title, url) of its conditions in the page's language, by title."""
    for profile in profiles:
        treated = [pages[page.translation_key] for page in profile.conditions.all() if page.translation_key in pages]
        profile.condition_links = [
            (page.title, page.get_url(request)) for page in sorted(treated, key=lambda p: p.title)
        ]


class DirectoryFilterForm(forms.Form):
    condition = forms.ChoiceField(label=_("Condition"), required=False)
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, choices=[("", _("Any language")), *SPOKEN_LANGUAGES]
    )

    def __init__(self, *args, condition_pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [("", _("Any condition"))] + [
            (page.slug, page.title) for page in sorted(condition_pages.values(), key=lambda p: p.title)
        ]

    def value(self, name):
        """The chosen value, or "" when the field was left out or holds something that is not an option."""
        return self.cleaned_data.get(name, "") if name not in self.errors else ""


@require_safe
def clinician_directory(request):
    profiles = list(_with_condition_keys(ClinicianProfile.objects.all()))
    pages = local_condition_pages(profiles)
    form = DirectoryFilterForm(request.GET, condition_pages=pages)
    form.is_valid()
    condition = next((page for page in pages.values() if page.slug == form.value("condition")), None)
    language = form.value("language")
    if condition is not None:
        profiles = [p for p in profiles if condition.translation_key in {c.translation_key for c in p.conditions.all()}]
    if language:
        profiles = [p for p in profiles if language in p.languages]
    attach_conditions(profiles, pages, request)
    return render(
        request,
        "clinicians/clinician_directory.html",
        {"profiles": profiles, "form": form, "filtered": bool(condition or language)},
    )


@require_safe
def clinician_profile(request, slug):
    profile = get_object_or_404(_with_condition_keys(ClinicianProfile.objects.select_related("photo")), slug=slug)
    attach_conditions([profile], local_condition_pages([profile]), request)
    structured_data = profile.physician_json_ld(request.build_absolute_uri(request.path))
    return render(
        request, "clinicians/clinician_profile.html", {"profile": profile, "structured_data": structured_data}
    )
