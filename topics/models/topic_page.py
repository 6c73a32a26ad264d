"""A health topic page, its review dates, linked treatments and related topics, and its translations."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import TruncSecond
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.signals import copy_for_translation_done

from contentchecks.panels import ContentChecksPanel
from website.languages import language_code_of, locale_id_for
from website.routing import RoutedPageMixin
from website.shared import public, shared

from ..blocks import ANSWER_RED_FLAG, PRESCREEN_PARAMETER, TopicBodyBlock
from ..codes import Code
from ..panels import ReadabilityPanel, TranslationStatusPanel
from ..permissions import TopicPagePermissionTester
from .library import HealthLibrarySettings


class ReviewDatesMixin(models.Model):
    """Who checked a page's medical content and when; shown to patients.

    `reviewed_by` is the reviewer's profile (name, credentials, role); `medical_reviewer` keeps the credited name
    as text, for the review report and for pages reviewed before profiles existed.
    """

    reviewed_by = models.ForeignKey(
        "clinicians.ClinicianProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_pages",
        help_text="The clinician who last approved the page; shown under its title with a link to their profile.",
    )
    medical_reviewer = models.CharField(
        max_length=120, blank=True, help_text="Name and credentials as credited at the last approval."
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by", read_only=True),
                FieldPanel("medical_reviewer", read_only=True),
                FieldPanel("last_reviewed", read_only=True),
                FieldPanel("next_review_due", read_only=True),
            ],
            heading="Clinical review",
            help_text="Set when a clinician approves the page in the Clinical review workflow.",
        )
    ]

    class Meta:
        abstract = True


class TopicPage(RoutedPageMixin, ReviewDatesMixin, Page):
    """One health topic: a condition, a symptom or a treatment, explained in plain language."""

    KIND_CONDITION = "condition"
    KIND_TREATMENT = "treatment"
    KIND_CHOICES = [(KIND_CONDITION, "Condition or symptom"), (KIND_TREATMENT, "Treatment")]

    SOURCE_CLINIC = "clinic"
    SOURCE_MEDLINEPLUS = "medlineplus"
    SOURCE_CHOICES = [(SOURCE_CLINIC, "Written by the clinic"), (SOURCE_MEDLINEPLUS, "Imported from MedlinePlus")]

    #: Counted by the page-view beacon (pageviews/): base.html gives the page's id to the site's script.
    counts_views = True
    #: Ends with "Did this page help you?" (feedback/).
    asks_for_feedback = True

    summary = models.TextField(
        max_length=400,
        help_text="Two plain sentences. Shown in listings, search results and to search engines.",
    )
    also_called = models.TextField(
        blank=True,
        help_text="Other names patients use, one per line (e.g. CRPS, reflex sympathetic dystrophy).",
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=KIND_CONDITION)
    groups = ParentalManyToManyField("topics.TopicGroup", related_name="topics", blank=True)
    body = StreamField(TopicBodyBlock(), blank=True)

    appointment_service = models.CharField(
        max_length=120,
        blank=True,
        help_text="On a treatment: the service of the appointment times to show on the page (the next 3 open ones), "
        "exactly as written on the times, e.g. Ketamine infusion. Empty: no times shown.",
    )

    source = models.CharField(max_length=20, choices=SOURCE_CHOICES, default=SOURCE_CLINIC, db_index=True)
    source_id = models.CharField(max_length=50, blank=True, db_index=True, editable=False)
    source_url = models.URLField(blank=True, editable=False)
    #: On a translation: when the English page it was made from had last been published (set when the
    #: translation is created and each time it is saved); older than the English page's last_published_at means
    #: the English page changed since ("Translations out of date" report, the panel on the edit screen).
    source_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    #: Calls to action placed on a topic page pass its slug on to a page that accepts one (the contact page).
    passes_topic = True
    #: `?prescreen=1&a0=yes...` is the "Is this for me?" form sent without JavaScript. Listed so the page cache
    #: never answers it with the plain page; its response is private and no-store, so it is never stored (serve).
    page_cache_query_params = (PRESCREEN_PARAMETER,)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("also_called"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("groups", widget=forms.CheckboxSelectMultiple)], heading="Where it appears"
        ),
        FieldPanel("appointment_service"),
        FieldPanel("body"),
        TranslationStatusPanel(),
        ReadabilityPanel(),
        ContentChecksPanel(),
        InlinePanel(
            "treatment_links",
            label="Treatment or condition",
            heading="Linked treatments and conditions",
            help_text=(
                "On a condition: the clinic's treatments that may help. On a treatment: the conditions it is used for. "
                "Add each pairing once, on either page; both pages show it."
            ),
        ),
        InlinePanel("related_topic_links", label="Related topics", heading="Related topics"),
        InlinePanel(
            "codes",
            label="Code",
            heading="Clinical codes",
            help_text=(
                "The diagnosis codes this page explains (ICD-10-CM, e.g. M54.50; SNOMED CT optional), or on a "
                "medicine, its RxNorm id. Other systems find the page by these codes (/api/lookup) and search "
                "finds it when a code is typed."
            ),
        ),
        *ReviewDatesMixin.review_panels,
    ]

    # Later fields replace earlier ones of the same name, so title's boost is raised here.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=10),
        index.SearchField("also_called", boost=10),
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.AutocompleteField("also_called"),
        index.RelatedFields("groups", [index.SearchField("name")]),
        index.FilterField("source"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["topics.TopicIndexPage"]
    subpage_types = []
    og_type = "article"
    # The editor's form (base_form_class, topics.forms.TopicPageForm) is set in TopicsConfig.ready(), topics/apps.py:
    # a model never imports a form.

    class Meta:
        verbose_name = "health topic"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="unique_topic_source_id",
            )
        ]

    def permissions_for_user(self, user):
        return TopicPagePermissionTester(user, self)

    def english_source(self):
        """The English page this translation was made from (None on an English page or when there is none)."""
        if not self.translation_key or language_code_of(self.locale_id) == settings.LANGUAGE_CODE:
            return None
        english = locale_id_for(settings.LANGUAGE_CODE)
        same_topic = TopicPage.objects.filter(translation_key=self.translation_key, locale_id=english)
        return same_topic.defer_streamfields().first()

    def save_revision(self, *args, **kwargs):
        """Saving a translation records which publication of the English page it now follows."""
        source = self.english_source()
        if source is not None:
            self.source_published_at = source.last_published_at
        return super().save_revision(*args, **kwargs)

    @property
    def reviewer_name(self):
        """The credited reviewer: from the profile, else the text stamped before profiles existed."""
        return self.reviewed_by.credited_name if self.reviewed_by else self.medical_reviewer

    @cached_property
    def sections(self):
        """[(anchor id, heading)] for the body's blocks that have a heading: the "On this page" links.

        Ids come from the heading text ("section-what-may-help"), numbered when two headings read the same,
        so a link to a section keeps working while the block order changes.
        """
        result, seen = [], set()
        for position, block in enumerate(self.body):
            heading = section_heading(block)
            if not heading:
                continue
            base = f"section-{slugify(heading)[:60]}".rstrip("-")
            anchor, number = base, 2
            while anchor in seen:
                anchor, number = f"{base}-{number}", number + 1
            seen.add(anchor)
            result.append((position, anchor, heading))
        return result

    def body_sections(self):
        """[(block, anchor id or "")] in the editor's order, for the page template."""
        anchors = {position: anchor for position, anchor, _heading in self.sections}
        return [(block, anchors.get(position, "")) for position, block in enumerate(self.body)]

    def side_call_to_action(self):
        """The body's first live call to action with a link, for the desktop side column; None if there is none."""
        for position, block in enumerate(self.body, start=1):
            if block.block_type == "call_to_action" and block.value.cta and block.value.cta.live and block.value.href():
                return {"cta": block.value.cta, "href": block.value.tracked_href_for(self, position)}
        return None

    @property
    def also_called_names(self):
        return [name.strip() for name in self.also_called.splitlines() if name.strip()]

    def get_dependent_pages(self):
        """Topics whose fallback "related topics" list or linked treatments/conditions may show this one (used to
        purge the page cache)."""
        same_group = TopicPage.objects.live().filter(groups__in=self.groups.all()).exclude(pk=self.pk).distinct()
        keys = TreatmentLink.objects.filter(
            Q(page__translation_key=self.translation_key) | Q(linked_topic__translation_key=self.translation_key)
        ).values_list("page__translation_key", "linked_topic__translation_key")
        others = {key for pair in keys for key in pair} - {self.translation_key}
        linked = TopicPage.objects.live().filter(translation_key__in=others) if others else TopicPage.objects.none()
        return [*same_group, *linked]

    @cached_property
    def care_links(self):
        """The linked treatments (on a condition) or conditions (on a treatment), as [CareLink].

        The same TreatmentLink rows serve both sides: rows edited on this page come first in the editor's order,
        then rows edited on the other pages. Only rows of pages in this page's language count, and each linked
        topic is shown as its live, public version in this page's language (a Spanish copy may still point at the
        English page). Two queries however many links there are.
        """
        key, locale_id = self.translation_key, self.locale_id
        rows = (
            TreatmentLink.objects.filter(page__locale_id=locale_id)
            .filter(Q(page__translation_key=key) | Q(linked_topic__translation_key=key))
            .values_list("page__translation_key", "linked_topic__translation_key", "how_it_helps")
            .order_by("sort_order", "pk")
        )
        own, incoming = [], []
        for page_key, linked_key, how_it_helps in rows:
            if page_key == key:
                own.append((linked_key, how_it_helps))
            elif linked_key == key:
                incoming.append((page_key, how_it_helps))
        wanted = [(other, line) for other, line in own + incoming if other != key]
        if not wanted:
            return []
        wanted_kind = self.KIND_CONDITION if self.kind == self.KIND_TREATMENT else self.KIND_TREATMENT
        topics = {
            topic.translation_key: topic
            for topic in public(TopicPage.objects.live())
            .filter(locale_id=locale_id, kind=wanted_kind, translation_key__in={other for other, _line in wanted})
            .select_related("locale")
            .defer_streamfields()
        }
        result, seen = [], set()
        for other, line in wanted:
            if other in topics and other not in seen:
                seen.add(other)
                result.append(CareLink(topics[other], line))
        return result

    @cached_property
    def clinical_codes(self):
        """[(system, code)] in the editor's order: read once and shared between requests until a page is published
        (website/shared.py), so the page's structured data costs no query; a preview reads its unsaved rows."""
        if self.pk is None:
            return [(row.system, row.code) for row in self.codes.all()]
        return shared(f"topic-codes:{self.pk}", lambda: [(row.system, row.code) for row in self.codes.all()])

    @cached_property
    def group_list(self):
        """The page's topic groups in the editors' order, read once for the page and its related topics."""
        return list(self.groups.all())

    @cached_property
    def related_topics(self):
        """Editors' choices in their order, else up to six public live topics that share a group."""
        links = list(self.related_topic_links.select_related("related_page"))
        if links:
            readable = readable_ids(links, "related_page_id")
            chosen = [link.related_page for link in links if link.related_page_id in readable]
            if chosen:
                return chosen
        group_ids = [group.pk for group in self.group_list]
        if not group_ids:
            return []
        return list(
            public(TopicPage.objects.live())
            .filter(groups__in=group_ids)
            .exclude(pk=self.pk)
            .distinct()
            .defer_streamfields()
            .order_by("title")[:6]
        )

    def prescreen_result(self, request):
        """The result of the "Is this for me?" answers sent without JavaScript, or "" when none were sent."""
        if request is None or PRESCREEN_PARAMETER not in request.GET:
            return ""
        for block in self.body:
            if block.block_type == "pre_screen":
                return block.value.result_for(request.GET)
        return ""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if PRESCREEN_PARAMETER in request.GET:
            # The answers are health data: no cache anywhere keeps this response, and no later page learns them
            # from the Referer header.
            patch_cache_control(response, private=True, no_store=True, max_age=0)
            response["Referrer-Policy"] = "no-referrer"
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic_groups"] = self.group_list
        context["prescreen_result"] = self.prescreen_result(request)
        # A red flag: the page offers the care card, never a booking button beside it.
        red_flag = context["prescreen_result"] == ANSWER_RED_FLAG
        context["side_call_to_action"] = None if red_flag else self.side_call_to_action()
        if self.source == self.SOURCE_MEDLINEPLUS:
            cta = HealthLibrarySettings.call_to_action_for(request, self.locale_id)
            if cta is not None:
                context["library_call_to_action"] = cta
                context["library_call_to_action_href"] = cta.tracked_href_for(self)
                if context["side_call_to_action"] is None and not red_flag:
                    context["side_call_to_action"] = {"cta": cta, "href": context["library_call_to_action_href"]}
        context["structured_data"] = self.get_structured_data(request)
        return context

    def get_structured_data(self, request=None):
        """schema.org JSON-LD: a MedicalWebPage about a condition or therapy, plus an FAQPage if it has FAQs."""
        url = self.get_full_url(request)
        about = {
            "@type": "MedicalTherapy" if self.kind == self.KIND_TREATMENT else "MedicalCondition",
            "name": self.title,
        }
        if self.also_called_names:
            about["alternateName"] = self.also_called_names
        codes = [Code(system, code).as_medical_code() for system, code in self.clinical_codes]
        if codes:
            about["code"] = codes
        linked = [
            {
                "@type": "MedicalCondition" if self.kind == self.KIND_TREATMENT else "MedicalTherapy",
                "name": link.topic.title,
            }
            | ({"url": link.topic.get_full_url(request)} if request is not None else {})
            for link in self.care_links
        ]
        if linked and self.kind == self.KIND_TREATMENT:
            # A therapy has no property naming what it treats: the page is about the therapy and the conditions,
            # each condition naming this therapy as a possible treatment.
            therapy = {"@type": "MedicalTherapy", "name": self.title}
            about = [about, *({**condition, "possibleTreatment": therapy} for condition in linked)]
        elif linked:
            about["possibleTreatment"] = linked
        page = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "url": url,
            "description": self.summary,
            "inLanguage": language_code_of(self.locale_id),
            "about": about,
            "audience": {"@type": "PatientsAudience"},
        }
        if self.last_published_at:
            page["dateModified"] = timezone.localdate(self.last_published_at).isoformat()
        if self.last_reviewed:
            page["lastReviewed"] = self.last_reviewed.isoformat()
        if self.reviewer_name:
            page["reviewedBy"] = {"@type": "Person", "name": self.reviewer_name}
        if self.source == self.SOURCE_MEDLINEPLUS:
            page["isBasedOn"] = self.source_url
        graph = [page]
        questions = [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(item["answer"].source)},
            }
            for block in self.body
            if block.block_type == "faq"
            for item in block.value["questions"]
        ]
        if questions:
            graph.append({"@context": "https://schema.org", "@type": "FAQPage", "url": url, "mainEntity": questions})
        return graph


