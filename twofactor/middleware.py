"""Keeps a logged-in but unverified staff member out of the admin until the second step is done.

Installed after django-otp's OTPMiddleware (which says whether this session was verified with a device). Every
URL under Wagtail's admin (/admin/: pages, previews, the admin API, reports) and Django's admin (/django-admin/)
redirects such a session to "Enter the 6-digit code" (a user with a confirmed authenticator) or to the
enrolment page (a user who must have one and has none), except the views needed to get there: log in, log out,
the password reset pages, verify, enrol and the admin's JavaScript catalogue and icons those pages load.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from .policy import is_enrolled, is_required

OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    # The icons every admin page fetches and inserts into itself (a redirect would insert the verify page's form).
    "wagtailadmin_sprite",
    "twofactor_verify",
    "twofactor_enrol",
}


def protected_prefixes():
    return (reverse("wagtailadmin_home"), reverse("admin:index"))


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = None

    def __call__(self, request):
        if self.prefixes is None:
            self.prefixes = protected_prefixes()
        if request.path_info.startswith(self.prefixes):
            refused = self.refuse(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refuse(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in OPEN_VIEWS:
            return None
        if is_enrolled(user):
            target = "twofactor_verify"
        elif is_required(user):
            target = "twofactor_enrol"
        else:
            return None
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else reverse("wagtailadmin_home")
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
