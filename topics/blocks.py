"""StreamField blocks that topic pages are built from.

Every block is a StructBlock with its own template, icon, label, description
and preview value, so the admin's block picker shows editors what each one
looks like before they add it.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cta.blocks import CallToActionBlock
from cta.models import CallToAction
from website.models import ClinicDetails

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


def clinic_details(parent_context):
    """The Clinic details setting of the page being shown; its defaults when there is no request (a bare render)."""
    request = (parent_context or {}).get("request")
    return ClinicDetails.for_request(request) if request is not None else ClinicDetails()


#: The three NHS care-card levels. "emergency" is the immediate level (its stored name predates the other two).
CARE_LEVELS = [
    ("non_urgent", "Non-urgent: see your doctor"),
    ("urgent", "Urgent: call the clinic or go to urgent care today"),
    ("emergency", "Immediate: call 911 or go to the emergency room"),
]


def care_card_prefix(level, heading):
    """What screen readers hear before a care card's heading, unless the heading already says it."""
    words = {
        "non_urgent": (gettext("Non-urgent"), gettext("Non-urgent advice: ")),
        "urgent": (gettext("Urgent"), gettext("Urgent advice: ")),
        "emergency": (gettext("Emergency"), gettext("Emergency advice: ")),
    }
    word, prefix = words.get(level, words["emergency"])
    return "" if word.lower() in heading.lower() else prefix


