"""The content-check rules (contentchecks.checks), each on made-up pages: it fires, and it stays quiet."""

import json

import pytest
import wagtail_factories
from wagtail.models import Locale

from contentchecks.checks import LONG_SENTENCE_WORDS, RULES, check_page
from contentchecks.models import PlainWord
from topics.models import TopicPage

pytestmark = pytest.mark.django_db

CARE_CARD = {"type": "urgent_help", "value": {"level": "emergency", "heading": "Get help", "warning_signs": ["Fever"]}}
TREATMENT = {
    "type": "treatment_explanation",
    "value": {
        "treatment": "Nerve block",
        "how_it_works": "<p>Medicine calms the nerve.</p>",
        "what_a_visit_is_like": "<p>A short visit.</p>",
        "risks_and_side_effects": "<p>Some soreness.</p>",
        "how_long_relief_lasts": "<p>Weeks.</p>",
    },
}


def text(html, heading="About it"):
    return {"type": "text", "value": {"heading": heading, "text": html}}


def image(image_id, alt, caption=""):
    return {"type": "image", "value": {"image": image_id, "alt_text": alt, "caption": caption}}


def made_up_page(blocks=(), language="en", kind=TopicPage.KIND_CONDITION, **fields):
    """An unsaved clinic topic (a preview is one too): a plain condition page that passes every check by default."""
    values = {
        "title": "Back pain",
        "summary": "Back pain is common. It often gets better.",
        "also_called": "Backache",
        "kind": kind,
        "source": TopicPage.SOURCE_CLINIC,
        "locale": Locale.objects.get(language_code=language),
    }
    values.update(fields)
    default = [CARE_CARD] if kind == TopicPage.KIND_CONDITION else [TREATMENT]
    return TopicPage(body=json.dumps(list(blocks) or default), **values)


def rules_fired(page):
    return [result.rule for result in check_page(page).results]


def results(page, rule_id):
    return [result for result in check_page(page).results if result.rule == rule_id]


def sentence(words):
    return " ".join(["walk"] * (words - 1) + ["slowly."])


def test_a_plain_page_passes_every_rule():
    assert rules_fired(made_up_page([CARE_CARD, text("<p>Rest a little. Then walk.</p>")])) == []


def test_rules_have_unique_ids_and_titles():
    assert len({rule.id for rule in RULES}) == len(RULES)
    assert all(rule.title for rule in RULES)


@pytest.mark.parametrize("language", ["en", "es"])
def test_long_sentence_fires_above_the_language_limit_and_quotes_it(language):
    limit = LONG_SENTENCE_WORDS[language]
    at_limit = made_up_page([CARE_CARD, text(f"<p>{sentence(limit)}</p>")], language=language)
    over = made_up_page([CARE_CARD, text(f"<p>Short one. {sentence(limit + 1)}</p>")], language=language)

    assert results(at_limit, "clinic-long-sentence") == []
    [found] = results(over, "clinic-long-sentence")
    assert f"{limit + 1} words" in found.message
    assert f"{limit} or fewer" in found.message
    assert found.excerpt.startswith("walk walk")
    assert found.level == "warning"


def test_spanish_limit_is_stricter_than_english():
    assert LONG_SENTENCE_WORDS["es"] < LONG_SENTENCE_WORDS["en"]


def test_reading_grade_fires_on_hard_english_and_stays_quiet_on_plain_english():
    hard = "<p>Neuropathic manifestations necessitate multidisciplinary pharmacological intervention.</p>"
    [found] = results(made_up_page([CARE_CARD, text(hard)]), "clinic-reading-grade")
    assert "Flesch-Kincaid" in found.message
    assert results(made_up_page([CARE_CARD, text("<p>It hurts. We can help.</p>")]), "clinic-reading-grade") == []


def test_reading_grade_uses_the_spanish_formula_on_spanish_pages():
    hard = "<p>Las manifestaciones neuropáticas requieren intervenciones farmacológicas multidisciplinarias.</p>"
    spanish = made_up_page([CARE_CARD, text(hard)], language="es", title="Dolor", summary="Duele.")
    [found] = results(spanish, "clinic-reading-grade")
    assert "INFLESZ" in found.message
    plain = made_up_page([CARE_CARD, text("<p>Le duele. Le vamos a ayudar.</p>")], language="es", title="Dolor")
    assert results(plain, "clinic-reading-grade") == []


def test_jargon_fires_with_the_plain_alternative_in_the_page_language_only():
    page = made_up_page([CARE_CARD, text("<p>Take an Analgesic on both legs (bilateral).</p>")])
    found = results(page, "clinic-jargon")
    assert {(r.excerpt.lower(), r.suggestion) for r in found} == {
        ("analgesic", "pain medicine"),
        ("bilateral", "on both sides"),
    }
    assert "Say “pain medicine”" in next(r.message for r in found if r.suggestion == "pain medicine")
    # "analgésico" is a Spanish entry: an English page never gets it, a Spanish page does.
    assert results(made_up_page([CARE_CARD, text("<p>Un analgésico.</p>")]), "clinic-jargon") == []
    spanish = made_up_page([CARE_CARD, text("<p>Tome un analgésico.</p>")], language="es", title="Dolor")
    [hit] = results(spanish, "clinic-jargon")
    assert hit.suggestion == "medicina para el dolor"


