"""The second step of an admin login: verify a code, enrol an authenticator, see recovery codes, reset."""

import math
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import CodeForm
from .policy import (
    TOTP_NAME,
    is_enrolled,
    is_required,
    new_recovery_codes,
    recovery_device,
    reset,
    totp_device,
)

#: Session key of the recovery codes between "confirm" and the page that shows them (removed when shown).
CODES_KEY = "twofactor_recovery_codes"
WRONG = "That code is not right. Type the newest code your authenticator app shows (it changes every 30 seconds)."
WRONG_RECOVERY = "That recovery code is not right, or it was used before: each recovery code works once."


def next_url(request):
    """Where to go once verified: the ?next= the middleware gave, if it is on this site; else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def with_next(name, target):
    return f"{reverse(name)}?{urlencode({'next': target})}"


def throttled(data):
    """The message for a device that refuses codes for now (django-otp's throttling after wrong codes)."""
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return "Too many wrong codes. Wait a minute, then try again."
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong codes. Wait {seconds} {unit}, then type the newest code from your app."


def attempt(device, token, wrong=WRONG):
    """None when `device` accepts `token` (used up: a TOTP code or recovery code works once), else the message."""
    if device is None:
        return wrong
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, data = device.verify_is_allowed()
        if not allowed:
            return throttled(data)
        if device.verify_token(token):
            return None
    return wrong


def login_redirect(request):
    return redirect(with_next("wagtailadmin_login", request.get_full_path()))


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    user = request.user
    target = next_url(request)
    if not user.is_authenticated:
        return login_redirect(request)
    if user.is_verified():
        return redirect(target)
    if not is_enrolled(user):
        return redirect(with_next("twofactor_enrol", target) if is_required(user) else target)
    form = CodeForm(request.POST or None, allow_recovery=True)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if form.kind == "totp":
            device = totp_device(user)
            error = attempt(device, code)
        else:
            device = recovery_device(user)
            error = attempt(device, code, WRONG_RECOVERY)
        if error is None:
            django_otp.login(request, device)
            if form.kind == "recovery":
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"You logged in with a recovery code; {left} left. Each works once: if your phone is lost, "
                    "reset your two-factor login from your account page and set it up again.",
                )
            return redirect(target)
        form.add_error("code", error)
    return render(request, "twofactor/verify.html", {"form": form, "next": target})


def qr_code_svg(device):
    title = f"QR code for your authenticator app ({settings.WAGTAIL_SITE_NAME})"
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=escape(title), svgclass="qr-code")
    return mark_safe(svg)  # noqa: S308 (segno's own SVG: paths and the escaped title)


def grouped_secret(device):
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    user = request.user
    target = next_url(request)
    if not user.is_authenticated:
        return login_redirect(request)
    if is_enrolled(user):
        return redirect(target if user.is_verified() else with_next("twofactor_verify", target))
    device = totp_device(user, confirmed=False) or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = attempt(device, form.cleaned_data["code"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            request.session[CODES_KEY] = new_recovery_codes(user)
            return redirect(with_next("twofactor_recovery_codes", target))
        form.add_error("code", error)
    context = {
        "form": form,
        "next": target,
        "required": is_required(user),
        "qr_code": qr_code_svg(device),
        "secret": grouped_secret(device),
    }
    return render(request, "twofactor/enrol.html", context)


@never_cache
def recovery_codes(request):
    codes = request.session.pop(CODES_KEY, None)
    if not codes:
        messages.info(request, "Recovery codes are shown only once. To get new ones, choose “New recovery codes”.")
        return redirect("twofactor_manage")
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": next_url(request)})


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """ "Two-factor login" from the account page: status, new recovery codes, reset (lost or new phone)."""

    template_name = "twofactor/manage.html"
    page_title = "Two-factor login"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": "Account"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = recovery_device(user)
        return super().get_context_data(
            enrolled=is_enrolled(user),
            required=is_required(user),
            codes_left=device.token_set.count() if device else 0,
            **kwargs,
        )

    def post(self, request):
        user = request.user
        action = request.POST.get("action")
        if action == "reset":
            reset(user)
            request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
            messages.success(
                request, "Two-factor login reset: your old authenticator and recovery codes no longer work."
            )
            return redirect("twofactor_enrol" if is_required(user) else "twofactor_manage")
        if action == "recovery-codes" and is_enrolled(user):
            request.session[CODES_KEY] = new_recovery_codes(user)
            return redirect("twofactor_recovery_codes")
        return redirect("twofactor_manage")


manage = never_cache(ManageView.as_view())