class UrgentHelpBlock(blocks.StructBlock):
    """A care card at one of the three NHS levels; the phone numbers come from Clinic details, not from here."""

    LEVELS = CARE_LEVELS

    level = blocks.ChoiceBlock(choices=LEVELS, default="emergency")
    heading = blocks.CharBlock(max_length=120, default="Get help right away if")
    warning_signs = blocks.ListBlock(blocks.CharBlock(max_length=200, label="Warning sign"), min_num=1)
    show_crisis_line = blocks.BooleanBlock(
        required=False, default=True, help_text="Show the 988 Suicide & Crisis Lifeline."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["heading_prefix"] = care_card_prefix(value["level"], value["heading"])
        context["clinic"] = clinic_details(parent_context)
        return context

    class Meta:
        icon = "warning"
        template = "topics/blocks/urgent_help_block.html"
        label = "Urgent help (care card)"
        group = ACTION_GROUP
        description = (
            "A care card: non-urgent (see your doctor), urgent (call us or urgent care today) or immediate "
            "(call 911). The clinic's phone and the 988 line come from Clinic details."
        )
        preview_value = {
            "level": "emergency",
            "heading": "Call 911 or go to the emergency room if",
            "warning_signs": [
                "You lose control of your bladder or bowels",
                "Your leg suddenly becomes weak or numb",
            ],
            "show_crisis_line": True,
        }


#: The rows every treatment comparison has, in this order: (field name, row heading patients read).
COMPARISON_ROWS = [
    ("how_it_works", _("How it works")),
    ("what_a_session_is_like", _("What a session is like")),
    ("number_of_sessions", _("Number of sessions")),
    ("when_relief_starts", _("When relief usually starts")),
    ("how_long_relief_lasts", _("How long relief usually lasts")),
    ("common_side_effects", _("Common side effects")),
    ("insurance", _("Does insurance usually cover it?")),
]


class ComparedTreatmentBlock(blocks.StructBlock):
    """One treatment's column in a comparison: a cell for every fixed row."""

    treatment = blocks.CharBlock(max_length=80, help_text="The name patients know it by.")
    topic = blocks.PageChooserBlock(
        page_type="topics.TopicPage", required=False, help_text="Optional: the treatment's own page, linked by name."
    )
    how_it_works = blocks.TextBlock(max_length=300)
    what_a_session_is_like = blocks.TextBlock(max_length=300)
    number_of_sessions = blocks.CharBlock(max_length=150)
    when_relief_starts = blocks.CharBlock(max_length=150)
    how_long_relief_lasts = blocks.CharBlock(max_length=150)
    common_side_effects = blocks.TextBlock(max_length=300)
    insurance = blocks.CharBlock(max_length=150, help_text="Whether insurance usually covers it.")

    class Meta:
        icon = "pick"
        label = "Treatment"


class TreatmentComparisonValue(blocks.StructValue):
    """The comparison as rows and columns, so the template only prints it."""

    def columns(self):
        """[(treatment name, link to its page or "")] in the editor's order."""
        columns = []
        for treatment in self["treatments"]:
            topic = treatment.get("topic")
            if topic is not None:
                topic = topic.localized
            url = topic.url if topic is not None and topic.live else ""
            columns.append((treatment["treatment"], url or ""))
        return columns

    def rows(self):
        """[(row heading, [cell for each treatment])]."""
        return [(label, [t[name] for t in self["treatments"]]) for name, label in COMPARISON_ROWS]

    def cards(self):
        """[(treatment name, link, [(row heading, cell)])]: the same cells, one card per treatment."""
        labels = [label for _name, label in COMPARISON_ROWS]
        return [
            (name, url, list(zip(labels, [t[field] for field, _label in COMPARISON_ROWS], strict=True)))
            for (name, url), t in zip(self.columns(), self["treatments"], strict=True)
        ]


class TreatmentComparisonBlock(blocks.StructBlock):
    MIN_TREATMENTS, MAX_TREATMENTS = 2, 4

    heading = blocks.CharBlock(max_length=120, default="Comparing treatments")
    introduction = blocks.TextBlock(required=False, max_length=400, help_text="One or two sentences before the table.")
    treatments = blocks.ListBlock(ComparedTreatmentBlock(), min_num=2, max_num=4)

    def clean(self, value):
        # Checked before the fields, so the editor reads this rather than the list's generic limit message.
        if not self.MIN_TREATMENTS <= len(value["treatments"]) <= self.MAX_TREATMENTS:
            raise StructBlockValidationError(
                non_block_errors=ErrorList([ValidationError("Compare two to four treatments.")])
            )
        value = super().clean(value)
        names = [t["treatment"].strip().lower() for t in value["treatments"]]
        if len(set(names)) != len(names):
            raise StructBlockValidationError(
                non_block_errors=ErrorList([ValidationError("Each treatment in a comparison needs its own name.")])
            )
        return value

    class Meta:
        icon = "table"
        template = "topics/blocks/treatment_comparison_block.html"
        label = "Treatment comparison"
        group = TREATMENT_GROUP
        description = (
            "Two to four treatments side by side on the same rows: how it works, a session, number of sessions, "
            "when relief starts and how long it lasts, side effects and insurance."
        )
        value_class = TreatmentComparisonValue
        preview_value = {
            "heading": "Comparing treatments for sciatica",
            "introduction": "Your doctor will help you choose. This is how the options usually compare.",
            "treatments": [
                {
                    "treatment": "Nerve block",
                    "how_it_works": "Medicine near the nerve quiets the pain signals.",
                    "what_a_session_is_like": "A short visit; you lie still while we inject.",
                    "number_of_sessions": "One, sometimes repeated",
                    "when_relief_starts": "Within a day or two",
                    "how_long_relief_lasts": "Weeks to months",
                    "common_side_effects": "Soreness where the needle went in",
                    "insurance": "Usually covered",
                },
                {
                    "treatment": "Physical therapy",
                    "how_it_works": "Exercises make the back stronger and more flexible.",
                    "what_a_session_is_like": "About an hour of guided exercise.",
                    "number_of_sessions": "Six to twelve",
                    "when_relief_starts": "After a few weeks",
                    "how_long_relief_lasts": "Long-lasting if you keep exercising",
                    "common_side_effects": "Muscle aches at first",
                    "insurance": "Usually covered",
                },
            ],
        }


#: What an answer means: fine, talk to us before booking, or a red flag (get help now instead of booking).
ANSWER_FINE, ANSWER_TALK, ANSWER_RED_FLAG = "fine", "talk", "red_flag"
ANSWER_MEANINGS = [
    (ANSWER_FINE, "Fine"),
    (ANSWER_TALK, "Talk to us first"),
    (ANSWER_RED_FLAG, "Red flag: get help now instead of booking"),
]
#: The query parameter a pre-screen sent without JavaScript carries; pages read it (and only then) to show a result.
PRESCREEN_PARAMETER = "prescreen"


class PreScreenQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="A yes/no question in plain words.")
    if_yes = blocks.ChoiceBlock(choices=ANSWER_MEANINGS, default=ANSWER_FINE, label="If the answer is yes")
    if_no = blocks.ChoiceBlock(choices=ANSWER_MEANINGS, default=ANSWER_FINE, label="If the answer is no")

    class Meta:
        icon = "help"
        label = "Question"


