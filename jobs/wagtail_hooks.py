"""Admin: the "Scheduled jobs" report under Reports, for superusers and groups given "Can view scheduled job run"."""

from django.urls import path, reverse
from wagtail import hooks

from website.reports import PermissionMenuItem

from .views import REPORT_PERMISSION, ScheduledJobsView


@hooks.register("register_admin_urls")
def register_scheduled_jobs_url():
    return [path("reports/scheduled-jobs/", ScheduledJobsView.as_view(), name="jobs_scheduled_jobs")]


@hooks.register("register_reports_menu_item")
def register_scheduled_jobs_menu_item():
    return PermissionMenuItem(
        "Scheduled jobs", reverse("jobs_scheduled_jobs"), icon_name="time", order=90, permission=REPORT_PERMISSION
    )
