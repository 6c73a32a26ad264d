"""Recognise the same contact request sent twice in a short time (a double click, a resubmitted page).

Two posts of the same form can arrive at the same moment, so the check and the insert run under a
PostgreSQL advisory lock keyed on the request's content: the second post waits until the first has
committed, then sees its row. Requests that differ in any field never share a row (at worst, a lock).
"""

import datetime
import hashlib

from django.db import connection
from django.utils import timezone

from .models import ContactRequest

WINDOW = datetime.timedelta(minutes=2)
CONTENT_FIELDS = ("first_name", "phone", "email", "preferred_time", "reason", "topic", "slot")


def lock_and_find_duplicate(cleaned_data):
    """Inside a transaction: take the content's lock and return an identical request stored within WINDOW."""
    content = {field: cleaned_data.get(field) for field in CONTENT_FIELDS}
    if connection.vendor == "postgresql":
        key = "\x1f".join(str(getattr(value, "pk", value) or "") for value in content.values())
        lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
    return ContactRequest.objects.filter(created_at__gte=timezone.now() - WINDOW, **content).first()