def test_jargon_matches_plurals_and_points_at_the_form_found():
    [hit] = results(made_up_page([CARE_CARD, text("<p>Los Analgésicos ayudan.</p>")], language="es"), "clinic-jargon")
    assert (hit.excerpt, hit.locator) == ("Analgésicos", "analgésicos")


def test_jargon_matches_whole_words_only():
    assert results(made_up_page([CARE_CARD, text("<p>Unilateral or collateral damage.</p>")]), "clinic-jargon") == []


def test_a_plain_word_an_editor_adds_is_suggested_on_the_next_check():
    page = made_up_page([CARE_CARD, text("<p>You may feel malaise.</p>")])
    assert results(page, "clinic-jargon") == []
    PlainWord.objects.create(term="malaise", plain_alternative="feeling unwell", language="en")
    [hit] = results(page, "clinic-jargon")
    assert hit.suggestion == "feeling unwell"


def test_condition_without_care_card_fires_and_a_care_card_quiets_it():
    [found] = results(made_up_page([text("<p>Rest.</p>")]), "clinic-care-card")
    assert "urgent-help" in found.message
    assert results(made_up_page([text("<p>Rest.</p>"), CARE_CARD]), "clinic-care-card") == []
    library = made_up_page([text("<p>Rest.</p>")], source=TopicPage.SOURCE_MEDLINEPLUS)
    assert results(library, "clinic-care-card") == []


def test_treatment_without_what_to_expect_or_risks_fires():
    treatment = TopicPage.KIND_TREATMENT
    [found] = results(made_up_page([text("<p>It helps.</p>")], kind=treatment), "clinic-treatment-section")
    assert "what to expect" in found.message
    assert results(made_up_page([TREATMENT], kind=treatment), "clinic-treatment-section") == []
    headed = made_up_page([text("<p>A short visit.</p>", heading="What to expect")], kind=treatment)
    assert results(headed, "clinic-treatment-section") == []
    spanish = made_up_page([text("<p>Poco.</p>", heading="Riesgos")], kind=treatment, language="es")
    assert results(spanish, "clinic-treatment-section") == []
    # A condition page needs no treatment section.
    assert results(made_up_page([CARE_CARD]), "clinic-treatment-section") == []


def test_image_alt_text_empty_file_name_or_caption_fires():
    picture = wagtail_factories.ImageFactory().pk
    page = made_up_page(
        [
            CARE_CARD,
            image(picture, ""),
            image(picture, "IMG_2041.jpg"),
            image(picture, "Our infusion suite", caption="Our infusion suite"),
            image(picture, "A nurse sets up a drip beside a reclining chair", caption="Our infusion suite"),
        ]
    )
    found = results(page, "clinic-image-alt")
    assert [r.excerpt for r in found] == ["", "IMG_2041.jpg", "Our infusion suite"]
    assert "no description" in found[0].message
    assert "file name" in found[1].message
    assert "repeats its caption" in found[2].message


@pytest.mark.parametrize(
    ("language", "link"),
    [("en", "click here"), ("en", "Here"), ("es", "haga clic aquí"), ("es", "aquí"), ("en", "https://example.org/x")],
)
def test_vague_or_bare_address_links_fire(language, link):
    page = made_up_page([CARE_CARD, text(f'<p>For forms <a href="https://example.org/x">{link}</a>.</p>')], language)
    [found] = results(page, "clinic-link-text")
    assert found.excerpt == link


def test_descriptive_links_pass():
    page = made_up_page([CARE_CARD, text('<p>See <a href="https://example.org/x">our forms for new patients</a>.</p>')])
    assert results(page, "clinic-link-text") == []


def test_clinic_topic_without_also_called_or_summary_fires():
    found = results(made_up_page(also_called="", summary=""), "clinic-topic-fields")
    assert len(found) == 2
    assert any("also called" in r.message for r in found)
    assert any("summary" in r.message for r in found)
    assert results(made_up_page(), "clinic-topic-fields") == []


def test_summary_counts_for_the_report():
    page = made_up_page(
        [text(f"<p>{sentence(30)} {sentence(30)} An analgesic.</p>")], kind=TopicPage.KIND_CONDITION, also_called=""
    )
    checks = check_page(page)
    assert (checks.long_sentences, checks.jargon_hits, checks.missing_safety) == (2, 1, 1)


@pytest.mark.django_db
def test_a_call_to_action_linking_to_its_own_page_is_flagged(topic_index):
    from contentchecks.checks import check_page
    from tests.factories import CallToActionFactory, TopicPageFactory

    page = TopicPageFactory(parent=topic_index, title="Tapering off opioids", slug="tapering", body=[])
    cta = CallToActionFactory(name="Ask about tapering support", link_page=page, link_url="")
    page.body = [("call_to_action", {"call_to_action": cta})]
    [result] = [r for r in check_page(page).results if r.rule == "clinic-cta-self-link"]
    assert result.message.startswith("The call to action “Ask about tapering support” links to this page itself.")
    cta.link_page = topic_index
    cta.save()
    assert not [r for r in check_page(page).results if r.rule == "clinic-cta-self-link"]


def test_no_demo_page_has_a_call_to_action_to_itself(demo):
    from contentchecks.checks import check_page
    from topics.models import TopicPage

    for page in TopicPage.objects.live():
        assert not [r for r in check_page(page).results if r.rule == "clinic-cta-self-link"], page.url
