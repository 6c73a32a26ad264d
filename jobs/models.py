"""One row per run of a scheduled job: the unique (job, due_at) pair is what makes each interval run once."""

from django.db import models


class JobRun(models.Model):
    job = models.CharField(max_length=60)
    #: Start of the interval this run is for (jobs/schedule.py); one run per job and interval, whoever enqueues it.
    due_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)
    #: The command's summary line, or the error (type and message) when it failed.
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-due_at"]
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_and_interval")]
        verbose_name = "scheduled job run"

    def __str__(self):
        return f"{self.job} due {self.due_at:%Y-%m-%d %H:%M} UTC"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def state(self):
        if self.succeeded is not None:
            return "succeeded" if self.succeeded else "failed"
        return "running" if self.started_at else "queued"
