"""The admin's experiment pages: the report (Reports -> Experiments), starting one on a page, ending one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import ending
from .models import Experiment
from .report import experiment_figures
from .variants import NotAReorder, check_variant, draft_of


def _require(request, codename):
    if not request.user.has_perm(f"experiments.{codename}"):
        raise PermissionDenied


def report(request):
    _require(request, "view_experiment")
    return TemplateResponse(
        request,
        "experiments/report.html",
        {
            "rows": experiment_figures(),
            "may_end": request.user.has_perm("experiments.change_experiment"),
        },
    )


def start(request, page_id):
    """GET: what B changes, or why it may not be tested; POST: start the experiment."""
    _require(request, "add_experiment")
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    problem, changes = None, []
    draft = draft_of(page)
    if draft is None:
        problem = "This page has no unpublished draft to test as B: save a draft with the new order first."
    elif Experiment.objects.running().filter(page=page).exists():
        problem = "An experiment is already running on this page."
    else:
        try:
            changes = check_variant(page, draft.as_object())
        except NotAReorder as refusal:
            problem = str(refusal)
    if request.method == "POST" and problem is None:
        ending.start(page, request.user)
        messages.success(request, f"Experiment started on “{page.title}”: each view now shows A or B at random.")
        return redirect("experiments_report")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "experiments/start.html",
        {"page": page, "problem": problem, "changes": changes, "draft": draft},
        status=status,
    )


@require_POST
def end(request, pk):
    _require(request, "change_experiment")
    experiment = get_object_or_404(Experiment.objects.running().select_related("page"), pk=pk)
    keep = request.POST.get("keep", "")
    if keep not in ("a", "b"):
        return HttpResponseBadRequest("Choose which order to keep: keep=a or keep=b.", content_type="text/plain")
    try:
        outcome = ending.end(experiment, keep, request.user)
    except NotAReorder as refusal:
        messages.error(request, f"B cannot be kept: {refusal} End the experiment keeping A instead.")
        return redirect(reverse("experiments_report"))
    messages.success(request, f"Experiment on “{experiment.page.title}” ended, keeping {keep.upper()}: {outcome}.")
    return redirect("experiments_report")
