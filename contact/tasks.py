"""The contact app's background task: the clinic's notification of a new request (only the outbox row's id)."""

from django_tasks import task

from website.background import enqueue_with_transaction

from . import notifications
from .models import PendingNotification


@task()
def send_notification(notification_id):
    """Send one outbox notification; a failure leaves it for the periodic `send_pending_notifications` job."""
    return notifications.send_pending(notification_id)


def queue_notification(contact_request):
    """Put the notification in the outbox and enqueue its task; call inside the transaction that stores the request."""
    pending = PendingNotification.objects.create(contact_request=contact_request)
    enqueue_with_transaction(send_notification, pending.pk)