class PreScreenValue(blocks.StructValue):
    """Works out the result of a set of answers; the browser script does the same from `data-` attributes."""

    def result_for(self, answers):
        """The most serious meaning among the answers: 'red_flag' (even with questions unanswered), then
        'incomplete' (a question unanswered), 'talk', 'fine'.

        `answers`: a mapping of "a<number>" to "yes" or "no" (the GET form's fields); anything else is unanswered."""
        meanings = []
        for number, question in enumerate(self["questions"]):
            answer = answers.get(f"a{number}")
            meanings.append({"yes": question["if_yes"], "no": question["if_no"]}.get(answer, "incomplete"))
        for meaning in (ANSWER_RED_FLAG, "incomplete", ANSWER_TALK):
            if meaning in meanings:
                return meaning
        return ANSWER_FINE


class PreScreenBlock(blocks.StructBlock):
    """'Is this for me?': yes/no questions answered on the page, steering a red flag to a care card."""

    heading = blocks.CharBlock(max_length=120, default="Is this for me?")
    introduction = blocks.TextBlock(
        required=False, max_length=400, help_text="Optional: one or two sentences before the questions."
    )
    questions = blocks.ListBlock(PreScreenQuestionBlock(), min_num=1, max_num=8)
    red_flag_level = blocks.ChoiceBlock(
        choices=[("emergency", "Immediate: call 911"), ("urgent", "Urgent: call us or urgent care today")],
        default="urgent",
        help_text="The care card a red-flag answer shows instead of the booking button.",
    )
    red_flag_heading = blocks.CharBlock(max_length=120, default="Please get help before booking")
    red_flag_text = blocks.CharBlock(
        max_length=250, default="One of your answers means this treatment is not the right next step today."
    )
    talk_to_us_text = blocks.CharBlock(
        max_length=250,
        default="Some of your answers mean we should talk before you book. Send us a request and we will call you.",
    )
    fine_text = blocks.CharBlock(max_length=250, default="Nothing in your answers stops you asking for an appointment.")
    call_to_action = SnippetChooserBlock("cta.CallToAction", help_text="The booking button (carries the topic).")

    def clean(self, value):
        value = super().clean(value)
        errors = [
            number + 1 for number, question in enumerate(value["questions"]) if question["if_yes"] == question["if_no"]
        ]
        if errors:
            listed = ", ".join(str(number) for number in errors)
            raise StructBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError(f"Question {listed}: a yes and a no must mean different things.")]
                )
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        page = parent_context.get("page")
        cta = value.get("call_to_action")
        context["clinic"] = clinic_details(parent_context)
        position = parent_context.get("block_position")
        context["cta_href"] = cta.tracked_href_for(page, position) if cta is not None and cta.live else ""
        context["result"] = result = parent_context.get("prescreen_result", "")
        request = parent_context.get("request")
        # Without JavaScript the answers come back in the query string: ticked again on this (uncached) response.
        sent = request.GET if result and request is not None else {}
        context["questions"] = [(q, sent.get(f"a{number}")) for number, q in enumerate(value["questions"])]
        context["outcomes"] = [(ANSWER_TALK, value["talk_to_us_text"]), (ANSWER_FINE, value["fine_text"])]
        context["red_flag_prefix"] = care_card_prefix(value["red_flag_level"], value["red_flag_heading"])
        return context

    def get_preview_value(self):
        return self.to_python(
            {
                "heading": "Is this for me?",
                "introduction": "Three quick questions to help you choose a next step.",
                "questions": [
                    {
                        "question": "Have you had this pain for more than three months?",
                        "if_yes": "fine",
                        "if_no": "talk",
                    },
                    {"question": "Are you pregnant?", "if_yes": "talk", "if_no": "fine"},
                    {"question": "Do you have chest pain right now?", "if_yes": "red_flag", "if_no": "fine"},
                ],
                "red_flag_level": "emergency",
                "call_to_action": (CallToAction.objects.order_by("pk").values_list("pk", flat=True).first()),
            }
        )

    class Meta:
        icon = "tick-inverse"
        template = "topics/blocks/pre_screen_block.html"
        label = "Is this for me? (pre-screen)"
        group = ACTION_GROUP
        description = (
            "Yes/no questions for a treatment page. A red-flag answer shows a care card instead of the booking "
            "button; answers stay in the patient's browser."
        )
        value_class = PreScreenValue