def section_heading(block):
    """The heading a body block shows patients, if it has one (a treatment is headed by its name)."""
    value = block.value
    if not hasattr(value, "get"):
        return ""
    return (value.get("heading") or value.get("treatment") or "").strip()


def readable_ids(links, field):
    """The ids among `links`' topics (`field`: the link's topic id) that are live and public, in one query.

    Works on in-memory links too (a page preview holds its inline links unsaved)."""
    ids = {getattr(link, field) for link in links}
    return set(public(TopicPage.objects.live()).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class CareLink:
    """A linked treatment or condition as a topic page shows it."""

    topic: "TopicPage"
    how_it_helps: str


class TreatmentLink(Orderable):
    """A treatment the clinic offers for a condition, with one line on how it helps for that condition.

    Edited once, on either page (`page` is the page it was edited on); the condition page lists the treatment under
    "Treatments that may help" and the treatment page lists the condition under "Conditions it is used for".
    """

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="treatment_links")
    linked_topic = models.ForeignKey(
        TopicPage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="On a condition, choose a treatment; on a treatment, choose a condition.",
    )
    how_it_helps = models.CharField(
        max_length=200, help_text="One plain line on how the treatment helps with this condition."
    )

    panels = [FieldPanel("linked_topic"), FieldPanel("how_it_helps")]

    class Meta(Orderable.Meta):
        verbose_name = "linked treatment or condition"


