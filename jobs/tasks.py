"""The task that runs one scheduled job (its `JobRun` id is the only argument) and records how it went."""

import io

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from .models import JobRun

OUTCOME_CHARS = 1000


@task()
def run_job(run_id):
    """Run the job once: a run already started (or finished) is not started again."""
    if not JobRun.objects.filter(pk=run_id, started_at__isnull=True).update(started_at=timezone.now()):
        return "already run"
    run = JobRun.objects.get(pk=run_id)
    output = io.StringIO()
    try:
        call_command(run.job, stdout=output)
    except Exception as error:
        message = f"{type(error).__name__}: {error}".splitlines()[0][:OUTCOME_CHARS]
        JobRun.objects.filter(pk=run_id).update(finished_at=timezone.now(), succeeded=False, outcome=message)
        raise
    lines = [line for line in output.getvalue().splitlines() if line.strip()]
    summary = lines[-1][:OUTCOME_CHARS] if lines else ""
    JobRun.objects.filter(pk=run_id).update(finished_at=timezone.now(), succeeded=True, outcome=summary)
    return summary
