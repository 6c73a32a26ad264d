"""The clinic's blog: the blog index, articles linked to health topics, and email updates to subscribers.

Articles use the topics' body blocks (`TopicBodyBlock`) and go live through the Clinical review workflow like topics.
Subscribers confirm their address (double opt-in) before they get anything; see subscriptions.py and mailing.py.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from contentchecks.panels import ContentChecksPanel
from topics.blocks import TopicBodyBlock
from topics.models import SLUG_RE, ReviewDatesMixin, TopicPage
from topics.permissions import TopicPagePermissionTester
from website.email_addresses import canonical_mailbox
from website.languages import language_code_of
from website.routing import RoutedPageMixin
from website.shared import public

ARTICLES_PER_PAGE = 10


def linked_topics():
    """Live topics as an article shows them: title and address only."""
    return public(TopicPage.objects.live()).only("pk", "title", "slug", "url_path", "locale_id").order_by("title")


class BlogIndexPage(RoutedPageMixin, RoutablePageMixin, Page):
    """/blog/: the clinic's articles, newest first, 10 a page, filterable by topic; its RSS and Atom feeds."""

    #: The query parameters get_context and the feeds read; the page cache keys on these alone.
    page_cache_query_params = ("page", "topic")

    introduction = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]

    class Meta:
        verbose_name = "blog index"

    def get_cached_paths(self):
        """The feeds are cached like the listing, so purging the index purges them too."""
        return ["/", "feed/", "feed/atom/"]

    def live_articles(self):
        """Published articles below this index that anyone may read, newest first."""
        return (
            public(ArticlePage.objects.child_of(self).live())
            .order_by("-published_date", "-first_published_at", "-pk")
            .defer_streamfields()
        )

    def selected_topic(self, request):
        """The topic `?topic=<slug>` names (None without one); an unknown or malformed slug is a 404."""
        slug = request.GET.get("topic")
        if slug is None:
            return None
        topic = public(TopicPage.objects.live()).filter(slug=slug).first() if SLUG_RE.fullmatch(slug) else None
        if topic is None:
            raise Http404("No such topic")
        return topic

    def articles_for(self, request):
        articles = self.live_articles()
        topic = self.selected_topic(request)
        if topic is not None:
            articles = articles.filter(topics=topic)
        return topic, articles

    @path("")
    def index_view(self, request):
        topic, articles = self.articles_for(request)
        # get_page never fails: "abc", 0 or -1 give the first page, 99999 the last.
        page = Paginator(articles.prefetch_related(Prefetch("topics", queryset=linked_topics())), ARTICLES_PER_PAGE)
        listing = page.get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"articles": listing, "selected_topic": topic})

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        from .feeds import ArticleRssFeed

        return ArticleRssFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import ArticleAtomFeed

        return ArticleAtomFeed()(request, index=self)


