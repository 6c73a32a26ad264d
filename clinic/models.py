"""Clinic information pages: practical answers about the clinic itself (visiting us, costs and insurance, referrals).

Not health topics: they carry no clinical review, no condition or treatment, and they sit under the home page
(`/visiting-us/`), linked from every page's footer.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from website.languages import language_code_of
from website.models import ClinicDetails
from website.routing import RoutedPageMixin


class ClinicInfoPage(RoutedPageMixin, Page):
    """One practical question about the clinic answered in plain words ("Where do I park?")."""

    summary = models.TextField(
        max_length=300,
        help_text="One or two plain sentences. Shown in search results and to search engines.",
    )
    body = RichTextField(features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    shows_visit_details = models.BooleanField(
        "show the clinic's address and opening hours",
        default=False,
        help_text="Adds the address, opening hours and phone from Settings -> Clinic details above the text.",
    )
    search_terms = models.TextField(
        blank=True,
        help_text="Words patients use for what this page answers, one per line (e.g. parking, opening hours). "
        "To put this page first for a search, add a promoted search result in Settings.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("shows_visit_details"),
        FieldPanel("body"),
        FieldPanel("search_terms"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=10),
        index.SearchField("search_terms", boost=10),
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.AutocompleteField("search_terms"),
    ]

    #: Counted by the page-view beacon (pageviews/): base.html gives the page's id to the site's script.
    counts_views = True
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    #: Linked from every page's footer: publishing, unpublishing or moving one purges every cached page.
    shown_on_every_page = True

    class Meta:
        verbose_name = "clinic information page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = self.get_structured_data(request)
        return context

    def get_structured_data(self, request=None):
        """schema.org WebPage about the clinic (a MedicalClinic with address, phone and opening hours)."""
        site_id, root_url, page_path = self.get_url_parts(request)
        details = ClinicDetails.for_request(request) if request is not None else ClinicDetails.for_site(self.get_site())
        clinic = details.as_medical_clinic(f"{root_url}/")
        del clinic["@context"]
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": self.title,
            "url": f"{root_url}{page_path}",
            "description": self.summary,
            "inLanguage": language_code_of(self.locale_id),
            "about": clinic,
        }
