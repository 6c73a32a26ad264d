"""The contact form on the contact page: show it, check it, limit it, store the request and notify the clinic."""

import logging

from django.db import transaction
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from appointments.models import Slot
from experiments.counting import add_one as add_to_experiment
from experiments.models import ExperimentCount
from topics.lookup import linked_topic

from .duplicates import lock_and_find_duplicate
from .forms import ContactForm, StartedFromField, StartedFromVariantField, chosen_slot
from .ratelimit import SubmissionLimit
from .tasks import queue_notification

logger = logging.getLogger(__name__)


class ContactFormHandler:
    """One request to the contact page's form (ContactPage.form_view)."""

    def __init__(self, page, request):
        self.page, self.request = page, request

    def respond(self):
        request = self.request
        if request.method != "POST":
            # Named in this contact page's language (a Spanish slug on the English page gives the English topic).
            topic = linked_topic(request.GET.get("topic"), request, self.page.locale_id)
            started_from = request.GET.get("from", "")
            form = ContactForm(
                initial={
                    "topic": topic.pk if topic else "",
                    "started_from": started_from if StartedFromField.is_page_id(started_from) else "",
                    "started_from_variant": StartedFromVariantField().clean(request.GET.get("variant")),
                },
                chosen_slot=chosen_slot(request.GET.get("slot")),
            )
            return self.render_form(form, topic)

        limit = SubmissionLimit(request)
        if limit.reached():
            return self.too_many_requests()
        form = ContactForm(request.POST)
        if not form.is_valid():
            logger.info("Contact form: submission refused (invalid fields: %s)", ", ".join(sorted(form.errors)))
            return self.render_form(form, form.cleaned_data.get("topic"))
        # A probable bot's request is kept (flagged) but never takes a time from a patient.
        if form.is_bot():
            form.cleaned_data["slot"] = None
        slot = form.cleaned_data.get("slot")
        with transaction.atomic():
            duplicate = lock_and_find_duplicate(form.cleaned_data)
            if duplicate is not None:
                # Sent twice (a double click, a resubmitted page): one row, the same thank-you.
                logger.info("Contact form: duplicate of request #%s within minutes, not stored again", duplicate.pk)
                return redirect(self.page.thank_you_url(request, duplicate.reason))
            taken = slot is not None and not Slot.hold(slot.pk)
            if not taken:
                if not limit.hit():
                    transaction.set_rollback(True)  # the slot stays open
                    return self.too_many_requests()
                contact_request = form.save()
                if slot is not None:
                    Slot.objects.filter(pk=slot.pk).update(held_for=contact_request)
                queue_notification(contact_request)
                if contact_request.started_from_variant and not contact_request.flagged_as_possible_spam:
                    add_to_experiment(
                        contact_request.started_from_id, contact_request.started_from_variant, ExperimentCount.CONTACT
                    )
        if taken:
            logger.info("Contact form: the chosen appointment time #%s was taken first", slot.pk)
            form.slot_taken()
            return self.render_form(form, form.cleaned_data.get("topic"), status=409)
        logger.info(
            "Contact form: request #%s stored%s",
            contact_request.pk,
            " (honeypot filled: flagged as possible spam)" if contact_request.flagged_as_possible_spam else "",
        )
        return redirect(self.page.thank_you_url(request, contact_request.reason))

    def render_form(self, form, topic, status=200):
        response = self.page.render(self.request, context_overrides={"form": form, "topic": topic})
        response.status_code = status
        # After an error the page holds the patient's own entries, and open times change by the minute: never cache it.
        add_never_cache_headers(response)
        return response

    def too_many_requests(self):
        logger.info("Contact form: rate limit reached")
        response = self.page.render(self.request, template="contact/too_many_requests.html")
        response.status_code = 429
        add_never_cache_headers(response)
        return response
