"""Issue #19 on PostgreSQL: typed condition-treatment links, the comparison and pre-screen blocks, care cards, the
pre-screen's uncached GET answer, and "What happens next" on the contact pages."""

import json
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.html import parse_html
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories import CallToActionFactory, ContactPageFactory, TopicPageFactory
from tests.staff import verified_login
from tests.test_languages import translate
from tests.test_pagecache import page_cache  # noqa: F401 (the page cache on Redis, a fixture)
from topics.blocks import (
    COMPARISON_ROWS,
    PreScreenBlock,
    TopicBodyBlock,
    TreatmentComparisonBlock,
    UrgentHelpBlock,
)
from topics.models import TopicPage, TreatmentLink
from website.models import ClinicDetails


def condition(parent, title, **kwargs):
    return TopicPageFactory(parent=parent, title=title, kind=TopicPage.KIND_CONDITION, **kwargs)


def treatment(parent, title, **kwargs):
    return TopicPageFactory(parent=parent, title=title, kind=TopicPage.KIND_TREATMENT, **kwargs)


def link(page, other, line, order=0):
    return TreatmentLink.objects.create(page=page, linked_topic=other, how_it_helps=line, sort_order=order)


def care_links_html(response):
    html = response.content.decode()
    match = re.search(r'<section class="care-links".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def sciatica(topic_index):
    return condition(topic_index, "Sciatica", slug="sciatica")


@pytest.fixture
def blocks_page(topic_index):
    return treatment(topic_index, "Nerve blocks", slug="nerve-blocks")


def test_a_link_edited_on_either_page_shows_on_both_in_the_editors_order(client, topic_index, sciatica, blocks_page):
    therapy = treatment(topic_index, "Physical therapy")
    psychology = treatment(topic_index, "Pain psychology")
    link(sciatica, therapy, "Exercises ease the pressure on the nerve.", order=0)
    link(sciatica, blocks_page, "An injection calms the nerve root.", order=1)
    link(psychology, sciatica, "Helps you stay active while it heals.")  # edited on the treatment's page

    section = care_links_html(client.get(sciatica.url))
    assert "Treatments that may help" in section
    titles = re.findall(r'class="care-links__title" href="[^"]+">([^<]+)<', section)
    assert titles == ["Physical therapy", "Nerve blocks", "Pain psychology"]
    assert "An injection calms the nerve root." in section

    for page, line in [(blocks_page, "An injection calms the nerve root."), (psychology, "Helps you stay active")]:
        section = care_links_html(client.get(page.url))
        assert "Conditions it is used for" in section
        assert f'href="{sciatica.url}">Sciatica<' in section
        assert line in section


def test_links_disappear_on_both_sides_when_one_side_is_unpublished(client, topic_index, sciatica, blocks_page):
    link(sciatica, blocks_page, "An injection calms the nerve root.")
    blocks_page.unpublish()
    assert care_links_html(client.get(sciatica.url)) == ""
    blocks_page.save_revision().publish()
    assert "Nerve blocks" in care_links_html(client.get(sciatica.url))
    sciatica.unpublish()
    assert care_links_html(client.get(blocks_page.url)) == ""


def test_a_draft_or_private_side_is_left_out(client, topic_index, sciatica, blocks_page):
    private = treatment(topic_index, "Private therapy")
    private.view_restrictions.create(restriction_type="login")
    link(sciatica, blocks_page, "Shown.")
    link(sciatica, private, "Hidden.")
    section = care_links_html(client.get(sciatica.url))
    assert "Shown." in section and "Hidden." not in section


def test_spanish_pages_link_within_spanish(client, topic_index, sciatica, blocks_page):
    link(sciatica, blocks_page, "An injection calms the nerve root.")
    translate(topic_index.get_parent().specific, title="Inicio")
    translate(topic_index, title="Temas de salud", slug="temas")
    spanish_blocks = translate(blocks_page, title="Bloqueos nerviosos", slug="bloqueos-nerviosos")
    spanish_sciatica = translate(sciatica, title="Ciática", slug="ciatica")
    # The Spanish copy holds its own row, pointing at the Spanish page (topics.translation swaps it on translation).
    row = spanish_sciatica.treatment_links.get()
    assert row.linked_topic_id == spanish_blocks.pk
    row.how_it_helps = "Una inyección calma la raíz del nervio."
    row.save()

    section = care_links_html(client.get(spanish_sciatica.url))
    assert 'href="/es/temas/bloqueos-nerviosos/">Bloqueos nerviosos<' in section
    assert "Una inyección calma la raíz del nervio." in section
    assert "An injection" not in section
    section = care_links_html(client.get(spanish_blocks.url))
    assert 'href="/es/temas/ciatica/">Ciática<' in section
    # The English pages keep their own links and words.
    section = care_links_html(client.get(sciatica.url))
    assert 'href="/topics/nerve-blocks/">Nerve blocks<' in section and "An injection" in section


@pytest.mark.parametrize("count", [1, 8])
def test_query_count_stays_the_same_however_many_links(
    client, topic_index, sciatica, count, django_assert_max_num_queries
):
    for number in range(count):
        link(sciatica, treatment(topic_index, f"Treatment {number}"), f"Line {number}.", order=number)
    for number in range(count):
        link(treatment(topic_index, f"Incoming {number}"), sciatica, f"Incoming line {number}.")
    client.get(sciatica.url)  # warm the shared reads (site, settings, links, translations: website/shared.py)
    # The topic page's 7, +1 for the linked pages.
    with django_assert_max_num_queries(8):
        response = client.get(sciatica.url)
    assert len(re.findall("care-links__item", response.content.decode())) == 2 * count


def test_json_ld_names_the_treatments_and_the_conditions(client, topic_index, sciatica, blocks_page):
    link(sciatica, blocks_page, "An injection calms the nerve root.")

    def graph(page):
        html = client.get(page.url).content.decode()
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return [item for script in scripts for item in json.loads(script)]

    web_page = next(item for item in graph(sciatica) if item.get("@type") == "MedicalWebPage")
    assert web_page["about"]["@type"] == "MedicalCondition"
    assert web_page["about"]["possibleTreatment"] == [
        {"@type": "MedicalTherapy", "name": "Nerve blocks", "url": "http://localhost/topics/nerve-blocks/"}
    ]
    web_page = next(item for item in graph(blocks_page) if item.get("@type") == "MedicalWebPage")
    therapy, condition_item = web_page["about"]
    assert therapy == {"@type": "MedicalTherapy", "name": "Nerve blocks"}
    assert condition_item["@type"] == "MedicalCondition" and condition_item["name"] == "Sciatica"
    assert condition_item["possibleTreatment"] == {"@type": "MedicalTherapy", "name": "Nerve blocks"}


def test_publishing_a_treatment_purges_the_conditions_that_list_it(page_cache, topic_index, sciatica, blocks_page):  # noqa: F811
    link(sciatica, blocks_page, "An injection calms the nerve root.")
    assert Client().get(sciatica.url)["X-Page-Cache"] == "miss"
    assert Client().get(sciatica.url)["X-Page-Cache"] == "hit"
    blocks_page.unpublish()
    response = Client().get(sciatica.url)
    assert response["X-Page-Cache"] == "miss" and "Nerve blocks" not in care_links_html(response)
    # And the other way round: a condition edited on its own page leaves the treatment's list.
    blocks_page.save_revision().publish()
    Client().get(blocks_page.url)
    sciatica.unpublish()
    assert "Sciatica" not in care_links_html(Client().get(blocks_page.url))


class TestEditorsLinkEachPairOnce:
    @pytest.fixture
    def admin_client(self, client, home):
        Site.objects.filter(is_default_site=True).update(hostname="localhost")
        user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        verified_login(client, user)
        return client

    def post_links(self, client, page, linked):
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "summary": page.summary,
                "kind": page.kind,
                "body": streamfield([]),
                "treatment_links": inline_formset(
                    [{"linked_topic": topic.pk, "how_it_helps": "Plain line."} for topic in linked]
                ),
                "related_topic_links": inline_formset([]),
                "codes": inline_formset([]),
            }
        )
        data["action-publish"] = "action-publish"
        return client.post(f"/admin/pages/{page.pk}/edit/", data)

    def test_a_condition_links_to_treatments_only(self, admin_client, topic_index, sciatica, blocks_page):
        other_condition = condition(topic_index, "Neck pain")
        response = self.post_links(admin_client, sciatica, [other_condition])
        assert response.status_code == 200
        assert "Choose a treatment: “Neck pain” is not one." in response.content.decode()
        assert not TreatmentLink.objects.exists()
        response = self.post_links(admin_client, sciatica, [blocks_page])
        assert response.status_code == 302
        assert TreatmentLink.objects.filter(page=sciatica, linked_topic=blocks_page).exists()

    def test_a_pair_already_linked_on_the_other_page_is_refused(self, admin_client, sciatica, blocks_page):
        link(blocks_page, sciatica, "Edited on the treatment.")
        response = self.post_links(admin_client, sciatica, [blocks_page])
        assert response.status_code == 200
        assert "already links to this page; edit the pairing there" in response.content.decode()
        assert TreatmentLink.objects.count() == 1

    def test_the_same_treatment_twice_is_refused(self, admin_client, sciatica, blocks_page):
        response = self.post_links(admin_client, sciatica, [blocks_page, blocks_page])
        assert response.status_code == 200
        assert "is already in this list" in response.content.decode()


