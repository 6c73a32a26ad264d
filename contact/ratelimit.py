"""The contact form's limit: CONTACT_RATE_LIMIT_PER_HOUR submissions per client (IPv6 per /64) an hour."""

from django.conf import settings

from website.ratelimit import RateLimit

WINDOW_SECONDS = 60 * 60


def submission_limit():
    return RateLimit("contact", "contact.ratelimit", settings.CONTACT_RATE_LIMIT_PER_HOUR, WINDOW_SECONDS, 64)


def client_key(request):
    """The cache key counting this client's submissions."""
    return submission_limit().key(request)


class SubmissionLimit:
    """The limit as seen by one request."""

    def __init__(self, request):
        self.request, self.limit = request, submission_limit()

    def reached(self):
        return self.limit.reached(self.request)

    def hit(self):
        return self.limit.hit(self.request)
