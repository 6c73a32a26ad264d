"""Background work on the task queue: the real worker (scripts/serve-worker.sh) against the test database, a real
SMTP server over TCP, and the scheduler of periodic jobs."""

import ast
import datetime
import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from blog.models import ArticleDelivery, ArticleMailing, Subscriber
from blog.subscriptions import clear_limits
from contact.models import ContactRequest, PendingNotification
from jobs.models import JobRun
from jobs.schedule import SCHEDULE, Scheduler, interval_start
from pagecache import store
from tests import servers
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    ContactPageFactory,
    TopicPageFactory,
    UserFactory,
)
from tests.mail_servers import smtp_sink
from tests.staff import verified_login
from tests.test_contact import VALID, client_ip  # noqa: F401 (a fresh client address per test)

ROOT = Path(__file__).resolve().parent.parent
SERVE_WORKER = ROOT / "scripts" / "serve-worker.sh"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PATIENT_DATA = ["Marisol", "4477", "marisol", "example.net"]


def worker_database_url():
    """DATABASE_URL pointing at the test database (the worker subprocess must see what the test commits)."""
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic"))
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def forget_cached_sites(redis_url):
    """The worker caches Wagtail's site list in Redis; a test's database starts with new sites."""
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("*wagtail_site_root_paths*"):
        client.delete(key)


