"""The contact app's background task: the clinic's notification of a new request (only the outbox row's id)."""

from django_tasks import task

from . import notifications


@task()
def send_notification(notification_id):
    """Send one outbox notification; a failure leaves it for the periodic `send_pending_notifications` job."""
    return notifications.send_pending(notification_id)
