"""The home page and the clinic-wide details editors manage once."""

import re

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from topics.models import readable_ids


@register_setting(icon="site")
class ClinicDetails(BaseSiteSetting):
    """Name, phone, address and hours, shown in the footer and on help pages."""

    clinic_name = models.CharField(max_length=120, default="Clearwater Pain Clinic")
    phone = models.CharField(max_length=40, default="(555) 010-0199", help_text="As patients should dial it.")
    email = models.EmailField(blank=True)
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=50, blank=True, help_text="State, e.g. OR")
    postal_code = models.CharField(max_length=20, blank=True)
    opening_hours = models.TextField(
        blank=True, help_text="One line per day range, e.g. 'Monday to Friday: 8am to 5pm'."
    )

    panels = [
        FieldPanel("clinic_name"),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading="Contact"),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldPanel("city"), FieldPanel("region"), FieldPanel("postal_code")],
            heading="Address",
        ),
        FieldPanel("opening_hours"),
    ]

    class Meta:
        verbose_name = "clinic details"

    @property
    def phone_href(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}"

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def opening_hours_specification(self):
        """schema.org OpeningHoursSpecification for each line that reads like 'Monday to Friday: 8am to 5pm'."""
        specs = []
        for line in self.opening_hours_lines:
            match = HOURS_LINE.fullmatch(line)
            if not match:
                continue
            first, last = match["first"].capitalize(), (match["last"] or match["first"]).capitalize()
            if first not in WEEKDAYS or last not in WEEKDAYS:
                continue
            days = WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last) + 1]
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": to_24h(match["opens"]),
                    "closes": to_24h(match["closes"]),
                }
            )
        return specs


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TIME = r"\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
HOURS_LINE = re.compile(
    rf"(?P<first>[A-Za-z]+)(?:\s*(?:to|-|–)\s*(?P<last>[A-Za-z]+))?\s*:\s*(?P<opens>{_TIME})\s*(?:to|-|–)\s*(?P<closes>{_TIME})",
    re.IGNORECASE,
)


def to_24h(text):
    """'8am' -> '08:00', '5:30 pm' -> '17:30'."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?", text.strip(), re.IGNORECASE)
    hour, minute, half = int(match[1]) % 12, match[2] or "00", match[3].lower()
    return f"{hour + (12 if half == 'p' else 0):02d}:{minute}"


class HomePage(Page):
    """The site root: a welcome, the search box, featured topics and a call to action."""

    welcome_heading = models.CharField(max_length=120, default="Relief from chronic pain starts with answers")
    welcome_text = models.TextField(
        max_length=600, blank=True, help_text="Two or three short sentences in plain language."
    )
    call_to_action = models.ForeignKey(
        "topics.CallToAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("welcome_heading"),
        FieldPanel("welcome_text"),
        InlinePanel("featured_topics", label="Featured topic", heading="Featured topics", max_num=8),
        FieldPanel("call_to_action"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["topics.TopicIndexPage", "contact.ContactPage"]

    class Meta:
        verbose_name = "home page"

    def get_structured_data(self, request):
        """schema.org MedicalClinic from the clinic details editors manage in Settings."""
        details = ClinicDetails.for_request(request)
        clinic = {
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "name": details.clinic_name,
            "url": self.get_full_url(request),
            "telephone": details.phone,
        }
        if details.email:
            clinic["email"] = details.email
        if details.street_address:
            clinic["address"] = {
                "@type": "PostalAddress",
                "streetAddress": details.street_address,
                "addressLocality": details.city,
                "addressRegion": details.region,
                "postalCode": details.postal_code,
                "addressCountry": "US",
            }
        hours = details.opening_hours_specification
        if hours:
            clinic["openingHoursSpecification"] = hours
        return clinic

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = self.get_structured_data(request)
        links = list(self.featured_topics.select_related("topic").defer("topic__body"))
        readable = readable_ids(links, "topic_id") if links else set()
        context["featured"] = [link.topic for link in links if link.topic_id in readable]
        return context


class FeaturedTopic(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_topics")
    topic = models.ForeignKey("topics.TopicPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("topic")]
