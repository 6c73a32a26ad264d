"""The Spanish demo mirrors the English one: no English hours, treatment lines or reviewer roles on Spanish pages,
and a Spanish field of Clinic details left empty shows in the translations report instead of falling back unseen."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from editorial.setup import EDITORS
from tests.factories import UserFactory
from tests.staff import verified_login
from website.models import ClinicDetails

#: English text the demo writes in its English data files; none of it may appear on a Spanish page.
ENGLISH_ON_SPANISH_PAGES = [
    "Monday to Thursday",
    "Pain medicine physician",
    "Neurologist",
    "Talking therapy and pacing",
    "An injection near the pressed nerve root",
    "Helps you",
]


@pytest.fixture
def spanish_pages(demo):
    return list(Page.objects.live().public().filter(locale__language_code="es").exclude(depth=1).order_by("path"))


def test_no_spanish_demo_page_shows_the_english_hours_lines_or_roles(client, spanish_pages):
    assert len(spanish_pages) >= 20
    for page in spanish_pages:
        html = client.get(page.url).content.decode()
        for english in ENGLISH_ON_SPANISH_PAGES:
            assert english not in html, (page.url, english)
    assert "De lunes a jueves" in client.get("/es/").content.decode()
    assert "Médica especialista en dolor" in client.get("/es/temas/ciatica/").content.decode()


def test_spanish_treatment_lines_are_shown_on_both_sides(client, demo):
    fibromyalgia = client.get("/es/temas/fibromialgia/").content.decode()
    assert "La terapia de conversación y repartir la actividad" in fibromyalgia
    assert "/es/temas/dejar-los-opioides-poco-a-poco/" in fibromyalgia


def test_an_empty_spanish_clinic_field_shows_in_the_translations_report(client, demo):
    details = ClinicDetails.objects.get()
    assert details.untranslated_fields() == []
    verified_login(client, UserFactory(username="ed", groups=[EDITORS]))
    report = reverse("editorial_translations_report")
    assert "data-untranslated-clinic-details" not in client.get(report).content.decode()
    ClinicDetails.objects.filter(pk=details.pk).update(opening_hours_es="")
    html = client.get(report).content.decode()
    assert "data-untranslated-clinic-details" in html and "opening hours in Spanish" in html


def test_switching_language_on_an_untranslated_article_lands_on_the_spanish_blog_index(client, demo):
    from blog.models import ArticlePage
    from tests.test_languages import switcher

    article = ArticlePage.objects.get(slug="what-your-first-visit-is-like")
    for translation in article.get_translations().filter(locale__language_code="es"):
        translation.delete()
    url, code, _lang, _label = switcher(client.get(article.url))
    assert (url, code) == ("/es/blog/", "es")
    assert client.get(url).status_code == 200


def test_every_spanish_demo_topic_uses_the_same_block_types_as_its_english_page(demo):
    from wagtail.models import Locale

    from topics.models import TopicPage

    spanish_locale = Locale.objects.get(language_code="es")
    for english in TopicPage.objects.live().filter(locale__language_code="en"):
        spanish = english.get_translation_or_none(spanish_locale)
        assert spanish is not None, english.slug
        english_types = {block.block_type for block in english.body}
        assert english_types == {block.block_type for block in spanish.body}, english.slug


def test_the_spanish_pre_screen_and_comparison_are_shown(client, demo):
    assert "¿La ketamina es para mí?" in client.get("/es/temas/infusiones-de-ketamina-en-dosis-bajas/").content.decode()
    assert "Cómo se comparan los tratamientos" in client.get("/es/temas/ciatica/").content.decode()
