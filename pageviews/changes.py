"""Which publishes change a page's layout for marketing: the same blocks in another order, or other calls to action.

Runs on Wagtail's `page_published` signal for the page types that count views; compares the published revision
with the one published before it (the page's last "wagtail.publish" log entry, written after this signal).
"""

import json
from collections import Counter

from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from .models import PageLayoutChange


def blocks_of(page):
    """[(block type, its value as canonical JSON)] of the page's StreamField body, in order; [] without one."""
    raw = getattr(getattr(page, "body", None), "raw_data", None)
    if raw is None:
        return []
    return [(block["type"], json.dumps(block.get("value"), sort_keys=True, default=str)) for block in raw]


def calls_to_action_of(page):
    """The calls to action the page shows: chosen in its body's blocks, and its own (the home page's)."""
    raw = getattr(getattr(page, "body", None), "raw_data", None) or []
    chosen = {
        block["value"]["call_to_action"]
        for block in raw
        if isinstance(block.get("value"), dict) and block["value"].get("call_to_action")
    }
    if getattr(page, "call_to_action_id", None):
        chosen.add(page.call_to_action_id)
    return chosen


def layout_change(before, after):
    """(reordered, cta_changed) between two versions of a page."""
    old, new = blocks_of(before), blocks_of(after)
    reordered = old != new and Counter(old) == Counter(new)
    return reordered, calls_to_action_of(before) != calls_to_action_of(after)


def record_layout_change(sender, instance, revision, **kwargs):
    if not getattr(instance, "counts_views", False) or revision is None:
        return
    previous = (
        PageLogEntry.objects.filter(page_id=instance.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if previous is None:
        return
    reordered, cta_changed = layout_change(previous.revision.as_object(), revision.as_object())
    if reordered or cta_changed:
        now = timezone.now()
        PageLayoutChange.objects.create(
            page_id=instance.pk,
            revision=revision,
            published_at=now,
            day=timezone.localdate(now),
            reordered=reordered,
            cta_changed=cta_changed,
        )


def connect():
    page_published.connect(record_layout_change, dispatch_uid="pageviews.record_layout_change")
