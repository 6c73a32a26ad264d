"""The one-field form of the verify and enrol steps: a 6-digit code, or (verify only) a recovery code."""

import re

from django import forms

TOTP_CODE = re.compile(r"^[0-9]{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")

EMPTY = "Enter the 6-digit code from your authenticator app."
NOT_A_CODE = "A code is 6 digits, such as 123456. Type it without letters or other characters."
NOT_A_CODE_OR_RECOVERY = (
    "A code is 6 digits from your authenticator app, such as 123456, or one of your 8-character recovery codes."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        error_messages={"required": EMPTY},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def __init__(self, *args, allow_recovery=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_recovery = allow_recovery
        if allow_recovery:
            self.fields["code"].help_text = "Lost your phone? Type one of your recovery codes instead."

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if not code:
            raise forms.ValidationError(EMPTY)
        if TOTP_CODE.match(code):
            self.kind = "totp"
        elif self.allow_recovery and RECOVERY_CODE.match(code):
            self.kind = "recovery"
        else:
            raise forms.ValidationError(NOT_A_CODE_OR_RECOVERY if self.allow_recovery else NOT_A_CODE)
        return code
