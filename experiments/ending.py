"""Starting and ending an experiment.

"End and keep B" publishes B's order through the page's normal route: a new revision is saved from the live page with
B's body (so nothing else in the draft comes along), and
- a page under a workflow (topic pages: Clinical review) has that revision submitted to its workflow, as any change
  to clinical content is: a reorder can change what a patient reads first (risks below the fold), so a clinician
  approves it like any other publish, and TopicPagePermissionTester lets no editorial group publish a clinical page
  directly anyway;
- any other page (the home page, a page with no workflow) is published at once when the user who ends the experiment
  may publish it (the blocks were approved and published already; only their order changes), else the revision is
  left as a draft for someone who may.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from pagecache.signals import purge_pages

from .models import Experiment
from .variants import check_variant, draft_of, forget_running_pages


def start(page, user):
    """Start an experiment with the page's latest draft as B; NotAReorder (with the reason) when B may not be tested,
    ValueError when there is no draft or one runs already."""
    page = Page.objects.get(pk=page.pk).specific  # as saved: its latest revision and live state
    revision = draft_of(page)
    if revision is None:
        raise ValueError("This page has no unpublished draft to test as B: save a draft with the new order first.")
    if Experiment.objects.running().filter(page=page).exists():
        raise ValueError("An experiment is already running on this page.")
    changes = check_variant(page, revision.as_object())  # the page's own row holds the live content
    with transaction.atomic():
        experiment = Experiment.objects.create(page=page, variant_revision=revision, started_by=user)
        forget_running_pages()
        purge_pages([page])
    return experiment, changes


def end(experiment, keep, user):
    """End the experiment keeping "a" or "b"; returns what happened, for the editor's message."""
    page = experiment.page.specific
    outcome = "the live page stays as it is"
    if keep == "b":
        candidate = experiment.variant_revision.as_object()
        check_variant(page, candidate)
        page.body = candidate.body
        revision = page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
            outcome = f"B's order was submitted to the “{workflow.name}” workflow"
        elif page.permissions_for_user(user).can_publish():
            revision.publish(user=user)
            outcome = "B's order was published"
        else:
            outcome = "B's order was saved as a draft for someone who may publish this page"
    with transaction.atomic():
        experiment.ended_at = timezone.now()
        experiment.ended_by = user
        experiment.kept = keep
        experiment.outcome = outcome
        experiment.save(update_fields=["ended_at", "ended_by", "kept", "outcome"])
        forget_running_pages()
        purge_pages([page])
    return outcome
