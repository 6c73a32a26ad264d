"""The home page and the clinic-wide details editors manage once."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page


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
    subpage_types = ["topics.TopicIndexPage"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            link.topic for link in self.featured_topics.select_related("topic").defer("topic__body") if link.topic.live
        ]
        return context


class FeaturedTopic(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_topics")
    topic = models.ForeignKey("topics.TopicPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("topic")]
