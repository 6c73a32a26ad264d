"""Appointment times in the admin: list, filter, add, edit (confirm or release), delete, and a weekly pattern."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from website.reports import PermissionMenuItem

from .models import Slot
from .views import add_weekly_pattern


class SlotViewSet(ModelViewSet):
    model = Slot
    icon = "calendar"
    menu_label = "Appointment times"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["starts_at", "minutes", "location", "clinician", "service", "mode", "state", "held_at"]
    list_filter = ["state", "mode", "place", "starts_at"]
    search_fields = ["location", "service"]
    search_backend_name = None
    inspect_view_fields = [
        "starts_at",
        "minutes",
        "place",
        "location",
        "clinician",
        "service",
        "service_es",
        "mode",
        "state",
        "held_at",
        "held_for",
        "feed",
        "feed_id",
    ]


@hooks.register("register_admin_viewset")
def register_slot_viewset():
    return SlotViewSet("appointment_times")


@hooks.register("register_admin_urls")
def register_weekly_pattern_url():
    return [path("appointment-times/weekly/", add_weekly_pattern, name="appointment_times_weekly")]


@hooks.register("register_admin_menu_item")
def register_weekly_pattern_menu_item():
    return PermissionMenuItem(
        "Add weekly times",
        reverse("appointment_times_weekly"),
        icon_name="calendar",
        order=261,
        permission="appointments.add_slot",
    )
