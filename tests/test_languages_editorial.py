"""Spanish topics are reviewed like English ones, and editors see when a translation falls behind its source."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from editorial.setup import CLINICIANS, EDITORS, ensure_editorial_setup
from tests.factories import TopicPageFactory, UserFactory
from tests.staff import verified_login
from tests.test_editorial_workflow import approve, edit_url, topic_form
from topics.models import TopicPage


def copy_to_spanish(page):
    return page.copy_for_translation(Locale.objects.get(language_code="es")).specific


@pytest.fixture
def english_topic(topic_index):
    ensure_editorial_setup()
    page = TopicPageFactory(parent=topic_index, title="Sciatica", slug="sciatica", body=[])
    page.save_revision().publish()
    return TopicPage.objects.get(pk=page.pk)


@pytest.fixture
def spanish_topic(english_topic, home, topic_index):
    """As an editor's "Translate" leaves it: the Spanish home and index published, the topic a draft copy."""
    for page in (home, topic_index):
        copy_to_spanish(page).save_revision().publish()
    return copy_to_spanish(english_topic)


@pytest.fixture
def editor(english_topic):
    return UserFactory(username="ed", groups=[EDITORS])


@pytest.fixture
def clinician(english_topic):
    return UserFactory(username="doc", first_name="Dra. Lucía", last_name="Méndez, MD", groups=[CLINICIANS])


def test_a_spanish_translation_goes_live_only_with_a_clinicians_approval(client, spanish_topic, editor, clinician):
    assert spanish_topic.get_workflow().name == "Clinical review"
    assert not spanish_topic.live
    verified_login(client, editor)
    response = client.post(edit_url(spanish_topic), topic_form(spanish_topic, "action-publish", title="Ciática"))
    assert not TopicPage.objects.get(pk=spanish_topic.pk).live  # an editor cannot publish it directly
    response = client.post(edit_url(spanish_topic), topic_form(spanish_topic, "action-submit", title="Ciática"))
    assert response.status_code == 302
    assert WorkflowState.objects.get(object_id=str(spanish_topic.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert not TopicPage.objects.get(pk=spanish_topic.pk).live

    verified_login(client, clinician)
    assert approve(client, spanish_topic).status_code == 302
    page = TopicPage.objects.get(pk=spanish_topic.pk)
    assert page.live and page.title == "Ciática"
    assert page.medical_reviewer == "Dra. Lucía Méndez, MD" and page.last_reviewed is not None
    english = TopicPage.objects.get(pk=spanish_topic.english_source().pk)
    assert english.medical_reviewer != page.medical_reviewer  # each language shows its own review
    assert "Dra. Lucía Méndez, MD" in client.get(page.url).content.decode()


def test_the_report_lists_a_translation_after_its_english_source_is_published_again(
    admin_client, spanish_topic, english_topic
):
    spanish_topic.save_revision().publish()
    report = reverse("editorial_translations_report")
    assert "Ciática" not in admin_client.get(report).content.decode()
    assert spanish_topic.title not in admin_client.get(report).content.decode()
    panel = admin_client.get(edit_url(spanish_topic)).content.decode()
    assert "data-translation-status" in panel and "data-translation-out-of-date" not in panel

    english_topic.summary = "A changed summary."
    english_topic.save_revision().publish()
    html = admin_client.get(report).content.decode()
    assert spanish_topic.title in html
    spanish = Locale.objects.get(language_code="es")
    assert spanish_topic.title in admin_client.get(report, {"locale": spanish.pk}).content.decode()
    csv = b"".join(admin_client.get(report, {"export": "csv"}).streaming_content).decode()
    assert csv.splitlines()[0].startswith("Translated topic,Language,English page published")
    assert spanish_topic.title in csv
    assert admin_client.get(report, {"export": "xlsx"}).status_code == 200
    assert "data-translation-out-of-date" in admin_client.get(edit_url(spanish_topic)).content.decode()

    # Saving the translation again brings it up to date.
    TopicPage.objects.get(pk=spanish_topic.pk).save_revision().publish()
    assert spanish_topic.title not in admin_client.get(report).content.decode()


def test_english_pages_show_no_translation_panel(admin_client, english_topic):
    assert "data-translation-status" not in admin_client.get(edit_url(english_topic)).content.decode()


def group_choices(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return set(re.findall(r'<input type="checkbox" name="groups" value="\d+"[^>]*>\s*([^<]+?)\s*</label>', html))


def test_the_topic_editor_offers_only_groups_of_the_pages_language(
    client, english_topic, spanish_topic, editor, topic_index
):
    from tests.factories import TopicGroupFactory

    back = TopicGroupFactory(name="Back and neck pain")
    spanish_back = back.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish_back.name = "Dolor de espalda y cuello"
    spanish_back.save()
    TopicGroupFactory(name="Nerve pain")
    spanish_index = topic_index.get_translation(Locale.objects.get(language_code="es"))
    verified_login(client, editor)

    english = {"Back and neck pain", "Nerve pain"}
    assert group_choices(client, edit_url(english_topic)) == english
    assert group_choices(client, reverse("wagtailadmin_pages:add", args=["topics", "topicpage", topic_index.pk])) == (
        english
    )
    spanish = {"Dolor de espalda y cuello"}
    assert group_choices(client, edit_url(spanish_topic)) == spanish
    assert group_choices(client, reverse("wagtailadmin_pages:add", args=["topics", "topicpage", spanish_index.pk])) == (
        spanish
    )
