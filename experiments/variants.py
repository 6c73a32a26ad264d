"""What variant B may be, and which pages run an experiment.

B is checked against the live page when an experiment starts and again every time B is rendered (the live page may
have been republished since): the body's blocks must be the same blocks (same ids, types and values) in any order,
except that a call-to-action block may name another live call to action of the page's language. Nothing outside the
body may differ, and B is always shown as the live page with B's body, so an experiment never shows text that has
not been approved and published.
"""

import json
import logging
import random
from collections import Counter

from django.conf import settings

from cta.models import CallToAction
from website.shared import changed, shared

from .models import VARIANTS, Experiment

logger = logging.getLogger(__name__)

RUNNING_KEY = "experiments:running-pages"
#: Fields of a page that are not its content (tree position, publishing state, revision bookkeeping).
NOT_CONTENT = {
    "pk", "id", "page_ptr", "path", "depth", "numchild", "url_path", "content_type", "live", "has_unpublished_changes",
    "first_published_at", "last_published_at", "live_revision", "latest_revision", "latest_revision_created_at",
    "draft_title", "locked", "locked_at", "locked_by", "owner", "go_live_at", "expire_at", "expired",
    "translation_key", "locale", "alias_of", "wagtail_admin_comments", "comments", "body",
}  # fmt: skip


class NotAReorder(ValueError):
    """B differs from the live page by more than block order or a call-to-action swap (the message says how)."""


def _raw_blocks(page):
    raw = getattr(getattr(page, "body", None), "raw_data", None)
    return None if raw is None else list(raw)


def _canonical(value):
    return json.dumps(value, sort_keys=True, default=str)


def _label(page, block):
    child = page.body.stream_block.child_blocks.get(block["type"])
    return str(child.label) if child is not None else block["type"]


def _swapped_call_to_action(live_value, variant_value):
    """The new call to action's id when the two block values differ only by the call to action they name."""
    if not (isinstance(live_value, dict) and isinstance(variant_value, dict)):
        return None
    if set(live_value) != set(variant_value) or "call_to_action" not in live_value:
        return None
    others = [key for key in live_value if key != "call_to_action"]
    if any(_canonical(live_value[key]) != _canonical(variant_value[key]) for key in others):
        return None
    return variant_value["call_to_action"]


def check_variant(live, variant):
    """A list of what B changes ("blocks reordered", "call to action swapped"); NotAReorder with a message for an
    editor when B changes anything else."""
    live_blocks, variant_blocks = _raw_blocks(live), _raw_blocks(variant)
    if live_blocks is None or variant_blocks is None:
        raise NotAReorder("This page has no body of blocks, so there is no block order to test.")
    other_fields = sorted(
        name
        for name, value in live.serializable_data().items()
        if name not in NOT_CONTENT and _canonical(value) != _canonical(variant.serializable_data().get(name))
    )
    if other_fields:
        raise NotAReorder(
            f"Variant B changes {', '.join(other_fields)} as well as the body. An experiment may only reorder the "
            "body's blocks or swap a call to action: publish other changes through the normal review first."
        )
    live_by_id = {block.get("id"): block for block in live_blocks}
    live_ids = Counter(block.get("id") for block in live_blocks)
    if (
        Counter(block.get("id") for block in variant_blocks) != live_ids
        or None in live_ids
        or max(live_ids.values()) > 1
    ):
        raise NotAReorder(
            "Variant B adds or removes blocks. An experiment may only reorder the live page's blocks or swap a call "
            "to action: publish new or deleted blocks through the normal review first."
        )
    swaps = []
    for position, block in enumerate(variant_blocks, start=1):
        before = live_by_id[block["id"]]
        if block["type"] != before["type"]:
            raise NotAReorder(f"Variant B changes the type of block {position} ({_label(live, before)}).")
        if _canonical(block.get("value")) == _canonical(before.get("value")):
            continue
        swapped = _swapped_call_to_action(before.get("value"), block.get("value"))
        if swapped is None:
            raise NotAReorder(
                f"Variant B changes the text of the block “{_label(live, before)}” (block {position} in B). An "
                "experiment never shows unapproved text: it may only reorder blocks or swap a call to action. "
                "Publish text changes through clinical review first, then test the order."
            )
        swaps.append(swapped)
    if swaps:
        found = CallToAction.objects.filter(pk__in=swaps, live=True, locale_id=live.locale_id).count()
        if found != len(set(swaps)):
            raise NotAReorder(
                "Variant B names a call to action that is not live, or is in another language: publish it first."
            )
    reordered = [block["id"] for block in variant_blocks] != [block["id"] for block in live_blocks]
    if not reordered and not swaps:
        raise NotAReorder(
            "Variant B is the same as the live page: save a draft that reorders the blocks or swaps a call to action."
        )
    return (["blocks reordered"] if reordered else []) + (["call to action swapped"] if swaps else [])


def draft_of(page):
    """The page's latest revision when it is an unpublished draft, else None."""
    revision = page.latest_revision
    if revision is None or not page.has_unpublished_changes or revision.pk == page.live_revision_id:
        return None
    return revision


def running_page_ids():
    """Ids of the pages with a running experiment: one of the shared reads (website/shared.py), so a rendered page
    pays no query and no extra cache round trip for it."""
    return shared(RUNNING_KEY, lambda: frozenset(Experiment.objects.running().values_list("page_id", flat=True)))


def forget_running_pages():
    """A new version of the shared reads, now and again once the transaction commits."""
    changed()


def pick(value=None):
    """`value` when it names a variant (set by Varnish, deploy/varnish/clinic.vcl), else one at random."""
    return value if value in VARIANTS else random.choice(VARIANTS)  # noqa: S311 (not for security)


def show_variant(page, request):
    """For a page with a running experiment: mark the request with its variant and, for B, give `page` B's body.
    B that no longer passes check_variant (the live page changed) is not shown: the view gets A, marked "a"."""
    if page.pk not in running_page_ids():
        return
    experiment = Experiment.objects.running().filter(page_id=page.pk).select_related("variant_revision").first()
    if experiment is None:
        return
    variant = pick(request.META.get(settings.PAGE_VARIANT_META))
    request.page_cache_variant = variant
    request.experiment_variant = variant
    if variant == "b":
        candidate = experiment.variant_revision.as_object()
        try:
            check_variant(page, candidate)
        except NotAReorder as refusal:
            logger.warning("Experiment %s: B not shown (%s)", experiment.pk, refusal)
            request.experiment_variant = "a"
            return
        page.body = candidate.body
