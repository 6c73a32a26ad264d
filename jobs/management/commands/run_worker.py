"""The task worker with the scheduler inside: `db_worker`'s loop in the main thread, the scheduler in a thread.

One foreground process (scripts/serve-worker.sh). SIGTERM or SIGINT: an idle worker exits at once; a busy one asks
the task in hand to stop between items (website.background.stop_requested) and exits when it returns, and after
STOP_SECONDS at the latest (what was not finished stays in its outbox; see docs/operations.md).
"""

import logging
import os
import signal
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from jobs.schedule import Scheduler
from website.background import request_stop

logger = logging.getLogger("django_tasks_db")

#: The longest a busy worker takes to stop after SIGTERM (a supervisor's usual kill timeout is 10 s or more).
STOP_SECONDS = 8


class Worker(db_worker.Worker):
    stop_timer = None

    def shutdown(self, signum, frame):
        request_stop()
        # Idle, but reading the queue inside a transaction: exiting from the signal handler there broke the connection
        # in the middle of its COMMIT and the worker exited 1 (seen in CI). It stops once that transaction is over.
        reading_the_queue = self.running and not self.running_task and connection.in_atomic_block
        if self.running and (self.running_task or reading_the_queue):
            self.stop_timer = threading.Timer(STOP_SECONDS, self.stop_now)
            self.stop_timer.daemon = True
            self.stop_timer.start()
        if reading_the_queue:
            logger.warning("Received %s - stopping once the queue is read", signal.strsignal(signum))
            self.running = False
            return
        super().shutdown(signum, frame)

    def stop_now(self):
        logger.warning(
            "The task in hand did not stop within %s s: exiting, its outbox keeps what is left", STOP_SECONDS
        )
        os._exit(1)


def run_scheduler(interval, stopped):
    scheduler = Scheduler()
    while not stopped.is_set():
        close_old_connections()
        try:
            scheduler.tick()
        except Exception:
            logger.exception("Scheduler tick failed; trying again")
        stopped.wait(interval)
    connection.close()


class Command(db_worker.Command):
    help = "Run the task worker and the scheduler of periodic jobs (jobs/schedule.py) in one process."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler", action="store_false", dest="scheduler", help="Run tasks only; enqueue no periodic job."
        )

    def handle(self, *, verbosity, queue_name, interval, backend_name, worker_id, exclude_queues, scheduler, **options):
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=options["batch"],
            backend_name=backend_name,
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        stopped = threading.Event()
        if scheduler:
            threading.Thread(target=run_scheduler, args=(1.0, stopped), name="scheduler", daemon=True).start()
        try:
            worker.run()
        finally:
            stopped.set()