COMPARED = {
    "treatment": "Nerve block",
    "how_it_works": "Medicine quiets the nerve.",
    "what_a_session_is_like": "A short visit.",
    "number_of_sessions": "One",
    "when_relief_starts": "In days",
    "how_long_relief_lasts": "Months",
    "common_side_effects": "Soreness",
    "insurance": "Usually covered",
}


def comparison(*names):
    block = TreatmentComparisonBlock()
    return block, block.to_python(
        {"heading": "Compare", "treatments": [{**COMPARED, "treatment": name} for name in names]}
    )


def test_the_comparison_renders_a_table_with_row_and_column_headers_and_cards():
    block, value = comparison("Nerve block", "Physical <therapy>")
    html = block.render(value)
    assert html.count('<th scope="col">') == 2 and html.count('<th scope="row">') == len(COMPARISON_ROWS)
    assert "Physical &lt;therapy&gt;" in html and "<therapy>" not in html
    table = re.search(r"<tbody>.*?</tbody>", html, re.S).group(0)
    first_row = re.search(r"<tr>.*?</tr>", table, re.S).group(0)
    assert parse_html(first_row) == parse_html(
        '<tr><th scope="row">How it works</th>'
        "<td>Medicine quiets the nerve.</td><td>Medicine quiets the nerve.</td></tr>"
    )
    cards = re.findall(r'<li class="comparison__card">', html)
    assert len(cards) == 2 and html.count("<dt>Common side effects</dt>") == 2


