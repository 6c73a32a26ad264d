"""The contact page and the contact requests patients send through it.

A plain Django form on a page model rather than wagtail.contrib.forms: the fields are fixed by the clinic's
privacy rules (no free text), and stock form pages would store every submitted value as JSON and email it.
"""

import logging

from django.db import models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .notifications import queue_notification
from .ratelimit import SubmissionLimit

logger = logging.getLogger(__name__)


class ContactRequest(models.Model):
    """A request to be called or emailed back; holds no health details by design."""

    REASON_NEW_PATIENT = "new_patient"
    REASON_KETAMINE = "ketamine"
    REASON_EXISTING_PATIENT = "existing_patient"
    REASON_OTHER = "other"
    REASON_CHOICES = [
        (REASON_NEW_PATIENT, "New patient consultation"),
        (REASON_KETAMINE, "Question about ketamine infusions"),
        (REASON_EXISTING_PATIENT, "Existing patient"),
        (REASON_OTHER, "Other"),
    ]

    TIME_ANY = "any"
    TIME_CHOICES = [
        ("morning", "Morning (8 am to noon)"),
        ("afternoon", "Afternoon (noon to 5 pm)"),
        (TIME_ANY, "Any time"),
    ]

    first_name = models.CharField(max_length=60)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    preferred_time = models.CharField("preferred time to call", max_length=20, choices=TIME_CHOICES, default=TIME_ANY)
    reason = models.CharField(max_length=30, choices=REASON_CHOICES)
    topic = models.ForeignKey(
        "topics.TopicPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The topic page the patient came from, if any.",
    )
    consented_at = models.DateTimeField("consent to be contacted given at")
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "contact request"

    def __str__(self):
        # Shown in admin headings and kept in audit logs after deletion, so never the patient's name.
        return f"Contact request #{self.pk}"


class PendingNotification(models.Model):
    """A notification email not sent yet (the outbox): only which request it is about, no personal data."""

    contact_request = models.OneToOneField(ContactRequest, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Notification for contact request #{self.contact_request_id}"


class ContactPage(RoutablePageMixin, Page):
    """The contact form at /contact/ and its thank-you page at /contact/thank-you/."""

    intro = models.TextField(
        max_length=600,
        blank=True,
        default="Leave your first name and a phone number or email address, and our team will get back to you.",
    )
    thank_you_heading = models.CharField(max_length=120, default="Thank you, we have your request")
    thank_you_text = models.TextField(
        max_length=600,
        default="Someone from our team will contact you within one working day, at the time you chose if we can.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("thank_you_heading"),
        FieldPanel("thank_you_text"),
    ]

    #: Calls to action on topic pages link here with `?topic=<slug>` (CallToAction.href_for).
    accepts_topic = True

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "contact page"

    @path("")
    def form_view(self, request):
        from .forms import ContactForm, find_topic  # forms.py imports this module's models

        if request.method != "POST":
            topic = find_topic(request.GET.get("topic"))
            form = ContactForm(initial={"topic": topic.pk if topic else ""})
            return self.render_form(request, form, topic)

        limit = SubmissionLimit(request)
        if limit.reached():
            return self.too_many_requests(request)
        form = ContactForm(request.POST)
        if form.is_bot():
            # Silently discarded, and answered exactly like a real submission.
            logger.info("Contact form: honeypot filled, submission discarded")
            limit.hit()
            return redirect(self.thank_you_url(request))
        if not form.is_valid():
            logger.info("Contact form: submission refused (invalid fields: %s)", ", ".join(sorted(form.errors)))
            return self.render_form(request, form, form.cleaned_data.get("topic"))
        if not limit.hit():
            return self.too_many_requests(request)
        with transaction.atomic():
            contact_request = form.save()
            queue_notification(contact_request, request)
        logger.info("Contact form: request #%s stored", contact_request.pk)
        return redirect(self.thank_you_url(request))

    @path("thank-you/", name="thank_you")
    def thank_you(self, request):
        response = self.render(request, template="contact/contact_page_thank_you.html")
        add_never_cache_headers(response)
        return response

    def thank_you_url(self, request):
        return self.get_url(request) + self.reverse_subpage("thank_you")

    def render_form(self, request, form, topic):
        response = self.render(request, context_overrides={"form": form, "topic": topic})
        # The page carries a CSRF token and, after an error, the patient's own entries: never cache it.
        add_never_cache_headers(response)
        return response

    def too_many_requests(self, request):
        logger.info("Contact form: rate limit reached")
        response = self.render(request, template="contact/too_many_requests.html")
        response.status_code = 429
        add_never_cache_headers(response)
        return response
