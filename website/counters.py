"""One daily counter for the anonymous counts editors see in reports (CTA clicks, searches with no results)."""

from django.db import IntegrityError, transaction
from django.db.models import F


def add_to_daily_count(model, field="count", **row):
    """Add one to the `field` counter of the `model` row matching `row` (which names its day), creating it at 1.

    Safe under concurrent requests: the unique constraint on the row's fields turns a lost race into an update.
    Returns True when this call created the row (the day's first count for it).
    """
    rows = model.objects.filter(**row)
    if rows.update(**{field: F(field) + 1}):
        return False
    try:
        with transaction.atomic():
            model.objects.create(**row, **{field: 1})
    except IntegrityError:
        rows.update(**{field: F(field) + 1})
        return False
    return True
