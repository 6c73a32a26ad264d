"""The contact page and the contact requests patients send through it.

A plain Django form (forms.py, handled in views.py), not wagtail.contrib.forms: the fields are fixed by the clinic's
privacy rules (no free text), and stock form pages would store every submitted value as JSON and email it.
"""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from website.routing import RoutedPageMixin


class ContactRequest(models.Model):
    """A request to be called or emailed back; holds no health details by design."""

    REASON_NEW_PATIENT = "new_patient"
    REASON_KETAMINE = "ketamine"
    REASON_EXISTING_PATIENT = "existing_patient"
    REASON_GOOD_FAITH_ESTIMATE = "good_faith_estimate"
    REASON_OTHER_FORMAT = "other_format"
    REASON_OTHER = "other"
    REASON_CHOICES = [
        (REASON_NEW_PATIENT, _("New patient consultation")),
        (REASON_KETAMINE, _("Question about ketamine infusions")),
        (REASON_EXISTING_PATIENT, _("Existing patient")),
        (REASON_GOOD_FAITH_ESTIMATE, _("Request a Good Faith Estimate (what you will pay if you pay for yourself)")),
        (REASON_OTHER_FORMAT, _("Ask for another format")),
        (REASON_OTHER, pgettext_lazy("contact request reason", "Other")),
    ]
    #: What the clinic must do for a reason with a deadline, in the notification email (contact/notifications.py).
    STAFF_INSTRUCTIONS = {
        REASON_GOOD_FAITH_ESTIMATE: (
            "The patient asks for a Good Faith Estimate (No Surprises Act). Send one in writing within 3 business "
            "days of this request. If they book a service 3 or more business days ahead, send it within 1 business "
            "day of booking (within 3 business days when it is booked 10 or more business days ahead)."
        ),
        REASON_OTHER_FORMAT: (
            "The patient asks for information in another format (for example large print, easy read, audio, braille "
            "or another language) or wants to report an accessibility problem. A person must call or email them "
            "within 1 business day to ask what they need: the website's accessibility statement promises it."
        ),
    }

    TIME_ANY = "any"
    TIME_CHOICES = [
        # No clock times: the hours differ by day (Friday closes early), see ClinicDetails.opening_hours.
        ("morning", _("Morning (from when we open until noon)")),
        ("afternoon", _("Afternoon (from noon until we close)")),
        (TIME_ANY, _("Any time")),
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
    started_from = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="started from page",
        help_text="The page whose call to action led to this form, if any (its id is all the form carried).",
    )
    started_from_variant = models.CharField(
        "experiment variant of the starting page",
        max_length=1,
        blank=True,
        choices=[("a", "A (live order)"), ("b", "B (tested order)")],
        help_text="When that page ran an experiment: the block order the patient saw there (A or B), nothing more.",
    )
    consented_at = models.DateTimeField("consent to be contacted given at")
    flagged_as_possible_spam = models.BooleanField(
        default=False,
        help_text="The form's hidden anti-spam field was filled in: probably a bot, possibly a browser's autofill. "
        "Check before calling.",
    )
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


class ContactPage(RoutedPageMixin, RoutablePageMixin, Page):
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

    #: Its thank-you page asks "Did this page help you?" (feedback/).
    asks_for_feedback = True
    #: Calls to action on topic pages link here with `?topic=<slug>` (CallToAction.href_for).
    accepts_topic = True
    #: The form is never cached (it shows live open times), but `?topic=` selects its content and `?from=` (the id
    #: of the page whose call to action led here, see cta.views.cta_click) goes into a hidden field; `?slot=` (an
    #: appointment time published as a SMART Scheduling Links deep link, appointments/publication.py) is chosen on
    #: the form.
    #: `?variant=` (a or b: the order of the experiment page the request started from, experiments/) goes with it.
    page_cache_query_params = ("topic", "from", "slot", "variant")
    #: The language switch keeps the chosen time (a deep link opened in English continues in Spanish).
    switch_keeps_query = ("slot",)

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "contact page"

    #: Shows, checks and stores the form (a dotted path: models never import views or forms).
    form_handler = "contact.views.ContactFormHandler"

    @path("")
    def form_view(self, request):
        return import_string(self.form_handler)(self, request).respond()

    #: Reasons whose thank-you page says more (when the clinic will act), by the URL word that names them.
    THANK_YOU_FOR = {
        "good-faith-estimate": ContactRequest.REASON_GOOD_FAITH_ESTIMATE,
        "another-format": ContactRequest.REASON_OTHER_FORMAT,
    }

    @path("thank-you/", name="thank_you")
    def thank_you(self, request, reason=None):
        response = self.render(
            request, template="contact/contact_page_thank_you.html", context_overrides={"reason": reason}
        )
        add_never_cache_headers(response)
        return response

    @path("thank-you/<slug:about>/", name="thank_you_for")
    def thank_you_for(self, request, about):
        if about not in self.THANK_YOU_FOR:
            raise Http404("No such thank-you page")
        return self.thank_you(request, reason=self.THANK_YOU_FOR[about])

    def thank_you_url(self, request, reason=None):
        about = next((word for word, value in self.THANK_YOU_FOR.items() if value == reason), None)
        if about is not None:
            return self.get_url(request) + self.reverse_subpage("thank_you_for", kwargs={"about": about})
        return self.get_url(request) + self.reverse_subpage("thank_you")
