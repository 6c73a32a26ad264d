"""Two things every app's background tasks share: enqueueing with the transaction, and the worker's stop request.

`enqueue_with_transaction` puts a task on the queue so that it runs only if the current transaction commits. On the
PostgreSQL queue (django-tasks-db, production) the task row is written inside the transaction itself, so the outbox
row and its task commit together or not at all; other backends (the immediate one in `make run` and the tests) get
the task after the commit.

`stop_requested()` is set by `manage.py run_worker` on SIGTERM/SIGINT: a task that loops over many items (an article
sent to every subscriber) checks it between items and leaves the rest in its outbox for the next run.
"""

import threading

from django.db import transaction
from django_tasks import task_backends

_stop = threading.Event()


def enqueue_with_transaction(task, *args):
    backend = task_backends[task.backend]
    if type(backend).__module__.startswith("django_tasks_db."):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))


def request_stop():
    _stop.set()


def stop_requested():
    return _stop.is_set()