@pytest.mark.parametrize(
    "names,message",
    [
        (["Only one"], "Compare two to four treatments."),
        (["A", "B", "C", "D", "E"], "Compare two to four treatments."),
        (["Nerve block", "nerve block "], "Each treatment in a comparison needs its own name."),
    ],
)
def test_the_comparison_refuses_too_few_too_many_or_repeated_treatments(names, message):
    block, value = comparison(*names)
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert message in str(error.value.as_json_data())


def test_a_good_comparison_is_accepted():
    block, value = comparison("A", "B", "C", "D")
    assert [name for name, _url in block.clean(value).columns()] == ["A", "B", "C", "D"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "level,prefix,action",
    [
        ("non_urgent", "Non-urgent advice: ", "See your doctor"),
        ("urgent", "Urgent advice: ", "Call us today on"),
        ("emergency", "Emergency advice: ", 'Call <a href="tel:911">911</a>'),
    ],
)
def test_care_cards_take_the_phone_and_crisis_line_from_clinic_details(rf, home, level, prefix, action):
    ClinicDetails.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"phone": "(555) 123-4567", "crisis_line": "988"}
    )
    block = UrgentHelpBlock()
    value = block.to_python(
        {"level": level, "heading": "Get help if", "warning_signs": ["Chest pain"], "show_crisis_line": True}
    )
    html = block.render(value, context={"request": rf.get("/")})
    assert f"care-card--{level}" in html and 'class="care-card__icon"' in html
    assert f'<h2><span class="visually-hidden">{prefix}</span>Get help if</h2>' in html
    assert action in html
    assert 'href="tel:988">988</a>' in html
    assert ('href="tel:5551234567"' in html) == (level != "emergency")


def prescreen_value(cta=None):
    block = PreScreenBlock()
    return block, block.to_python(
        {
            "heading": "Is this for me?",
            "questions": [
                {"question": "Pain for three months?", "if_yes": "fine", "if_no": "talk"},
                {"question": "Chest pain now?", "if_yes": "red_flag", "if_no": "fine"},
            ],
            "red_flag_level": "emergency",
            "call_to_action": cta.pk if cta else None,
        }
    )


@pytest.mark.parametrize(
    "answers,result",
    [
        ({"a0": "yes", "a1": "no"}, "fine"),
        ({"a0": "no", "a1": "no"}, "talk"),
        ({"a0": "yes", "a1": "yes"}, "red_flag"),
        ({"a1": "yes"}, "red_flag"),  # a red flag counts even with a question unanswered
        ({"a0": "yes"}, "incomplete"),
        ({"a0": "maybe", "a1": "no"}, "incomplete"),
    ],
)
@pytest.mark.django_db
def test_prescreen_result_is_the_most_serious_answer(answers, result):
    _block, value = prescreen_value()
    assert value.result_for(answers) == result


