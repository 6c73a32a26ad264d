"""Where a browser says a POST came from, for the patient forms that carry no CSRF token.

Pages patients read are cached for everyone, and the site sets no cookie for an anonymous visitor, so the feedback
question, the view beacon, the blog subscription and the booking (contact) form carry no CSRF token. A CSRF token
protects a visitor's credentials (a session cookie) from being used by another site; none of these forms use one.
What remains is another site making visitors' browsers post, and every current browser says where a post comes
from: `Sec-Fetch-Site` must be `same-origin`, or else `Origin` must be this site. A browser that sends neither
(old ones, scripts) is let through; the forms' rate limits apply to it as to anyone.
"""

from urllib.parse import urlsplit

from django.conf import settings

#: The hidden field a patient form on a page carries so that OriginCheckedFormsMiddleware checks its origin instead
#: of a CSRF token (the booking form: a Wagtail page's own POST, which Django's CSRF middleware would otherwise check).
ORIGIN_CHECKED_FIELD = "origin_checked_form"


def posted_from_this_site(request):
    """False when the browser says the request was made by another site's page; True otherwise."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    if f"{parts.scheme}://{parts.netloc}" in settings.CSRF_TRUSTED_ORIGINS:
        return True
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


class OriginCheckedFormsMiddleware:
    """Before Django's CsrfViewMiddleware: a POST from a patient form that names itself (ORIGIN_CHECKED_FIELD) and
    comes from this site is marked as checked, so it needs no token and its page sets no cookie. A post from another
    site goes on to Django's check, which refuses it (there is no token) with the site's 403 page. The admin always
    keeps its tokens (a login form is worth forging)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method == "POST"
            and not request.path.startswith(("/admin/", "/django-admin/"))
            and request.POST.get(ORIGIN_CHECKED_FIELD)
            and posted_from_this_site(request)
        ):
            request.csrf_processing_done = True
        return None
