"""Delete finished tasks from the PostgreSQL queue after 14 days, tasks left "running" by a killed worker after a
day, and scheduled-job runs after 30 days (a daily job)."""

import datetime
import io

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import JobRun
from website.background import on_database_queue

TASK_DAYS, RUN_DAYS = 14, 30


class Command(BaseCommand):
    help = (
        f"Delete finished queue tasks older than {TASK_DAYS} days, tasks a killed worker left running for a day, "
        f"and scheduled-job runs older than {RUN_DAYS} days."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        runs, _ = JobRun.objects.filter(due_at__lt=now - datetime.timedelta(days=RUN_DAYS)).delete()
        tasks = "no task queue to prune"
        if on_database_queue():
            output = io.StringIO()
            call_command("prune_db_task_results", queue_name="*", min_age_days=TASK_DAYS, stdout=output, verbosity=1)
            # No task runs for a day: its worker died (SIGKILL, power) and its outbox was swept since.
            abandoned, _ = DBTaskResult.objects.filter(
                status="RUNNING", started_at__lt=now - datetime.timedelta(days=1)
            ).delete()
            lines = output.getvalue().strip().splitlines()
            tasks = f"{lines[-1] if lines else 'finished tasks pruned'}; {abandoned} abandoned"
        self.stdout.write(f"Deleted {runs} job run{'s' if runs != 1 else ''} older than {RUN_DAYS} days; {tasks}.")
