"""The referral pathway for clinicians: the referral-criteria block, the Referrals page listing every condition's
criteria with the clinic's secure route, and its referral form (PDF) in both languages, cached and purged like a
page."""

import re
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.html import parse_html
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import PageViewRestriction

from api.sections import SECTION_TYPES
from clinic.models import ClinicInfoPage
from clinic.referrals import latin
from demo.content import read_site, read_translation
from tests.test_pagecache import page_cache  # noqa: F401 (a fixture)
from topics.blocks import ReferralCriteriaBlock, TopicBodyBlock
from topics.models import TopicPage

REFERRALS = {"en": "/referrals/", "es": "/es/referidos/"}
FORM = {language: f"{url}form.pdf" for language, url in REFERRALS.items()}
CRITERIA = {
    "heading": "For referring clinicians",
    "who_to_refer": ["CRPS meeting the Budapest criteria", "Pain for more than 3 months"],
    "what_to_send": ["Treatments tried", "Imaging"],
    "not_treated": ["Acute emergencies: the emergency department"],
    "note": "We reply within two business days.",
}


def criteria_errors(**changes):
    block = ReferralCriteriaBlock()
    try:
        block.clean(block.to_python({**CRITERIA, **changes}))
    except ValidationError as error:
        errors = {name: error.block_errors[name].messages[0] for name in error.block_errors}
        if error.non_block_errors:
            errors["__all__"] = str(error.non_block_errors[0])
        return errors
    return {}


def test_the_block_says_what_is_missing():
    assert criteria_errors() == {}
    assert criteria_errors(what_to_send=[], not_treated=[], note="") == {}
    nothing = criteria_errors(who_to_refer=[], what_to_send=[], not_treated=[])
    assert nothing == {"__all__": "Add who to refer, what to send and what the clinic does not treat."}
    assert "at least one criterion" in criteria_errors(who_to_refer=[])["who_to_refer"]
    meta = ReferralCriteriaBlock().meta
    assert meta.icon and meta.template and meta.label and meta.description and meta.preview_value
    assert "referral_criteria" in TopicBodyBlock.base_blocks and "referral_criteria" in SECTION_TYPES


@pytest.mark.django_db
def test_the_block_renders_its_lists_escaped_and_leaves_out_an_empty_one():
    block = ReferralCriteriaBlock()
    value = block.to_python({**CRITERIA, "what_to_send": [], "note": "<b>Call us</b>"})
    assert parse_html(block.render(value)) == parse_html(
        '<section class="referral-criteria"><h2>For referring clinicians</h2>'
        "<h3>Who to refer</h3><ul><li>CRPS meeting the Budapest criteria</li><li>Pain for more than 3 months</li></ul>"
        "<h3>What we do not treat: refer elsewhere</h3><ul><li>Acute emergencies: the emergency department</li></ul>"
        "<p>&lt;b&gt;Call us&lt;/b&gt;</p></section>"
    )


def test_every_demo_referral_criteria_is_valid_in_both_languages():
    block = ReferralCriteriaBlock()
    for language, topics in (("en", read_site("en").topics), ("es", read_translation("es").topics)):
        values = [
            item["value"]
            for _path, topic in topics.values()
            for item in topic["body"]
            if item["type"] == "referral_criteria"
        ]
        assert len(values) == 4, language
        for value in values:
            block.clean(block.to_python(value))


def pdf_text(content):
    """The text drawn on the PDF's pages: every compressed stream inflated, read as Latin-1 (the core font's)."""
    assert content.startswith(b"%PDF-")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    text = []
    for stream in streams:
        try:
            text.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            text.append(stream.decode("latin-1"))
    # Brackets and backslashes are escaped inside a PDF string: "(555) 010" is drawn from "(\\(555\\) 010) Tj".
    return re.sub(r"\\([()\\])", r"\1", "\n".join(text))


def referral_page(client, language):
    response = client.get(REFERRALS[language])
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


EXPECTED = {
    "en": {
        "page": [
            "Secure fax: <strong>(555) 010-0188</strong>",
            "Secure (Direct) email: <strong>referrals@direct.clearwater-pain.example</strong>",
            "We confirm every referral with the referring office within two business days.",
            'href="/referrals/form.pdf" download>Download the referral form (PDF)</a>',
            '<h3><a href="/topics/complex-regional-pain-syndrome/">Complex regional pain syndrome (CRPS)</a></h3>',
            "<li>Adults with CRPS that meets the Budapest criteria</li>",
            "<h4>What to send with the referral</h4>",
        ],
        "pdf": [
            "Referral form: Clearwater Pain Clinic",
            "Secure fax: (555) 010-0188",
            "Secure (Direct) email: referrals@direct.clearwater-pain.example",
            "Complex regional pain syndrome",
            "Budapest criteria",
            "Treatments already tried, and how they went",
            "Fibromyalgia",
        ],
        "filename": "clearwater-pain-clinic-referral-form.pdf",
    },
    "es": {
        "page": [
            "Fax seguro: <strong>(555) 010-0188</strong>",
            "Correo seguro (Direct): <strong>referrals@direct.clearwater-pain.example</strong>",
            "Confirmamos cada referido con el consultorio que lo envía en dos días hábiles.",
            'href="/es/referidos/form.pdf" download>Descargar el formulario de referido (PDF)</a>',
            "Síndrome de dolor regional complejo (SDRC)</a></h3>",
            "<li>Adultos con SDRC que cumple los criterios de Budapest</li>",
            "<h4>Qué enviar con el referido</h4>",
        ],
        "pdf": [
            "Formulario de referido: Clearwater Pain Clinic",
            "Fax seguro: (555) 010-0188",
            "Síndrome de dolor regional complejo",
            "criterios de Budapest",
            "Medicinas actuales y dosis",
            "Migraña",
        ],
        "filename": "clearwater-pain-clinic-formulario-de-referido.pdf",
    },
}


