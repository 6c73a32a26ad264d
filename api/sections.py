"""A page's body blocks as typed JSON sections: one schema per block type (`type` tells them apart).

Rich text is given as HTML with links to pages expanded to their addresses (as the page shows it); a call to action
gives its text and link, a comparison its rows, a pre-screen its questions and what each answer means, referral
criteria their three lists. Every block of `topics.blocks.TopicBodyBlock` has a schema here; tests/test_api.py
checks that none is left out.
"""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field
from wagtail.rich_text import RichText

from topics.blocks import COMPARISON_ROWS

Html = Annotated[str, Field(description="HTML: paragraphs, lists, bold, italic and links (absolute or site-relative).")]


class ConditionOverview(Schema):
    type: Literal["condition_overview"]
    anchor: str
    heading: str
    what_it_is: Html
    who_it_affects: Html


class Symptoms(Schema):
    type: Literal["symptoms"]
    anchor: str
    heading: str
    introduction: str
    symptoms: list[str]


class TreatmentExplanation(Schema):
    type: Literal["treatment_explanation"]
    anchor: str
    treatment: str
    how_it_works: Html
    what_a_visit_is_like: Html
    risks_and_side_effects: Html
    how_long_relief_lasts: Html


class ComparedTreatment(Schema):
    treatment: str
    url: str | None = Field(description="The treatment's page, when the clinic has one.")
    how_it_works: str
    what_a_session_is_like: str
    number_of_sessions: str
    when_relief_starts: str
    how_long_relief_lasts: str
    common_side_effects: str
    insurance: str


class ComparisonRow(Schema):
    heading: str
    cells: list[str] = Field(description="One cell per treatment, in the treatments' order.")


class TreatmentComparison(Schema):
    type: Literal["treatment_comparison"]
    anchor: str
    heading: str
    introduction: str
    treatments: list[ComparedTreatment]
    rows: list[ComparisonRow]


class CallToAction(Schema):
    type: Literal["call_to_action"]
    anchor: str
    heading: str
    text: str
    button_label: str
    url: str


class CareCard(Schema):
    type: Literal["urgent_help"]
    anchor: str
    level: Literal["non_urgent", "urgent", "emergency"] = Field(
        description="NHS-style care level: non_urgent (see your doctor), urgent (today), emergency (call 911)."
    )
    heading: str
    warning_signs: list[str]
    show_crisis_line: bool = Field(description="Whether the page shows the 988 Suicide & Crisis Lifeline.")


class PreScreenQuestion(Schema):
    question: str
    if_yes: Literal["fine", "talk", "red_flag"]
    if_no: Literal["fine", "talk", "red_flag"]


class PreScreen(Schema):
    type: Literal["pre_screen"]
    anchor: str
    heading: str
    introduction: str
    questions: list[PreScreenQuestion]
    red_flag_level: Literal["urgent", "emergency"]
    red_flag_heading: str
    red_flag_text: str
    talk_to_us_text: str
    fine_text: str


class ReferralCriteria(Schema):
    type: Literal["referral_criteria"]
    anchor: str
    heading: str
    who_to_refer: list[str] = Field(description="Which patients to refer, one criterion an item.")
    what_to_send: list[str] = Field(description="What a referral should include.")
    not_treated: list[str] = Field(description="What the clinic does not treat: when to send the patient elsewhere.")
    note: str


class QuestionAnswer(Schema):
    question: str
    answer: Html


class Faq(Schema):
    type: Literal["faq"]
    anchor: str
    heading: str
    questions: list[QuestionAnswer]


class TextSection(Schema):
    type: Literal["text"]
    anchor: str
    heading: str
    text: Html


class Image(Schema):
    type: Literal["image"]
    anchor: str
    url: str | None
    width: int | None
    height: int | None
    alt_text: str
    caption: str


class PatientQuote(Schema):
    type: Literal["patient_quote"]
    anchor: str
    quote: str
    attribution: str


Section = Annotated[
    ConditionOverview
    | Symptoms
    | TreatmentExplanation
    | TreatmentComparison
    | CallToAction
    | CareCard
    | PreScreen
    | ReferralCriteria
    | Faq
    | TextSection
    | Image
    | PatientQuote,
    Field(discriminator="type"),
]