class ArticlePage(RoutedPageMixin, ReviewDatesMixin, Page):
    """One article for patients: a standfirst, a lead image, the topics' body blocks, and the topics it is about."""

    standfirst = models.TextField(
        max_length=300,
        help_text="One or two plain sentences under the title. Also used in listings, feeds and the email update.",
    )
    author = models.CharField(max_length=120, help_text="Who wrote it, as patients should see it.")
    published_date = models.DateField(
        default=datetime.date.today, help_text="Shown on the article; the blog lists newest first."
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_alt = models.CharField(
        "lead image alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Required with an image.",
    )
    topics = ParentalManyToManyField(
        "topics.TopicPage",
        related_name="articles",
        blank=True,
        help_text="The conditions and treatments the article is about; each topic page lists its latest articles.",
    )
    body = StreamField(TopicBodyBlock(), blank=True)
    reviewed_by = models.ForeignKey(
        "clinicians.ClinicianProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text="The clinician who last approved the article; set by the Clinical review workflow.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("published_date")], heading="Byline"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading="Lead image"),
        FieldPanel("topics", widget=forms.SelectMultiple),
        FieldPanel("body"),
        ContentChecksPanel(),
        *ReviewDatesMixin.review_panels,
    ]

    search_fields = Page.search_fields + [
        index.SearchField("title", boost=10),
        index.SearchField("standfirst", boost=3),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("topics", [index.SearchField("title")]),
        index.FilterField("published_date"),
    ]

    #: Counted by the page-view beacon (pageviews/): base.html gives the page's id to the site's script.
    counts_views = True
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = "blog article"

    @property
    def summary(self):
        """The meta description and listing text (base.html reads `page.summary`)."""
        return self.standfirst

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError({"lead_image_alt": _("Describe the image for people who cannot see it.")})

    def permissions_for_user(self, user):
        """Like topics: only a clinician's approval (or a superuser) puts an article live."""
        return TopicPagePermissionTester(user, self)

    @property
    def reviewer_name(self):
        return self.reviewed_by.credited_name if self.reviewed_by else self.medical_reviewer

    def linked_topics(self):
        """The live topics this article is about, in title order (one query)."""
        return list(linked_topics().filter(articles=self))

    def get_dependent_pages(self):
        """Topic pages list their latest articles (used to purge the page cache)."""
        return list(TopicPage.objects.live().filter(articles=self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["article_topics"] = self.linked_topics()
        context["structured_data"] = self.get_structured_data(request)
        return context

    def get_structured_data(self, request=None):
        """schema.org JSON-LD: a BlogPosting with author and dates, on a MedicalWebPage naming its reviewer."""
        url = self.get_full_url(request)
        webpage = {"@type": "MedicalWebPage", "@id": url, "audience": {"@type": "PatientsAudience"}}
        if self.reviewer_name:
            webpage["reviewedBy"] = {"@type": "Person", "name": self.reviewer_name}
        if self.last_reviewed:
            webpage["lastReviewed"] = self.last_reviewed.isoformat()
        posting = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.standfirst,
            "url": url,
            "inLanguage": language_code_of(self.locale_id),
            "author": {"@type": "Person", "name": self.author},
            "datePublished": self.published_date.isoformat(),
            "mainEntityOfPage": webpage,
        }
        if self.last_published_at:
            posting["dateModified"] = timezone.localdate(self.last_published_at).isoformat()
        if self.reviewer_name:
            posting["reviewedBy"] = webpage["reviewedBy"]
        return posting


class SubscriberQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for subscriber in objs:
            subscriber.mailbox = subscriber.mailbox or canonical_mailbox(subscriber.email)
        return super().bulk_create(objs, *args, **kwargs)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Subscriber(models.Model):
    """An address that asked for email updates: only what sending needs and the proof of consent."""

    email = models.EmailField(max_length=254, unique=True)
    #: The inbox `email` delivers to (website.email_addresses): one subscription per inbox, limits per inbox.
    mailbox = models.CharField(max_length=254, unique=True, editable=False)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    consented_at = models.DateTimeField("consent given at", default=timezone.now)
    confirmed_at = models.DateTimeField("address confirmed at", null=True, blank=True, db_index=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["consented_at"]
        verbose_name = "email subscriber"

    def __str__(self):
        # Shown in admin headings and audit logs, so never the address.
        return f"Subscriber #{self.pk}"

    def save(self, *args, **kwargs):
        self.mailbox = canonical_mailbox(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "mailbox"}
        super().save(*args, **kwargs)


class ArticleMailing(models.Model):
    """The email update for one article: one row per article, so a republish never sends it again.

    Its outbox is one `ArticleDelivery` per confirmed subscriber of the article's language, each marked sent in
    the transaction that hands it to the mail server (blog/mailing.py), so a retry sends only what is left.
    """

    article = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, related_name="mailing")
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(default=timezone.now)
    sent_count = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "article email update"
        permissions = [("view_email_updates", "Can see subscriber numbers and each article's email status")]

    def __str__(self):
        return f"Email update for article #{self.article_id}"

    @property
    def status(self):
        if self.finished_at:
            return "sent"
        return "waiting to retry" if self.attempts else "sending"


class ArticleDelivery(models.Model):
    """One subscriber's copy of an article's email update (the outbox row): pending until `sent_at` or `refused_at`."""

    mailing = models.ForeignKey(ArticleMailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    #: The mail server refused this address for good: not tried again.
    refused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mailing", "subscriber"], name="one_delivery_per_subscriber")]
        indexes = [
            models.Index(
                fields=["mailing", "id"],
                condition=models.Q(sent_at__isnull=True, refused_at__isnull=True),
                name="pending_deliveries",
            )
        ]

    def __str__(self):
        return f"Article email #{self.pk}"
