"""Clinic information pages: practical answers about the clinic itself (visiting us, costs and insurance, referrals,
accessibility).

Not health topics: they carry no condition or treatment, and they sit under the home page (`/visiting-us/`), linked
from every page's footer. Patients rely on what they say (prices, the Good Faith Estimate), so they go live through
the Clinical review workflow like topics (editorial/setup.py assigns it; only a superuser publishes directly).
"""

from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from locations.models import Location
from topics.permissions import TopicPagePermissionTester
from website.languages import language_code_of
from website.models import ClinicDetails
from website.routing import RoutedPageMixin

from .blocks import PriceBlock, price_specification
from .referrals import REFERRAL_FORM, referral_criteria, referral_form_response


class ClinicInfoPage(RoutedPageMixin, RoutablePageMixin, Page):
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
    prices = StreamField(
        [("price", PriceBlock())],
        blank=True,
        help_text="Self-pay prices, one a service, shown above the text. Checked by a clinician before they go live.",
    )
    shows_good_faith_estimate = models.BooleanField(
        "show the Good Faith Estimate notice",
        default=False,
        help_text="Adds the No Surprises Act notice (the right to a Good Faith Estimate) below the prices. "
        "The contact form links to the page that shows it.",
    )
    shows_referral_criteria = models.BooleanField(
        "show the referral route, criteria and form",
        default=False,
        help_text="For the Referrals page: adds the secure fax and Direct email from Settings -> Clinic details, the "
        "referral criteria of every live condition page in this language, and a link to the referral form (PDF) "
        "made from them.",
    )
    search_terms = models.TextField(
        blank=True,
        help_text="Words patients use for what this page answers, one per line (e.g. parking, opening hours). "
        "To put this page first for a search, add a promoted search result in Settings.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("shows_visit_details"),
        FieldPanel("prices"),
        FieldPanel("shows_good_faith_estimate"),
        FieldPanel("shows_referral_criteria"),
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

    def permissions_for_user(self, user):
        """Goes live, leaves the site and is deleted only as the Clinical review allows (like a topic)."""
        return TopicPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["locations"] = self.locations()
        context["structured_data"] = self.get_structured_data(request, context["locations"])
        if self.shows_referral_criteria:
            context["referral_criteria"] = self.referral_criteria
            context["referral_form_url"] = f"{self.get_url(request)}{REFERRAL_FORM}"
        return context

    def locations(self):
        """The clinic locations, with their hours and map, when the page shows the visit details; else []."""
        if not self.shows_visit_details:
            return []
        return list(Location.objects.select_related("map_image").prefetch_related("hours"))

    @cached_property
    def referral_criteria(self):
        """[(condition page, criteria)] of the live public pages in this page's language, by title (one query)."""
        return referral_criteria(self.locale_id)

    @path(f"{REFERRAL_FORM}/")
    def referral_form(self, request):
        """The referral form as a PDF made from this page (only on a page that shows the referral criteria)."""
        if not self.shows_referral_criteria:
            raise Http404("This page has no referral form.")
        return referral_form_response(self, request, ClinicDetails.for_request(request))

    def get_cached_paths(self):
        """The page, and its referral form: purged together (pagecache) when the page or a criterion changes."""
        return ["/", REFERRAL_FORM] if self.shows_referral_criteria else ["/"]

    def get_structured_data(self, request=None, locations=None):
        """schema.org WebPage about the clinic (a MedicalClinic with address, phone and opening hours), and each
        location shown (its address, hours and `geo`)."""
        site_id, root_url, page_path = self.get_url_parts(request)
        details = ClinicDetails.for_request(request) if request is not None else ClinicDetails.for_site(self.get_site())
        clinic = details.as_medical_clinic(f"{root_url}/")
        del clinic["@context"]
        offers = [price_specification(block.value) for block in self.prices if block.block_type == "price"]
        if offers:
            clinic["makesOffer"] = offers
        places = [place.as_place(details) for place in (self.locations() if locations is None else locations)]
        if places:
            clinic["location"] = places
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": self.title,
            "url": f"{root_url}{page_path}",
            "description": self.summary,
            "inLanguage": language_code_of(self.locale_id),
            "about": clinic,
        }