def start_worker(log_path, smtp_port, **env):
    """scripts/serve-worker.sh (production settings, the PostgreSQL queue, the scheduler) on the test database."""
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    forget_cached_sites(redis_url)
    environment = {
        **os.environ,
        "SECRET_KEY": "task-tests-only-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": servers.server_cache_prefix(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "CLINIC_NOTIFICATION_EMAIL": "frontdesk@clearwater.example",
        **env,
    }
    log = open(log_path, "ab")  # noqa: SIM115
    process = subprocess.Popen([str(SERVE_WORKER)], env=environment, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log_path
    return process


def wait_for(condition, *workers, seconds=240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for worker in workers:
            assert worker.poll() is None, "the worker exited:\n" + Path(worker.log_path).read_text()[-3000:]
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out; worker log:\n" + Path(workers[0].log_path).read_text()[-3000:])


def stop(worker):
    """SIGTERM, as a supervisor stops it: the worker must be gone within 10 s, cleanly."""
    worker.send_signal(signal.SIGTERM)
    try:
        return worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
        raise AssertionError("the worker did not stop within 10 s of SIGTERM") from None


def run_queued_tasks():
    """What the worker does with each ready task, in this process (db_worker's loop would close the test's
    connection, which is inside a transaction)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-test",
        excluded_queue_names=[],
    )
    while (task_result := DBTaskResult.objects.ready().get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)


# Article emails


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_to_500_subscribers_then_restarted_sends_each_one_email(home, settings, tmp_path):
    settings.TASKS = DB_TASKS
    blog = BlogIndexPageFactory(parent=home)
    article = ArticlePageFactory(parent=blog, live=False, title="Sleep and pain")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n:03d}@example.net", language="en", consented_at=now, confirmed_at=now)
        for n in range(500)
    )
    with smtp_sink() as sink:
        sink.hold_after(120)
        article.save_revision().publish()  # by the web worker: it only queues
        assert sink.count == 0
        mailing = ArticleMailing.objects.get()
        [queued] = DBTaskResult.objects.filter(task_path="blog.tasks.send_email_update")
        assert queued.args_kwargs == {"args": [mailing.pk], "kwargs": {}}

        first = start_worker(tmp_path / "first.log", sink.port, SCHEDULE_SECONDS="send_article_emails=2")
        try:
            wait_for(sink.holding.is_set, first)  # 120 emails taken, the 121st under way
            first.send_signal(signal.SIGKILL)
            first.wait()
        finally:
            first.kill()
        sink.release()
        assert sink.count == 120
        assert ArticleDelivery.objects.filter(sent_at__isnull=False).count() == 120
        assert not ArticleMailing.objects.get().finished_at

        # Started again: the periodic send_article_emails job picks up what the killed task left. Stopped by a
        # supervisor (SIGTERM) while sending: it finishes the email in hand and queues the rest for the next worker.
        sink.hold_after(300)
        second = start_worker(tmp_path / "second.log", sink.port, SCHEDULE_SECONDS="send_article_emails=2")
        try:
            wait_for(sink.holding.is_set, second)
            second.send_signal(signal.SIGTERM)
            sink.release()
            assert second.wait(timeout=10) == 0
        finally:
            second.kill()
        assert sink.count == 301 and ArticleDelivery.objects.filter(sent_at__isnull=False).count() == 301

        third = start_worker(tmp_path / "third.log", sink.port, SCHEDULE_SECONDS="send_article_emails=2")
        try:
            wait_for(lambda: ArticleMailing.objects.filter(finished_at__isnull=False).exists(), third)
            assert stop(third) == 0
        finally:
            third.kill()
    assert sink.count == 500
    assert len(sink.delivered) == 500 and set(sink.delivered.values()) == {1}
    mailing = ArticleMailing.objects.get()
    assert (mailing.status, mailing.sent_count) == ("sent", 500)
    # Wagtail's own work for that publish (search index, reference index, cache purges) ran on the worker too.
    wagtail_tasks = DBTaskResult.objects.filter(task_path__startswith="wagtail.")
    assert wagtail_tasks.filter(task_path__contains="purge").exists()
    assert set(wagtail_tasks.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_publish_queues_wagtails_index_and_purge_work_and_the_worker_purges_the_page_cache(
    topic_index, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    topic = TopicPageFactory(parent=topic_index, title="Sciatica")
    path_key = store._path_key(topic.url)
    store._cache().set(path_key, "before-publish")
    DBTaskResult.objects.all().delete()
    topic.title = "Sciatica (updated)"
    topic.save_revision().publish()

    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task" in queued
    assert "wagtail.tasks.update_reference_index_task" in queued
    assert any("search" in path or "index" in path for path in queued - {"wagtail.tasks.update_reference_index_task"})
    assert store._cache().get(path_key) == "before-publish"  # nothing purged by the web worker

    with django_capture_on_commit_callbacks(execute=True):
        run_queued_tasks()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert store._cache().get(path_key) != "before-publish"


def test_a_confirmation_email_the_mail_server_refused_is_sent_again_later(client, db, settings):
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", servers.free_port()  # nothing listens: refused
    address = "retry.confirmation@example.org"
    clear_limits(RequestFactory().post("/subscribe/"), address)  # the test client's address, this address
    assert client.post("/subscribe/", {"email": address, "consent": "on"}).status_code == 302
    subscriber = Subscriber.objects.get()
    [queued] = DBTaskResult.objects.filter(task_path="blog.tasks.send_confirmation")
    assert queued.args_kwargs == {"args": [subscriber.pk, "http://testserver"], "kwargs": {}}

    run_queued_tasks()
    [again] = DBTaskResult.objects.filter(task_path="blog.tasks.send_confirmation", status="READY")
    assert again.args_kwargs["args"] == [subscriber.pk, "http://testserver", 2]
    assert again.run_after > timezone.now()

    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())  # a minute later
    with smtp_sink() as sink:
        settings.EMAIL_PORT = sink.port
        run_queued_tasks()
    assert sink.delivered == {address: 1}


# Contact notifications


def test_a_hung_mail_server_delays_the_notification_never_the_patients_page(
    client,
    home,
    settings,
    caplog,
    client_ip,  # noqa: F811
):
    settings.TASKS = DB_TASKS
    settings.CLINIC_NOTIFICATION_EMAIL = "frontdesk@clearwater.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_TIMEOUT = "127.0.0.1", 1
    page = ContactPageFactory(parent=home)
    with servers.silent_server() as hung_port:
        settings.EMAIL_PORT = hung_port
        response = client.post(page.url, VALID, REMOTE_ADDR=client_ip)
        assert response.status_code == 302 and response["Location"] == "/contact/thank-you/"
        stored = ContactRequest.objects.get()
        pending = PendingNotification.objects.get()
        assert pending.attempts == 0  # the request never talked to the mail server
        [queued] = DBTaskResult.objects.filter(task_path="contact.tasks.send_notification")
        assert queued.args_kwargs == {"args": [pending.pk], "kwargs": {}}  # an id, no personal data

        run_queued_tasks()  # the worker waits EMAIL_TIMEOUT on the hung server and keeps the notification
        pending.refresh_from_db()
        assert pending.attempts == 1

    with smtp_sink() as sink:
        settings.EMAIL_PORT = sink.port
        call_command("send_pending_notifications", stdout=open(os.devnull, "w"))  # the periodic job
        call_command("send_pending_notifications", stdout=open(os.devnull, "w"))
    assert sink.delivered == {"frontdesk@clearwater.example": 1}
    body = sink.messages[0][1].decode()
    assert f"/admin/contact_requests/inspect/{stored.pk}/" in body
    assert not PendingNotification.objects.exists()
    logged = caplog.text + body
    for value in PATIENT_DATA:
        assert value not in logged


# Scheduled jobs


def test_the_nine_periodic_jobs_and_the_queue_pruning_are_commands_on_the_schedule():
    from django.core.management import get_commands

    names = {job.name for job in SCHEDULE}
    assert names == {
        "publish_scheduled",
        "send_article_emails",
        "send_pending_notifications",
        "purge_contact_requests",
        "purge_unconfirmed_subscribers",
        "purge_admin_logins",
        "flush_search_counts",
        "flush_page_views",
        "prune_task_history",
        "release_held_slots",
    }
    assert names <= set(get_commands())


def test_two_schedulers_enqueue_each_job_once_per_interval(db, settings):
    settings.TASKS = DB_TASKS
    now = datetime.datetime(2026, 12, 7, 10, 0, 30, tzinfo=datetime.UTC)
    first, second = Scheduler(), Scheduler()
    assert sorted(first.tick(now)) == sorted(job.name for job in SCHEDULE)
    assert second.tick(now) == []
    assert first.tick(now + datetime.timedelta(seconds=20)) == []  # same minute
    later = now + datetime.timedelta(minutes=1)
    assert sorted(second.tick(later)) == ["publish_scheduled", "send_pending_notifications"]
    assert first.tick(later) == []
    assert JobRun.objects.count() == DBTaskResult.objects.filter(task_path="jobs.tasks.run_job").count() == 12
    assert interval_start(86400, now) == datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)


@pytest.mark.django_db(transaction=True)
def test_two_workers_side_by_side_run_each_job_once_per_interval_and_stop_on_sigterm(tmp_path):
    every_two_seconds = ",".join(f"{job.name}=2" for job in SCHEDULE)
    with smtp_sink() as sink:
        workers = [
            start_worker(tmp_path / f"worker{n}.log", sink.port, SCHEDULE_SECONDS=every_two_seconds) for n in (1, 2)
        ]
        try:

            def both_ran_jobs():
                tasks = DBTaskResult.objects.filter(task_path="jobs.tasks.run_job")
                took = {worker_id for task in tasks for worker_id in task.worker_ids}
                return len(took) == 2 and JobRun.objects.filter(job="publish_scheduled", succeeded=True).count() >= 4

            # A worker that starts late on a busy machine finds its first runs taken: wait until both have run one.
            wait_for(both_ran_jobs, *workers)
            assert [stop(worker) for worker in workers] == [0, 0]
        finally:
            for worker in workers:
                worker.kill()
    runs = JobRun.objects.all()
    tasks = DBTaskResult.objects.filter(task_path="jobs.tasks.run_job")
    assert runs.count() == tasks.count()
    assert "already run" not in [task.return_value for task in tasks]
    assert len({worker_id for task in tasks for worker_id in task.worker_ids}) == 2  # both workers took runs
    for job in SCHEDULE:
        due = sorted(runs.filter(job=job.name).values_list("due_at", flat=True))
        assert len(due) == len(set(due))
        assert all((b - a).total_seconds() >= 2 for a, b in zip(due, due[1:], strict=False))
    finished = runs.filter(finished_at__isnull=False)
    assert set(finished.values_list("succeeded", flat=True)) == {True}


@pytest.mark.django_db(transaction=True)
def test_sigterm_while_the_idle_worker_reads_the_queue_stops_it_after_the_transaction_not_inside_it():
    """Exiting from the signal handler inside the queue's transaction broke the connection mid-COMMIT (exit 1, CI)."""
    from django.db import transaction

    from jobs.management.commands.run_worker import Worker as ClinicWorker
    from website import background

    worker = ClinicWorker(
        queue_names=["default"], interval=0, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    try:
        with transaction.atomic():
            worker.shutdown(signal.SIGTERM, None)  # returns: the transaction ends normally
            assert worker.running is False
        assert worker.stop_timer is not None  # and the worker is still bounded by STOP_SECONDS
    finally:
        if worker.stop_timer:
            worker.stop_timer.cancel()
        background._stop.clear()  # the worker asked this process's tasks to stop

    idle = ClinicWorker(
        queue_names=["default"], interval=0, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker-2", excluded_queue_names=[],
    )  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        idle.shutdown(signal.SIGTERM, None)  # idle outside a transaction (asleep): exits at once, as before
    assert exited.value.code == 0 and idle.stop_timer is None
    background._stop.clear()


@pytest.mark.django_db(transaction=True)
def test_task_history_pruning_keeps_recent_tasks_and_runs(settings):
    from io import StringIO

    settings.TASKS = DB_TASKS
    old = timezone.now() - datetime.timedelta(days=40)
    JobRun.objects.create(job="publish_scheduled", due_at=old)
    recent = JobRun.objects.create(job="publish_scheduled", due_at=timezone.now())
    out = StringIO()
    call_command("prune_task_history", stdout=out)
    assert list(JobRun.objects.all()) == [recent]
    assert out.getvalue().startswith("Deleted 1 job run older than 30 days;")


def test_a_job_that_fails_records_the_error_and_raises_for_the_queue(db, settings):
    from jobs.tasks import run_job

    run = JobRun.objects.create(job="no_such_command", due_at=timezone.now())
    with pytest.raises(Exception, match="no_such_command"):
        run_job.call(run.pk)
    run.refresh_from_db()
    assert run.state == "failed" and run.outcome.startswith("CommandError: Unknown command")
    assert run_job.call(run.pk) == "already run"


def test_contact_models_import_no_view_and_no_form():
    tree = ast.parse((ROOT / "contact" / "models.py").read_text())
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name.split(".")[-1] in ("views", "forms")}


# The admin report

REPORT_URL = "/admin/reports/scheduled-jobs/"


def test_scheduled_jobs_report_shows_each_jobs_last_run_and_failure_to_operators_only(client, db):
    started = timezone.now() - datetime.timedelta(minutes=3)
    JobRun.objects.create(
        job="purge_contact_requests",
        due_at=started,
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=2.5),
        succeeded=True,
        outcome="Deleted 4 contact requests older than 90 days.",
    )
    JobRun.objects.create(
        job="send_pending_notifications",
        due_at=started,
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=1),
        succeeded=False,
        outcome="SMTPServerDisconnected: Connection unexpectedly closed",
    )

    verified_login(client, UserFactory(is_superuser=True))
    page = client.get(REPORT_URL).content.decode()
    assert "Scheduled jobs" in page
    for job in SCHEDULE:
        assert f'data-job="{job.name}"' in page
    assert "Deleted 4 contact requests older than 90 days." in page and "2.5 s" in page
    assert "failed" in page and "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert (
        REPORT_URL in client.get("/admin/reports/").content.decode()
        or REPORT_URL in client.get("/admin/").content.decode()
    )

    access_admin = Permission.objects.get(codename="access_admin")
    operators = Group.objects.create(name="Site operators")
    operators.permissions.add(access_admin, Permission.objects.get(codename="view_jobrun"))
    operator = UserFactory()
    operator.groups.add(operators)
    verified_login(client, operator)
    assert client.get(REPORT_URL).status_code == 200

    admin_only = Group.objects.create(name="Admin access only")
    admin_only.permissions.add(access_admin)
    editor = UserFactory()
    editor.groups.add(admin_only)
    verified_login(client, editor)
    assert client.get(REPORT_URL).status_code in (302, 403)
    assert REPORT_URL not in client.get("/admin/").content.decode()
