"""Counts per variant for the running experiment of a page: views (from the page-view flush, pageviews/counting.py),
call-to-action clicks (cta/views.py) and contact requests (contact/views.py). A count for a page with no running
experiment, or with a variant that is not "a" or "b", is dropped. One query to find the experiment, one to count."""

from django.db import connection
from django.utils import timezone

from website.counters import add_to_daily_count

from .models import VARIANTS, Experiment, ExperimentCount

ADD_SQL = (
    "INSERT INTO experiments_experimentcount (experiment_id, variant, kind, day, count) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (experiment_id, variant, kind, day) "
    "DO UPDATE SET count = experiments_experimentcount.count + excluded.count"
)


def running_experiments(page_ids):
    """{page id: running experiment id} for those pages."""
    return dict(Experiment.objects.running().filter(page_id__in=page_ids).values_list("page_id", "pk"))


def add_views(counts, day):
    """Add `counts` {(page id, variant): views} to the day's view counts of those pages' running experiments."""
    found = running_experiments({page_id for page_id, _variant in counts})
    rows = [
        (found[page_id], variant, ExperimentCount.VIEW, day, views)
        for (page_id, variant), views in counts.items()
        if page_id in found and variant in VARIANTS and views > 0
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(ADD_SQL, rows)
    return sum(row[-1] for row in rows)


def add_one(page_id, variant, kind):
    """One CTA click or contact request on the variant `variant` of the page's running experiment (if any)."""
    if not page_id or variant not in VARIANTS:
        return False
    experiment_id = running_experiments([page_id]).get(page_id)
    if experiment_id is None:
        return False
    add_to_daily_count(
        ExperimentCount, experiment_id=experiment_id, variant=variant, kind=kind, day=timezone.localdate()
    )
    return True
