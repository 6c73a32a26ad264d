"""What every app's background tasks share: enqueueing with the transaction, retrying later, the stop request.

`enqueue_with_transaction` puts a task on the queue so that it runs only if the current transaction commits. On the
PostgreSQL queue (django-tasks-db, production) the task row is written inside the transaction itself, so the outbox
row and its task commit together or not at all; other backends (the immediate one in `make run` and the tests) get
the task after the commit.

`retry_later` puts a task that failed back on the queue after a growing delay (1, 4, 16 minutes...), for tasks with
no outbox row that a periodic job would sweep; where the backend cannot defer (immediate) the failure stands.

`stop_requested()` is set by `manage.py run_worker` on SIGTERM/SIGINT: a task that loops over many items (an article
sent to every subscriber) checks it between items and leaves the rest in its outbox for the next run.
"""

import datetime
import logging
import threading

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

_stop = threading.Event()


def enqueue_with_transaction(task, *args):
    if on_database_queue(task):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))


def on_database_queue(task=None):
    return isinstance(task_backends[task.backend if task else "default"], DatabaseBackend)


def retry_later(task, args, attempt, attempts=5):
    """Enqueue `task(*args, attempt + 1)` after 4**(attempt - 1) minutes; False after `attempts` tries."""
    if attempt >= attempts or not task_backends[task.backend].supports_defer:
        return False
    delay = datetime.timedelta(minutes=4 ** (attempt - 1))
    task.using(run_after=timezone.now() + delay).enqueue(*args, attempt + 1)
    logger.info("%s: attempt %s failed, trying again in %s", task.name, attempt, delay)
    return True


def request_stop():
    _stop.set()


def stop_requested():
    return _stop.is_set()