class RelatedTopic(Orderable):
    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="related_topic_links")
    related_page = models.ForeignKey(TopicPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = "related topic"


def purge_unlinked_pages(sender, instance, **kwargs):
    """A condition-treatment pairing was removed (published without it): the other page still lists it in the cache."""
    from pagecache.signals import purge_pages

    purge_pages(list(TopicPage.objects.live().filter(pk__in=[instance.page_id, instance.linked_topic_id])))


post_delete.connect(purge_unlinked_pages, sender=TreatmentLink, dispatch_uid="topics-treatment-link-deleted")


def translations_out_of_date():
    """Translated topics whose English page was published after the translation was last updated, oldest first.

    Reads each translation's own row (its live version once published), with the English page's date beside it.
    Both are compared to the second: a revision keeps times to the millisecond only, so a translation published
    from one would otherwise look older than the English publication it was made from.
    """
    english = TopicPage.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=settings.LANGUAGE_CODE
    )
    return (
        TopicPage.objects.exclude(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(english_published_at=Subquery(english.values("last_published_at")[:1]))
        .filter(english_published_at__isnull=False)
        .annotate(english_second=TruncSecond("english_published_at"), follows_second=TruncSecond("source_published_at"))
        .filter(Q(source_published_at__isnull=True) | Q(english_second__gt=F("follows_second")))
        .select_related("locale")
        .defer_streamfields()
        .order_by("source_published_at", "title")
    )


def stamp_new_translation(sender, source_obj, target_obj, **kwargs):
    """A fresh copy ("Translate" in the admin) follows the English page as it is now."""
    if isinstance(target_obj, TopicPage) and isinstance(source_obj, TopicPage):
        TopicPage.objects.filter(pk=target_obj.pk).update(source_published_at=source_obj.last_published_at)
        target_obj.source_published_at = source_obj.last_published_at


copy_for_translation_done.connect(stamp_new_translation, dispatch_uid="topics-stamp-new-translation")