@pytest.mark.django_db
def test_prescreen_refuses_a_question_whose_answers_mean_the_same():
    block = PreScreenBlock()
    value = block.to_python(
        {
            "questions": [{"question": "Anything?", "if_yes": "fine", "if_no": "fine"}],
            "call_to_action": CallToActionFactory().pk,
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Question 1: a yes and a no must mean different things." in str(error.value.as_json_data())


@pytest.fixture
def ketamine(topic_index, home):
    contact = ContactPageFactory(parent=home)
    cta = CallToActionFactory(link_url="", link_page=contact, button_label="Book a consultation")
    cta.save_revision().publish()
    _block, value = prescreen_value(cta)
    page = treatment(topic_index, "Ketamine", slug="ketamine", body=[])
    page.body = [("pre_screen", value), ("call_to_action", {"call_to_action": cta})]
    page.save_revision().publish()
    return page


def test_prescreen_without_javascript_red_flag_is_uncached_and_offers_no_booking(
    page_cache,  # noqa: F811
    ketamine,
    caplog,
):
    caplog.set_level(logging.DEBUG)
    url = f"{ketamine.url}?prescreen=1&a0=yes&a1=yes"
    for _visit in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # neither answered from nor stored in the page cache
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert re.search(r'<div data-result="red_flag">\s*<section class="[^"]*care-card--emergency', html)
    assert re.search(r'<div data-result="fine" hidden>', html)
    assert 'class="prescreen-red-flag"' in html  # hides every booking button on the page
    assert '<input type="radio" name="a1" value="yes" checked>' in html
    # The plain page is still cached, and never shows the result.
    assert Client().get(ketamine.url)["X-Page-Cache"] == "miss"
    plain = Client().get(ketamine.url)
    assert plain["X-Page-Cache"] == "hit" and 'data-result="red_flag" hidden' in plain.content.decode()
    assert "a1=yes" not in caplog.text and "prescreen=1" not in caplog.text


def test_prescreen_without_javascript_clear_case_books_with_the_topic(ketamine):
    html = Client().get(f"{ketamine.url}?prescreen=1&a0=yes&a1=no").content.decode()
    fine = re.search(r'<div data-result="fine">(.*?)</div>', html, re.S).group(1)
    assert re.search(
        r'class="button prescreen__book" href="/go/cta/\d+/\?topic=ketamine&amp;from=\d+&amp;pos=\d+"', fine
    )
    assert "prescreen-red-flag" not in html
    assert "This is not a diagnosis." in html


def test_every_new_block_is_in_the_topic_body():
    assert {"treatment_comparison", "pre_screen", "urgent_help"} <= set(TopicBodyBlock.base_blocks)


def test_what_happens_next_on_the_contact_and_thank_you_pages(client, home):
    contact = ContactPageFactory(parent=home)
    ClinicDetails.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "callback_time": "within two business days",
            "first_visit_checklist": "Your insurance card\n\nYour <b>medicines</b>",
            "referral_note": "No referral is needed.",
        },
    )
    for url in (contact.url, contact.url + "thank-you/"):
        html = client.get(url).content.decode()
        section = re.search(r'<section class="next-steps".*?</section>', html, re.S).group(0)
        assert "We will call you back within two business days" in section
        assert "<li>Your insurance card</li><li>Your &lt;b&gt;medicines&lt;/b&gt;</li>" in section
        assert "No referral is needed." in section


def test_what_happens_next_in_spanish_uses_the_spanish_settings(home):
    from django.utils import translation

    details = ClinicDetails(callback_time="within one business day", callback_time_es="en un día hábil")
    with translation.override("es"):
        assert details.callback_time_text == "en un día hábil"
    assert details.callback_time_text == "within one business day"
    details.first_visit_checklist = "Insurance card"
    with translation.override("es"):
        assert details.first_visit_items == ["Insurance card"]  # no Spanish list written: the English one


def test_removing_a_pairing_purges_the_other_page(page_cache, sciatica, blocks_page):  # noqa: F811
    link(sciatica, blocks_page, "An injection calms the nerve root.")
    Client().get(blocks_page.url)
    assert Client().get(blocks_page.url)["X-Page-Cache"] == "hit"
    sciatica.treatment_links.set([])
    sciatica.save_revision().publish()  # the pairing is removed when the condition is published without it
    response = Client().get(blocks_page.url)
    assert response["X-Page-Cache"] == "miss" and care_links_html(response) == ""
