"""The "Scheduled jobs" admin report: each job's last run (when, how long, the outcome or error) and the task queue."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import JobRun
from .schedule import interval_start, jobs

REPORT_PERMISSION = "jobs.view_jobrun"


def every_label(seconds):
    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % length == 0:
            count = seconds // length
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds} s"


class ScheduledJobsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Scheduled jobs"
    header_icon = "time"
    template_name = "jobs/scheduled_jobs.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        latest = {run.job: run for run in JobRun.objects.order_by("job", "-due_at").distinct("job")}
        last_failure = {
            run.job: run for run in JobRun.objects.filter(succeeded=False).order_by("job", "-due_at").distinct("job")
        }
        now = timezone.now()
        rows = []
        for job in jobs():
            run = latest.get(job.name)
            rows.append(
                {
                    "job": job,
                    "every": every_label(job.every),
                    "run": run,
                    "next_due": interval_start(job.every, now) + datetime.timedelta(seconds=job.every),
                    "last_failure": last_failure.get(job.name),
                }
            )
        queue = dict(DBTaskResult.objects.values_list("status").annotate(Count("pk")).order_by())
        return super().get_context_data(rows=rows, queue=queue, **kwargs)
