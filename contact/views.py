"""The contact form on the contact page: show it, check it, limit it, store the request and notify the clinic."""

import logging

from django.db import transaction
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .forms import ContactForm, find_topic
from .notifications import notify_clinic
from .ratelimit import SubmissionLimit

logger = logging.getLogger(__name__)


class ContactFormHandler:
    """One request to the contact page's form (ContactPage.form_view)."""

    def __init__(self, page, request):
        self.page, self.request = page, request

    def respond(self):
        request = self.request
        if request.method != "POST":
            topic = find_topic(request.GET.get("topic"), request)
            form = ContactForm(initial={"topic": topic.pk if topic else ""})
            return self.render_form(form, topic)

        limit = SubmissionLimit(request)
        if limit.reached():
            return self.too_many_requests()
        form = ContactForm(request.POST)
        if form.is_bot():
            # Silently discarded, and answered exactly like a real submission.
            logger.info("Contact form: honeypot filled, submission discarded")
            limit.hit()
            return redirect(self.page.thank_you_url(request))
        if not form.is_valid():
            logger.info("Contact form: submission refused (invalid fields: %s)", ", ".join(sorted(form.errors)))
            return self.render_form(form, form.cleaned_data.get("topic"))
        if not limit.hit():
            return self.too_many_requests()
        with transaction.atomic():
            contact_request = form.save()
            transaction.on_commit(lambda: notify_clinic(contact_request, request))
        logger.info("Contact form: request #%s stored", contact_request.pk)
        return redirect(self.page.thank_you_url(request))

    def render_form(self, form, topic):
        response = self.page.render(self.request, context_overrides={"form": form, "topic": topic})
        # The page carries a CSRF token and, after an error, the patient's own entries: never cache it.
        add_never_cache_headers(response)
        return response

    def too_many_requests(self):
        logger.info("Contact form: rate limit reached")
        response = self.page.render(self.request, template="contact/too_many_requests.html")
        response.status_code = 429
        add_never_cache_headers(response)
        return response
