"""StreamField blocks that topic pages are built from.

Every block is a StructBlock with its own template, icon, label, description
and preview value, so the admin's block picker shows editors what each one
looks like before they add it.
"""

from django.utils.translation import gettext
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from cta.blocks import CallToActionBlock

CONDITION_GROUP = "About the condition"
TREATMENT_GROUP = "Treatment and care"
ACTION_GROUP = "Getting help"
GENERAL_GROUP = "General content"

PLAIN_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ConditionOverviewBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="What is it?")
    what_it_is = blocks.RichTextBlock(features=PLAIN_FEATURES, help_text="In plain words: what the condition is.")
    who_it_affects = blocks.RichTextBlock(
        features=PLAIN_FEATURES, required=False, help_text="Who tends to get it, and how common it is."
    )

    class Meta:
        icon = "doc-full"
        template = "topics/blocks/condition_overview_block.html"
        label = "Condition overview"
        group = CONDITION_GROUP
        description = "What the condition is and who it affects, in plain language."
        preview_value = {
            "heading": "What is sciatica?",
            "what_it_is": "<p>Sciatica is pain that runs along the sciatic nerve, from the low back down one leg.</p>",
            "who_it_affects": "<p>It is most common between the ages of 30 and 60.</p>",
        }


class SymptomsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Symptoms")
    introduction = blocks.TextBlock(required=False, help_text="One or two sentences before the list.")
    symptoms = blocks.ListBlock(blocks.CharBlock(max_length=200, label="Symptom"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "topics/blocks/symptoms_block.html"
        label = "Symptoms"
        group = CONDITION_GROUP
        description = "A short list of the signs patients notice."
        preview_value = {
            "heading": "Common symptoms",
            "introduction": "People describe it in different ways. You may notice:",
            "symptoms": ["Burning or shooting pain", "Numbness or tingling", "Pain that is worse when sitting"],
        }


class TreatmentExplanationBlock(blocks.StructBlock):
    treatment = blocks.CharBlock(max_length=120, help_text="The name patients know the treatment by.")
    how_it_works = blocks.RichTextBlock(features=PLAIN_FEATURES)
    what_a_visit_is_like = blocks.RichTextBlock(features=PLAIN_FEATURES, required=False)
    risks_and_side_effects = blocks.RichTextBlock(features=PLAIN_FEATURES)
    how_long_relief_lasts = blocks.RichTextBlock(features=PLAIN_FEATURES, required=False)

    class Meta:
        icon = "pick"
        template = "topics/blocks/treatment_explanation_block.html"
        label = "Treatment explanation"
        group = TREATMENT_GROUP
        description = "How a treatment works, what a visit is like, its risks and how long relief lasts."
        preview_value = {
            "treatment": "Low-dose ketamine infusion",
            "how_it_works": "<p>A small dose of ketamine calms the nerve signals that keep pain switched on.</p>",
            "what_a_visit_is_like": "<p>You rest in a reclining chair for about an hour with a nurse nearby.</p>",
            "risks_and_side_effects": "<p>Some people feel light-headed or dreamy during the infusion.</p>",
            "how_long_relief_lasts": "<p>Relief often lasts weeks, and sometimes months.</p>",
        }


class UrgentHelpBlock(blocks.StructBlock):
    LEVELS = [
        ("urgent", "Urgent: call your doctor or go to urgent care"),
        ("emergency", "Emergency: call 911 or go to the emergency room"),
    ]

    level = blocks.ChoiceBlock(choices=LEVELS, default="emergency")
    heading = blocks.CharBlock(max_length=120, default="Get help right away if")
    warning_signs = blocks.ListBlock(blocks.CharBlock(max_length=200, label="Warning sign"), min_num=1)
    show_crisis_line = blocks.BooleanBlock(
        required=False, default=True, help_text="Show the 988 Suicide & Crisis Lifeline."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Screen readers hear "Emergency advice:" before the heading, unless the heading already says it.
        if value["level"] == "emergency":
            word, prefix = gettext("Emergency"), gettext("Emergency advice:")
        else:
            word, prefix = gettext("Urgent"), gettext("Urgent advice:")
        context["heading_prefix"] = "" if word.lower() in value["heading"].lower() else f"{prefix} "
        return context

    class Meta:
        icon = "warning"
        template = "topics/blocks/urgent_help_block.html"
        label = "Urgent help"
        group = ACTION_GROUP
        description = "When to call 911, the 988 lifeline or go to the emergency room."
        preview_value = {
            "level": "emergency",
            "heading": "Call 911 or go to the emergency room if",
            "warning_signs": [
                "You lose control of your bladder or bowels",
                "Your leg suddenly becomes weak or numb",
            ],
            "show_crisis_line": True,
        }


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=PLAIN_FEATURES)

    class Meta:
        icon = "help"
        label = "Question and answer"


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Common questions")
    questions = blocks.ListBlock(QuestionAnswerBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "topics/blocks/faq_block.html"
        label = "Questions and answers"
        group = GENERAL_GROUP
        description = "Questions patients often ask, each with a short answer."
        preview_value = {
            "heading": "Common questions",
            "questions": [
                {"question": "Will I need a referral?", "answer": "<p>No. You can contact us directly.</p>"},
                {"question": "Can I drive home?", "answer": "<p>No. Please bring someone to drive you.</p>"},
            ],
        }


class TextSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["h3", "bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "pilcrow"
        template = "topics/blocks/text_section_block.html"
        label = "Text section"
        group = GENERAL_GROUP
        description = "A heading and paragraphs of text, for anything the other blocks do not cover."
        preview_value = {
            "heading": "Living with chronic pain",
            "text": "<p>Pacing your activity, gentle movement and good sleep all help.</p>",
        }


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text="Describe the image for people who cannot see it. Required.")
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "topics/blocks/image_with_caption_block.html"
        label = "Image"
        group = GENERAL_GROUP
        description = "A picture with a short caption and a text description for screen readers."

    def get_preview_value(self):
        image = get_image_model().objects.order_by("pk").first()
        return self.to_python(
            {"image": image.pk if image else None, "alt_text": "A calm treatment room", "caption": "Our infusion suite"}
        )


class PatientQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(
        max_length=120, required=False, help_text="First name or initials only, with the patient's consent."
    )

    class Meta:
        icon = "openquote"
        template = "topics/blocks/patient_quote_block.html"
        label = "Patient quote"
        group = GENERAL_GROUP
        description = "A patient's own words about their experience, shared with consent."
        preview_value = {
            "quote": "For the first time in years I could sleep through the night.",
            "attribution": "Maria, treated for CRPS",
        }


class TopicBodyBlock(blocks.StreamBlock):
    condition_overview = ConditionOverviewBlock()
    symptoms = SymptomsBlock()
    treatment_explanation = TreatmentExplanationBlock()
    call_to_action = CallToActionBlock()
    urgent_help = UrgentHelpBlock()
    faq = FAQBlock()
    text = TextSectionBlock()
    image = ImageWithCaptionBlock()
    patient_quote = PatientQuoteBlock()
