"""Calls to action: the reusable snippet editors place on pages, and its anonymous daily click counts."""

from urllib.parse import urlencode

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, TranslatableMixin
from wagtail.snippets.models import register_snippet

from website.counters import add_to_daily_count


@register_snippet
class CallToAction(TranslatableMixin, PreviewableMixin, DraftStateMixin, RevisionMixin, models.Model):
    """A reusable invitation (heading, text, button) that links to a page or a URL.

    Drafts, revisions and previews come from Wagtail's mixins; patients only ever see live calls to action.
    """

    name = models.CharField(
        max_length=100, help_text="For editors only, e.g. 'Book a consultation'; unique within a language."
    )
    heading = models.CharField(max_length=120)
    text = models.TextField(max_length=400, blank=True)
    button_label = models.CharField(max_length=40)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_url = models.URLField(blank=True, help_text="Use either a page or a URL, not both.")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="calltoaction")

    panels = [
        FieldPanel("name"),
        FieldPanel("heading"),
        FieldPanel("text"),
        FieldPanel("button_label"),
        MultiFieldPanel([FieldPanel("link_page"), FieldPanel("link_url")], heading="Link to"),
    ]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("name", "locale")]
        # The table from before calls to action had their own app (migration cta 0001).
        db_table = "topics_calltoaction"
        ordering = ["name"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.link_page_id and self.link_url:
            raise ValidationError({"link_url": "Choose a page or enter a URL, not both."})
        if not self.link_page_id and not self.link_url:
            raise ValidationError({"link_page": "Choose a page or enter a URL for the button."})

    @property
    def href(self):
        if self.link_page_id and self.link_page:
            return self.link_page.url or ""
        return self.link_url

    def href_for(self, page=None):
        """The link as placed on `page`: a link to a page that `accepts_topic` (the contact page) from a page
        that `passes_topic` (a topic page) carries that page's slug as `?topic=<slug>`."""
        href = self.href
        target = self.link_page.specific_class if self.link_page_id and self.link_page else None
        if href and getattr(page, "passes_topic", False) and getattr(target, "accepts_topic", False):
            return f"{href}?{urlencode({'topic': page.slug})}"
        return href

    @property
    def revisions(self):
        return self._revisions

    def tracked_href_for(self, page=None, position=None, variant=None):
        """The button's link: the click counter (cta.views.cta_click), which redirects to href_for(page).

        It names the page the button is on (`from`, its id) and the block's place in that page's body (`pos`, 1 for
        the first block), so the page performance report can count clicks per page and per position; on a page
        under an experiment, also which order the view showed (`variant`, "a" or "b", experiments/).
        """
        href = self.href_for(page)
        if not href or not self.pk or not self.live:
            return href
        parameters = {}
        if href != self.href:
            parameters["topic"] = page.slug
        if getattr(page, "pk", None):
            parameters["from"] = page.pk
        if position:
            parameters["pos"] = position
        if variant:
            parameters["variant"] = variant
        url = reverse("cta_click", args=[self.pk])
        return f"{url}?{urlencode(parameters)}" if parameters else url

    @property
    def tracked_href(self):
        return self.tracked_href_for(None)

    def get_preview_template(self, request, mode_name):
        return "cta/call_to_action_preview.html"


class CallToActionClick(models.Model):
    """Clicks on one call to action on one day, from one page at one block position (when the link said so).

    No cookies, no addresses, nothing about the visitor. `page` is the page the button was on (deleted with it);
    `position` its block's place in that page's body, 1 for the first block, 0 where unknown (a button outside the
    body, an old link).
    """

    call_to_action = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="clicks")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="call_to_action_clicks"
    )
    position = models.PositiveSmallIntegerField(default=0)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "editorial_calltoactionclick"
        constraints = [
            models.UniqueConstraint(
                fields=["call_to_action", "day", "page", "position"],
                name="unique_cta_click_day_page_position",
                nulls_distinct=False,
            )
        ]
        verbose_name = "call to action click count"

    def __str__(self):
        return f"{self.call_to_action_id} on {self.day} from page {self.page_id} at {self.position}: {self.count}"

    @classmethod
    def increment(cls, cta, day=None, page_id=None, position=0):
        """Add one click to the day's row (today by default) for that page and position."""
        add_to_daily_count(cls, call_to_action=cta, day=day or timezone.localdate(), page_id=page_id, position=position)
