"""Clinical review task and the permissions for the editorial reports."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.models import AbstractGroupApprovalTask

from clinicians.models import ClinicianProfile


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """A group approval task that, on approval, stamps the page's medical reviewer and review dates.

    The reviewer is the approving user's clinician profile (made from their account name on a first approval),
    so the page keeps the profile's credentials and role rather than a copy of a name.

    The stamp is saved as a new revision (by the approving clinician) before the workflow finishes, so the
    revision the workflow publishes carries it. Pages without review fields are approved unchanged.
    """

    def get_actions(self, obj, user):
        """Approving always opens the approval form: it lists the content checks of the version under review
        and asks for a confirmation when they found warnings."""
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        return [("reject", "Request changes", True), ("approve", "Approve", True)]

    # The approval form (contentchecks.forms.ClinicalApprovalForm), set in EditorialConfig.ready(),
    # editorial/apps.py: a model never imports a form.
    approval_form_class = None

    def get_form_for_action(self, action):
        if action == "approve" and self.approval_form_class is not None:
            return self.approval_form_class
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "contentchecks/approval_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        confirmed = kwargs.pop("confirm_warnings", False)
        kwargs.pop("checked_task_state", None)
        kwargs.pop("content_warnings", None)
        if action_name == "approve" and task_state.status == task_state.STATUS_IN_PROGRESS:
            self.record_confirmation(task_state, user, confirmed)
            self.stamp_review(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def record_confirmation(task_state, user, confirmed):
        """Refuse an approval of a version with warnings that was not confirmed; log one that was, with the
        revision, so the page history shows who approved despite which warnings."""
        from django.core.exceptions import PermissionDenied
        from wagtail.log_actions import log

        from contentchecks.checks import blocking_for_task_state, warnings_for_task_state

        blocking = blocking_for_task_state(task_state)
        if blocking:
            raise PermissionDenied(f"This version cannot be approved: {blocking[0].message}")
        warnings = warnings_for_task_state(task_state)
        if not warnings:
            return
        if not confirmed:
            raise PermissionDenied("Confirm the content-check warnings before approving.")
        obj = task_state.workflow_state.content_object
        log(
            instance=getattr(obj, "specific", obj),
            action="contentchecks.warnings_confirmed",
            user=user,
            revision=task_state.revision,
            data={
                "warnings": len(warnings),
                "rules": sorted({warning.rule for warning in warnings}),
                "revision_id": task_state.revision_id,
            },
        )

    @staticmethod
    def stamp_review(task_state, user):
        # The workflow state's cached object is what the finish action publishes from, so it is refreshed below.
        obj = task_state.workflow_state.content_object
        draft = getattr(obj, "specific", obj).get_latest_revision_as_object()
        if not hasattr(draft, "next_review_due"):
            return
        today = timezone.localdate()
        profile = ClinicianProfile.for_approver(user)
        draft.reviewed_by = profile
        draft.medical_reviewer = profile.credited_name[:120]
        draft.last_reviewed = today
        draft.next_review_due = today + datetime.timedelta(days=settings.TOPIC_REVIEW_INTERVAL_DAYS)
        draft.save_revision(user=user, clean=False, log_action=True)
        obj.refresh_from_db()

    @classmethod
    def get_description(cls):
        return "Clinicians in the chosen groups approve; approval records them as the page's medical reviewer."

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"


class EditorialReport(models.Model):
    """Holds no rows: only the permissions that open the editorial reports to groups."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_review_report", "Can view the topics due for review report"),
            ("view_cta_click_report", "Can view the call to action clicks report"),
        ]
