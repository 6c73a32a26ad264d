"""The home page: a welcome, the search box, featured topics and a call to action."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from topics.models import readable_ids
from website.languages import language_code_of
from website.models import ClinicDetails
from website.routing import RoutedPageMixin


class HomePage(RoutedPageMixin, Page):
    """The site root: a welcome, the search box, featured topics and a call to action."""

    welcome_heading = models.CharField(max_length=120, default="Relief from chronic pain starts with answers")
    welcome_text = models.TextField(
        max_length=600, blank=True, help_text="Two or three short sentences in plain language."
    )
    call_to_action = models.ForeignKey(
        "cta.CallToAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("welcome_heading"),
        FieldPanel("welcome_text"),
        InlinePanel("featured_topics", label="Featured topic", heading="Featured topics", max_num=8),
        FieldPanel("call_to_action"),
    ]

    #: Counted by the page-view beacon (pageviews/): base.html gives the page's id to the site's script.
    counts_views = True
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["topics.TopicIndexPage", "contact.ContactPage", "clinic.ClinicInfoPage"]

    class Meta:
        verbose_name = "home page"

    def get_structured_data(self, request):
        """schema.org MedicalClinic from the clinic details in Settings, and this page (WebPage) in its language."""
        url = self.get_full_url(request)
        clinic = ClinicDetails.for_request(request).as_medical_clinic(url)
        del clinic["@context"]
        page = {"@type": "WebPage", "name": self.title, "url": url, "inLanguage": language_code_of(self.locale_id)}
        return {"@context": "https://schema.org", "@graph": [clinic, page]}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = self.get_structured_data(request)
        if self.call_to_action_id and not HomePage.call_to_action.is_cached(self):
            # The call to action with the page it links to, in one query.
            ctas = self._meta.get_field("call_to_action").related_model.objects.select_related("link_page")
            self.call_to_action = ctas.filter(pk=self.call_to_action_id).first()
        if self.call_to_action is not None:
            context["call_to_action_href"] = self.call_to_action.tracked_href_for(self)
        links = list(self.featured_topics.select_related("topic").defer("topic__body"))
        readable = readable_ids(links, "topic_id") if links else set()
        context["featured"] = [link.topic for link in links if link.topic_id in readable]
        return context


class FeaturedTopic(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_topics")
    topic = models.ForeignKey("topics.TopicPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("topic")]
