"""The call-to-action block: places a CallToAction snippet in a page's body (topics.blocks.TopicBodyBlock)."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .models import CallToAction


class CallToActionValue(blocks.StructValue):
    """Resolves the chosen snippet's link so templates only print it."""

    @property
    def cta(self):
        return self.get("call_to_action")

    def href(self):
        return self.cta.href if self.cta else ""

    def tracked_href_for(self, page, position=None, variant=None):
        """The counted link (see CallToAction.tracked_href_for) that redirects to href_for(page)."""
        return self.cta.tracked_href_for(page, position, variant) if self.cta else ""


class CallToActionBlock(blocks.StructBlock):
    """Places a reusable CallToAction snippet; editing the snippet updates every page."""

    call_to_action = SnippetChooserBlock("cta.CallToAction")

    class Meta:
        icon = "link"
        template = "cta/blocks/call_to_action_block.html"
        label = "Call to action"
        group = "Getting help"
        description = "A reusable invitation to contact the clinic, managed once under Snippets."
        value_class = CallToActionValue

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # The page template passes the block's place in the body (`block_position`, 1 for the first block).
        parent_context = parent_context or {}
        # A page under an experiment (experiments/) marks the request with the order this view shows.
        variant = getattr(parent_context.get("request"), "experiment_variant", None)
        context["cta_href"] = value.tracked_href_for(
            parent_context.get("page"), parent_context.get("block_position"), variant
        )
        return context

    def get_preview_value(self):
        cta = CallToAction.objects.order_by("pk").first() or CallToAction(
            heading="Ready to talk about your pain?",
            text="Our team can help you work out whether a treatment is right for you.",
            button_label="Request an appointment",
            link_url="https://example.org/contact/",
        )
        return CallToActionValue(self, [("call_to_action", cta)])
