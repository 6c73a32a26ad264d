"""The two small forms behind "Did this page help?": the answer, then (after "No") an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH

YES, NO = "yes", "no"


class AnswerForm(forms.Form):
    helpful = forms.ChoiceField(
        choices=[(YES, _("Yes")), (NO, _("No"))],
        error_messages={"required": _("Choose Yes or No."), "invalid_choice": _("Choose Yes or No.")},
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What were you looking for? (optional)"),
        help_text=_("Do not include your name, phone number or health details."),
        max_length=COMMENT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={
            "required": _("Write a comment, or leave this page: your answer is already saved."),
            "max_length": _("Keep your comment to 500 characters or fewer."),
            "null_characters_not_allowed": _("Your comment contains characters we cannot save."),
        },
    )