#: The lists of a referral-criteria block, in order: (field name, heading clinicians read).
REFERRAL_LISTS = [
    ("who_to_refer", _("Who to refer")),
    ("what_to_send", _("What to send with the referral")),
    ("not_treated", _("What we do not treat: refer elsewhere")),
]


class ReferralCriteriaValue(blocks.StructValue):
    """The criteria's lists in the order a referring clinician reads them, for the page and the referral form."""

    def lists(self):
        """[(heading, [items])] of the lists that have items: who to refer, what to send, what we do not treat."""
        return [(label, list(self[name])) for name, label in REFERRAL_LISTS if self[name]]


class ReferralCriteriaBlock(blocks.StructBlock):
    """For referring clinicians: who to refer, what to send, and what the clinic does not treat (send elsewhere).

    Clinical content like the rest of the page: it goes live through the Clinical review. The clinic's Referrals
    page and its referral form (PDF) list every live condition page's criteria."""

    heading = blocks.CharBlock(max_length=120, default="For referring clinicians")
    who_to_refer = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label="Criterion"),
        label="Who to refer",
        help_text="One criterion a line, e.g. CRPS meeting the Budapest criteria, pain for more than 3 months.",
    )
    what_to_send = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label="Item"),
        label="What to send",
        help_text="What the referral should include, e.g. treatments already tried, imaging, the medication list.",
    )
    not_treated = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label="Item"),
        label="What we do not treat (send elsewhere)",
        help_text="When to send the patient elsewhere instead, e.g. an acute emergency: the emergency department.",
    )
    note = blocks.TextBlock(
        required=False, max_length=400, help_text="Optional: one or two sentences for the referring clinician."
    )

    def clean(self, value):
        lists = [name for name, _label in REFERRAL_LISTS]
        if not any(value.get(name) for name in lists):
            raise StructBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError("Add who to refer, what to send and what the clinic does not treat.")]
                )
            )
        if not value.get("who_to_refer"):
            raise StructBlockValidationError(
                block_errors={"who_to_refer": ValidationError("Say who to refer: at least one criterion.")}
            )
        return super().clean(value)

    class Meta:
        icon = "user"
        template = "topics/blocks/referral_criteria_block.html"
        label = "Referral criteria (for clinicians)"
        group = ACTION_GROUP
        description = (
            "For referring clinicians: who to refer, what to send and what the clinic does not treat. The Referrals "
            "page and its referral form (PDF) list it too."
        )
        value_class = ReferralCriteriaValue
        preview_value = {
            "heading": "For referring clinicians",
            "who_to_refer": [
                "CRPS meeting the Budapest criteria",
                "Pain for more than 3 months despite first-line treatment",
            ],
            "what_to_send": ["Treatments already tried and how they went", "Recent imaging reports", "Medication list"],
            "not_treated": ["Acute emergencies: send to the emergency department"],
            "note": "We reply to the referring clinician within two business days.",
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
    treatment_comparison = TreatmentComparisonBlock()
    call_to_action = CallToActionBlock()
    urgent_help = UrgentHelpBlock()
    pre_screen = PreScreenBlock()
    referral_criteria = ReferralCriteriaBlock()
    faq = FAQBlock()
    text = TextSectionBlock()
    image = ImageWithCaptionBlock()
    patient_quote = PatientQuoteBlock()
