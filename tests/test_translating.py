"""An editor translates a topic into Spanish and a clinician reviews it: the copy points only at Spanish groups,
topics and calls to action (what has no Spanish version is flagged, never kept in English), a copy still in English
cannot be approved, and a translation approved moments ago is not reported out of date."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Locale

from contentchecks.checks import check_page, language_shares
from editorial.setup import CLINICIANS, EDITORS
from tests.factories import UserFactory
from tests.staff import verified_login
from tests.test_editorial_workflow import approve
from topics.models import TopicPage, translations_out_of_date


@pytest.fixture
def spanish(demo):
    return Locale.objects.get(language_code="es")


def spanish_version(english):
    return TopicPage.objects.filter(translation_key=english.translation_key, locale__language_code="es").first()


def translate_in_admin(client, english, spanish):
    """The editor's "Translate" action, as the admin posts it; returns the new Spanish draft."""
    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[english.pk]), {"locales": [spanish.pk]}
    )
    assert response.status_code == 302, response.status_code
    return spanish_version(english)


@pytest.fixture
def sciatica_untranslated(spanish):
    """Sciatica without its Spanish page, and one of its related topics (neck pain) without one either."""
    english = TopicPage.objects.get(slug="sciatica", locale__language_code="en")
    spanish_page = spanish_version(english)
    spanish_text = {"title": spanish_page.title, "summary": spanish_page.summary, "body": spanish_page.body.raw_data}
    spanish_page.delete()
    neck = TopicPage.objects.get(slug="neck-pain")
    spanish_version(neck).delete()
    english.related_topic_links.create(related_page=neck, sort_order=99)
    english.save_revision().publish()
    return TopicPage.objects.get(pk=english.pk), spanish_text


def test_editors_get_the_translate_action_but_marketing_does_not(client, spanish):
    from editorial.setup import MARKETING

    english = TopicPage.objects.get(slug="fibromyalgia", locale__language_code="en")
    translate_url = reverse("simple_translation:submit_page_translation", args=[english.pk])
    for role, allowed in ((EDITORS, True), (MARKETING, False)):
        verified_login(client, UserFactory(username=role.lower(), groups=[role]))
        assert (client.get(translate_url).status_code == 200) is allowed, role


def test_a_translated_topic_points_only_at_spanish_pages_and_flags_what_is_missing(
    client, spanish, sciatica_untranslated
):
    english, _spanish_text = sciatica_untranslated
    verified_login(client, UserFactory(username="ed", groups=[EDITORS]))
    copy = translate_in_admin(client, english, spanish)
    assert copy is not None and not copy.live
    draft = copy.get_latest_revision_as_object()
    for page in (copy, draft):
        assert {group.locale_id for group in page.groups.all()} == {spanish.pk}
        assert page.groups.count() == english.groups.count()
        related = [link.related_page for link in page.related_topic_links.all()]
        assert related and {topic.locale_id for topic in related} == {spanish.pk}
        assert "neck-pain" not in {topic.slug for topic in related}
        treatments = [link.linked_topic for link in page.treatment_links.all()]
        assert treatments and {topic.locale_id for topic in treatments} == {spanish.pk}
        ctas = [block.value["call_to_action"] for block in page.body if block.block_type == "call_to_action"]
        assert ctas and {cta.locale_id for cta in ctas} == {spanish.pk}
    messages = [result.message for result in check_page(draft).results if result.rule == "clinic-other-language"]
    assert messages == [
        "The English page has the related topic “Chronic neck pain”, which has no Spanish version yet. Translate it, "
        "then add it here."
    ]
    # Its edit screen does not call a translation made a moment ago out of date.
    edit_screen = client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk])).content.decode()
    assert "data-translation-status" in edit_screen and "data-translation-out-of-date" not in edit_screen


def test_a_translation_still_in_english_cannot_be_approved(client, spanish, sciatica_untranslated):
    english, _spanish_text = sciatica_untranslated
    editor = UserFactory(username="ed", groups=[EDITORS])
    verified_login(client, editor)
    copy = translate_in_admin(client, english, spanish)
    checks = check_page(copy.get_latest_revision_as_object())
    [language] = checks.blocking
    assert "This Spanish page reads as English" in language.message
    copy.get_workflow().start(copy, editor)
    verified_login(client, UserFactory(username="doc", groups=[CLINICIANS]))
    task_state = TopicPage.objects.get(pk=copy.pk).current_workflow_task_state
    modal = client.get(
        reverse("wagtailadmin_pages:workflow_action", args=[copy.pk, "approve", task_state.pk])
    ).content.decode()
    assert "Cannot be approved yet." in modal and "reads as English" in modal
    url = reverse("wagtailadmin_pages:workflow_action", args=[copy.pk, "approve", task_state.pk])
    form = {"comment": "", "checked_task_state": task_state.pk, "confirm_warnings": "on"}
    response = client.post(url, form, headers={"x-requested-with": "XMLHttpRequest"})
    assert "This version cannot be approved: This Spanish page reads as English" in response.json()["html"]
    with pytest.raises(PermissionDenied):  # past the form, the task itself refuses
        task_state.task.specific.on_action(task_state, UserFactory(username="doc2"), "approve", confirm_warnings=True)
    assert not TopicPage.objects.get(pk=copy.pk).live


def test_translate_review_publish_gives_a_spanish_page_not_reported_out_of_date(client, spanish, sciatica_untranslated):
    english, spanish_text = sciatica_untranslated
    editor = UserFactory(username="ed", groups=[EDITORS])
    verified_login(client, editor)
    copy = translate_in_admin(client, english, spanish)
    draft = copy.get_latest_revision_as_object()
    draft.title, draft.summary, draft.body = spanish_text["title"], spanish_text["summary"], spanish_text["body"]
    draft.slug = "ciatica"
    draft.save_revision(user=editor)
    assert not check_page(draft).blocking
    copy.get_workflow().start(TopicPage.objects.get(pk=copy.pk), editor)

    verified_login(client, UserFactory(username="doc", first_name="Ana", last_name="Reyes", groups=[CLINICIANS]))
    approve(client, copy)
    published = TopicPage.objects.get(pk=copy.pk)
    assert published.live and published.url == "/es/temas/ciatica/"
    assert copy.pk not in {page.pk for page in translations_out_of_date()}
    html = client.get("/es/temas/ciatica/").content.decode()
    assert "/temas/" in html and "/topics/" not in html.split("<main")[1].split("</main>")[0]


def test_the_language_of_a_text_is_told_by_its_common_words():
    english, _ = language_shares("You can ask us about the pain in your back and what may help with it.")
    spanish_shares, words = language_shares("Puede preguntarnos por el dolor de espalda y lo que le puede ayudar.")
    assert english["en"] > english["es"] and spanish_shares["es"] > spanish_shares["en"] and words == 13
