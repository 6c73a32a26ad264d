"""The clinician's approval form: approving a revision with content-check warnings needs a ticked confirmation."""

from django import forms
from wagtail.forms import TaskStateCommentForm
from wagtail.models import TaskState

from .checks import blocking_for_task_state, warnings_for_task_state

CONFIRM_LABEL = "I have read the content-check warnings above and approve this version anyway."


class ClinicalApprovalForm(TaskStateCommentForm):
    checked_task_state = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_warnings = forms.BooleanField(required=False, label=CONFIRM_LABEL)

    def clean(self):
        cleaned = super().clean()
        task_state = TaskState.objects.filter(pk=cleaned.get("checked_task_state")).select_related("revision").first()
        if task_state is None:
            raise forms.ValidationError("This approval form is out of date. Close it and open it again.")
        for result in blocking_for_task_state(task_state):
            raise forms.ValidationError(f"This version cannot be approved: {result.message}")
        warnings = warnings_for_task_state(task_state)
        if warnings and not cleaned.get("confirm_warnings"):
            self.add_error(
                "confirm_warnings",
                f"This version has {len(warnings)} content-check warning{'s' if len(warnings) != 1 else ''}. "
                "Tick the box to confirm you have read them, or request changes.",
            )
        cleaned["content_warnings"] = len(warnings)
        return cleaned
