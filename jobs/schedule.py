"""The schedule of the site's periodic jobs, in one place, and the scheduler that enqueues them.

Each job is a management command run by the task worker (`jobs.tasks.run_job`). Time is cut into intervals of
each job's length, counted from 2000-01-01 00:00 UTC (so a daily job is due at midnight UTC); the first worker to see a
new interval inserts the `JobRun` row for (job, interval start), whose unique constraint turns every other
worker's insert into a no-op, and enqueues the run in the same transaction. However many workers or app machines
run, each job runs once per interval; an interval during which no worker ran is skipped, not made up.

`SCHEDULE_SECONDS` (environment, e.g. "send_article_emails=60,flush_search_counts=30") changes an interval; set it
the same on every machine.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MINUTE, HOUR, DAY = 60, 3600, 86400
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Job:
    name: str
    every: int
    purpose: str


SCHEDULE = [
    Job("publish_scheduled", MINUTE, "Publishes pages whose go-live time has come and unpublishes expired ones."),
    Job("send_pending_notifications", MINUTE, "Sends the contact-request notifications the mail server did not take."),
    Job("send_article_emails", 5 * MINUTE, "Sends or finishes article email updates still in the outbox."),
    Job("flush_search_counts", 5 * MINUTE, "Writes the search counts held in Redis to the database."),
    Job("flush_page_views", 5 * MINUTE, "Writes the page views counted in Redis to daily rows per page and language."),
    Job("release_held_slots", 15 * MINUTE, "Opens again appointment times held past SLOT_HOLD_HOURS, unconfirmed."),
    Job("purge_contact_requests", DAY, "Deletes contact requests older than CONTACT_RETENTION_DAYS."),
    Job("purge_unconfirmed_subscribers", DAY, "Deletes subscriber addresses never confirmed within 7 days."),
    Job("purge_admin_logins", DAY, "Deletes old staff login records and expired failed logins."),
    Job("prune_task_history", DAY, "Deletes finished queue tasks after 14 days and these job runs after 30."),
]
#: Jobs scheduled only while their setting is set (not empty).
WHEN_SET = [
    (
        "SLOT_FEED_URL",
        Job("import_slot_feed", 15 * MINUTE, "Copies the open times of the practice system's feed (SLOT_FEED_URL)."),
    ),
]


def jobs():
    """SCHEDULE, with the jobs whose setting is set, with the intervals SCHEDULE_SECONDS changes."""
    overrides = {}
    for item in filter(None, (part.strip() for part in settings.SCHEDULE_SECONDS.split(","))):
        name, _, seconds = item.partition("=")
        overrides[name.strip()] = int(seconds)
    unknown = set(overrides) - {job.name for job in SCHEDULE} - {job.name for _setting, job in WHEN_SET}
    if unknown:
        raise ValueError(f"SCHEDULE_SECONDS names no such job: {', '.join(sorted(unknown))}")
    scheduled = SCHEDULE + [job for setting, job in WHEN_SET if getattr(settings, setting, "")]
    return [Job(job.name, overrides.get(job.name, job.every), job.purpose) for job in scheduled]


def interval_start(every, now):
    elapsed = int((now - EPOCH).total_seconds())
    return EPOCH + datetime.timedelta(seconds=elapsed - elapsed % every)


INSERT_RUN = (
    "INSERT INTO jobs_jobrun (job, due_at, enqueued_at, outcome) VALUES (%s, %s, %s, '') "
    "ON CONFLICT (job, due_at) DO NOTHING RETURNING id"
)


def enqueue_run(job, due_at):
    """Claim (job, due_at) and enqueue its run; False when another worker claimed it first."""
    from .tasks import run_job

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(INSERT_RUN, [job.name, due_at, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            return False
        run_job.enqueue(row[0])
    logger.info("Scheduled job %s enqueued for %s", job.name, due_at.isoformat())
    return True


class Scheduler:
    """Enqueues each job's run once per interval; `tick()` is cheap when nothing is due (no query)."""

    def __init__(self):
        self.jobs = jobs()
        self.seen = {}

    def tick(self, now=None):
        now = now or timezone.now()
        enqueued = []
        for job in self.jobs:
            due_at = interval_start(job.every, now)
            if self.seen.get(job.name) == due_at:
                continue
            if enqueue_run(job, due_at):
                enqueued.append(job.name)
            self.seen[job.name] = due_at
        return enqueued
