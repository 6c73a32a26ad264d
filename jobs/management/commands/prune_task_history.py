"""Delete finished tasks from the PostgreSQL queue after 14 days and scheduled-job runs after 30 (a daily job)."""

import datetime
import io

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.models import JobRun
from website.background import on_database_queue

TASK_DAYS, RUN_DAYS = 14, 30


class Command(BaseCommand):
    help = f"Delete finished queue tasks older than {TASK_DAYS} days and scheduled-job runs older than {RUN_DAYS}."

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=RUN_DAYS)
        runs, _ = JobRun.objects.filter(due_at__lt=cutoff).delete()
        tasks = "no task queue to prune"
        if on_database_queue():
            output = io.StringIO()
            call_command("prune_db_task_results", queue_name="*", min_age_days=TASK_DAYS, stdout=output, verbosity=1)
            tasks = output.getvalue().strip().splitlines()[-1] if output.getvalue().strip() else "tasks pruned"
        self.stdout.write(f"Deleted {runs} job run{'s' if runs != 1 else ''} older than {RUN_DAYS} days; {tasks}.")