SECTION_TYPES = {
    "condition_overview",
    "symptoms",
    "treatment_explanation",
    "treatment_comparison",
    "call_to_action",
    "urgent_help",
    "pre_screen",
    "referral_criteria",
    "faq",
    "text",
    "image",
    "patient_quote",
}


def html(value):
    """Rich text as HTML with its page and document links expanded; "" for none."""
    if not value:
        return ""
    return str(RichText(value.source)) if hasattr(value, "source") else str(value)


def topic_url(page, request):
    if page is None:
        return None
    page = page.localized
    return page.get_full_url(request) if page.live else None


def section(block, anchor, request):
    """One body block as its section's dict, or None for a block with nothing to show (a deleted snippet)."""
    kind, value = block.block_type, block.value
    data = {"type": kind, "anchor": anchor}
    if kind == "condition_overview":
        fields = {"what_it_is": html(value["what_it_is"]), "who_it_affects": html(value["who_it_affects"])}
        return data | {"heading": value["heading"]} | fields
    if kind == "symptoms":
        return (
            data
            | {"heading": value["heading"], "introduction": value["introduction"] or ""}
            | {"symptoms": list(value["symptoms"])}
        )
    if kind == "treatment_explanation":
        names = ("how_it_works", "what_a_visit_is_like", "risks_and_side_effects", "how_long_relief_lasts")
        return data | {"treatment": value["treatment"]} | {name: html(value[name]) for name in names}
    if kind == "treatment_comparison":
        treatments = [
            {"treatment": item["treatment"], "url": topic_url(item.get("topic"), request)}
            | {name: item[name] for name, _label in COMPARISON_ROWS}
            for item in value["treatments"]
        ]
        rows = [{"heading": str(label), "cells": [t[name] for t in treatments]} for name, label in COMPARISON_ROWS]
        heading = {"heading": value["heading"], "introduction": value["introduction"] or ""}
        return data | heading | {"treatments": treatments, "rows": rows}
    if kind == "call_to_action":
        cta = value.get("call_to_action")
        if cta is None or not cta.live:
            return None
        href = cta.href
        if href and href.startswith("/") and request is not None:
            href = request.build_absolute_uri(href)
        fields = {"heading": cta.heading, "text": cta.text, "button_label": cta.button_label, "url": href or ""}
        return data | fields
    if kind == "urgent_help":
        fields = {"level": value["level"], "heading": value["heading"], "warning_signs": list(value["warning_signs"])}
        return data | fields | {"show_crisis_line": bool(value["show_crisis_line"])}
    if kind == "pre_screen":
        questions = [
            {"question": q["question"], "if_yes": q["if_yes"], "if_no": q["if_no"]} for q in value["questions"]
        ]
        names = ("red_flag_level", "red_flag_heading", "red_flag_text", "talk_to_us_text", "fine_text")
        intro = {"heading": value["heading"], "introduction": value["introduction"] or ""}
        return data | intro | {"questions": questions} | {name: value[name] for name in names}
    if kind == "referral_criteria":
        lists = {name: list(value[name]) for name in ("who_to_refer", "what_to_send", "not_treated")}
        return data | {"heading": value["heading"]} | lists | {"note": value["note"] or ""}
    if kind == "faq":
        questions = [{"question": q["question"], "answer": html(q["answer"])} for q in value["questions"]]
        return data | {"heading": value["heading"], "questions": questions}
    if kind == "text":
        return data | {"heading": value["heading"] or "", "text": html(value["text"])}
    if kind == "image":
        image = value["image"]
        file_fields = (
            {"url": request.build_absolute_uri(image.file.url) if request else image.file.url}
            | {"width": image.width, "height": image.height}
            if image is not None
            else {"url": None, "width": None, "height": None}
        )
        return data | file_fields | {"alt_text": value["alt_text"], "caption": value["caption"] or ""}
    if kind == "patient_quote":
        return data | {"quote": value["quote"], "attribution": value["attribution"] or ""}
    return None


def sections(page, request):
    """The page's body as sections in the editor's order (anchors as the page's "On this page" links use)."""
    anchors = {position: anchor for position, anchor, _heading in getattr(page, "sections", [])}
    found = []
    for position, block in enumerate(page.body):
        data = section(block, anchors.get(position, ""), request)
        if data is not None:
            found.append(data)
    return found