def test_the_referrals_page_lists_every_conditions_criteria_and_the_form_in_both_languages(
    client, demo, django_assert_num_queries
):
    for language in ("en", "es"):
        main = referral_page(client, language)
        for text in EXPECTED[language]["page"]:
            assert text in main, (language, text)
        titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', main)
        assert len(titles) == 4 and titles == sorted(titles)
        if language == "en":
            assert "Sciatica" in titles and "Chronic low back pain" not in titles

        response = client.get(FORM[language])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{EXPECTED[language]["filename"]}"'
        text = pdf_text(response.content)
        for expected in EXPECTED[language]["pdf"]:
            assert latin(expected) in text, (language, expected)
        assert "Sciatica" in text or language == "es"
        assert client.get(FORM[language]).content == response.content  # the same bytes for the same publication

    # The condition pages link to the Referrals page in their language.
    crps = client.get("/es/temas/sindrome-de-dolor-regional-complejo/").content.decode()
    assert 'href="/es/referidos/"' in crps and "Para los médicos que refieren" in crps

    # A constant number of queries however many conditions have criteria: 2 to route, 1 for the listing (the clinic's
    # details, the footer and the translations come from the shared reads). One more page, one with a call to action
    # and images in its body, changes nothing: only the criteria blocks are read.
    client.get(REFERRALS["en"])
    with django_assert_num_queries(3):
        client.get(REFERRALS["en"])
    back_pain = TopicPage.objects.get(slug="chronic-low-back-pain")
    assert "call_to_action" in [block.block_type for block in back_pain.body]
    back_pain.body.append(("referral_criteria", ReferralCriteriaBlock().to_python(CRITERIA)))
    back_pain.save_revision().publish()
    client.get(REFERRALS["en"])
    with django_assert_num_queries(3):
        main = referral_page(client, "en")
    assert len(re.findall(r"<h3><a ", main)) == 5


def test_drafts_private_and_unpublished_pages_criteria_stay_off_the_page_and_the_form(client, demo):
    crps = TopicPage.objects.get(slug="complex-regional-pain-syndrome")
    draft = crps.get_latest_revision_as_object()
    for block in draft.body:
        if block.block_type == "referral_criteria":
            block.value["who_to_refer"][0] = "Only in a draft"
    draft.save_revision()
    TopicPage.objects.get(slug="sciatica").unpublish()
    fibromyalgia = TopicPage.objects.get(slug="fibromyalgia")
    PageViewRestriction.objects.create(page=fibromyalgia, restriction_type="password", password="x")

    main = referral_page(client, "en")
    text = pdf_text(client.get(FORM["en"]).content)
    for shown in (main, text):
        assert "Budapest" in shown and "Only in a draft" not in shown
        assert "Sciatica" not in shown and "Fibromyalgia" not in shown
    assert "Refractory migraine" in main


def test_bad_addresses_answer_404(client, demo):
    for url in (
        "/referrals/form.pdf/",
        "/referrals/form.pdfx",
        "/referrals/other.pdf",
        "/referrals/form.pdf/more",
        "/referrals/nothing/",
        "/visiting-us/form.pdf",  # a clinic page without the referral criteria
        "/topics/sciatica/form.pdf",
        "/no-such-page/form.pdf",
        "/es/como-visitarnos/form.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(FORM["en"]).status_code in (200, 405)


def test_the_form_is_cached_like_a_page_and_purged_when_criteria_change(demo, page_cache):  # noqa: F811
    first = Client().get(FORM["en"])
    assert first["X-Page-Cache"] == "miss"
    second = Client().get(FORM["en"])
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second.content == first.content and second["Content-Type"] == "application/pdf"
    assert "s-maxage" in second.get("Cache-Control", "") or not second.get("Cache-Control")

    referrals = ClinicInfoPage.objects.get(slug="referrals")
    batch = PurgeBatch()
    batch.add_page(referrals)
    assert {url.split("localhost", 1)[-1].split(":80", 1)[-1] for url in batch.urls} >= {
        "/referrals/",
        "/referrals/form.pdf",
    }

    crps = TopicPage.objects.get(slug="complex-regional-pain-syndrome")
    for block in crps.body:
        if block.block_type == "referral_criteria":
            block.value["who_to_refer"][0] = "CRPS that meets the Budapest criteria, checked by us"
    crps.save_revision().publish()
    third = Client().get(FORM["en"])
    assert third["X-Page-Cache"] == "miss"
    assert "checked by us" in pdf_text(third.content)
    assert "checked by us" in Client().get(REFERRALS["en"]).content.decode()
