"""The clinicians directory (filter by condition and language) and what a profile says: specialties, languages,
new patients, conditions treated, and schema.org `Physician` JSON-LD."""

import json
import re

import pytest
from django.urls import reverse

from tests.conftest import translate_to_spanish
from tests.factories import ClinicianProfileFactory, TopicPageFactory


def physician(html):
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    return next(block for block in blocks if block.get("@type") == "Physician")


def names(html):
    return re.findall(r'<h2><a href="/(?:es/)?clinicians/[^"]+/">([^<]+)</a></h2>', html)


@pytest.fixture
def clinicians(topic_index):
    sciatica = TopicPageFactory(parent=topic_index, slug="sciatica", title="Sciatica")
    migraine = TopicPageFactory(parent=topic_index, slug="migraine", title="Migraine")
    ana = ClinicianProfileFactory(
        name="Ana Ruiz", specialties=["pain_medicine", "anesthesiology"], languages=["en", "es"]
    )
    ana.conditions.set([sciatica])
    ben = ClinicianProfileFactory(
        name="Ben Cole", specialties=["neurology"], languages=["en"], accepting_new_patients=False
    )
    ben.conditions.set([migraine, sciatica])
    return {"sciatica": sciatica, "migraine": migraine, "ana": ana, "ben": ben}


@pytest.mark.django_db
def test_directory_filters_by_condition_and_language(client, clinicians):
    html = client.get("/clinicians/").content.decode()
    assert names(html) == ["Ana Ruiz, MD", "Ben Cole, MD"]
    assert "Accepting new patients" in html and "Not accepting new patients at the moment" in html
    assert '<a href="/topics/migraine/">Migraine</a>' in html
    assert names(client.get("/clinicians/?condition=migraine").content.decode()) == ["Ben Cole, MD"]
    assert names(client.get("/clinicians/?language=es").content.decode()) == ["Ana Ruiz, MD"]
    empty = client.get("/clinicians/?condition=migraine&language=es").content.decode()
    assert names(empty) == [] and "No clinician matches these choices" in empty


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["condition=no-such-topic", "language=xx", "language=" + "e" * 5000, "condition=a&condition=b"]
)
def test_unknown_filter_values_are_left_out_with_a_note_never_a_500(client, clinicians, query):
    response = client.get(f"/clinicians/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "One of the choices was not recognised" in html
    assert names(html) == ["Ana Ruiz, MD", "Ben Cole, MD"]
    assert client.get("/clinicians/?condition=%00").status_code == 400  # the site's rule for NUL bytes


@pytest.mark.django_db
def test_directory_queries_stay_constant_as_clinicians_grow(
    client, clinicians, topic_index, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15) as few:  # 15: the locations prefetch
        client.get("/clinicians/?language=en")
    for number in range(15):
        extra = ClinicianProfileFactory(languages=["en"])
        extra.conditions.set([TopicPageFactory(parent=topic_index, slug=f"extra-{number}")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/clinicians/?language=en").content.decode()
    assert len(names(html)) == 17


@pytest.mark.django_db
def test_spanish_directory_links_the_spanish_topics(client, clinicians, spanish_topic_index):
    translate_to_spanish(clinicians["sciatica"], "Ciática", "ciatica")
    html = client.get("/es/clinicians/?condition=ciatica&language=es").content.decode()
    assert names(html) == ["Ana Ruiz, MD"]
    assert '<a href="/es/temas/ciatica/">Ciática</a>' in html
    assert "<h1>Nuestros profesionales</h1>" in html and "Medicina del dolor, Anestesiología" in html
    assert "Acepta pacientes nuevos" in html and 'href="/es/clinicians/' in html
    assert "Migraine" not in html  # not translated yet: not listed in Spanish
    assert client.get("/es/clinicians/?condition=sciatica").status_code == 200  # an English slug is just left out


@pytest.mark.django_db
def test_profile_shows_the_facts_and_physician_json_ld(client, clinicians):
    html = client.get(f"/clinicians/{clinicians['ana'].slug}/").content.decode()
    assert "Pain medicine, Anesthesiology" in html and "English, Español" in html
    assert physician(html) == {
        "@context": "https://schema.org",
        "@type": "Physician",
        "name": "Ana Ruiz, MD",
        "url": f"http://testserver/clinicians/{clinicians['ana'].slug}/",
        "description": "Pain medicine physician",
        "medicalSpecialty": ["https://schema.org/Anesthesia"],
        "knowsLanguage": ["en", "es"],
        "isAcceptingNewPatients": True,
    }
    assert (
        physician(client.get(f"/clinicians/{clinicians['ben'].slug}/").content.decode())["isAcceptingNewPatients"]
        is False
    )


@pytest.mark.django_db
def test_footer_links_the_directory(client, home):
    assert '<a href="/clinicians/">' in client.get("/").content.decode()


def test_demo_clinicians_fill_the_directory_in_both_languages(client, demo):
    english = client.get("/clinicians/?language=es").content.decode()
    assert names(english) == ["Lena Marsh, MD"] and '<a href="/topics/neck-pain/">' in english
    spanish = client.get("/es/clinicians/").content.decode()
    assert names(spanish) == ["Lena Marsh, MD", "Tomás Ferreira, MD"]
    assert "Médica especialista en dolor" in spanish and "Por ahora no acepta pacientes nuevos" in spanish
    assert 'href="/es/temas/' in spanish and 'href="/topics/' not in spanish
    profile = physician(client.get("/es/clinicians/tomas-ferreira/").content.decode())
    assert profile["medicalSpecialty"] == ["https://schema.org/Neurologic"] and profile["knowsLanguage"] == ["en", "pt"]


@pytest.mark.django_db
def test_editors_tick_specialties_and_languages_and_pick_english_topics(admin_client, clinicians, spanish_topic_index):
    spanish = translate_to_spanish(clinicians["migraine"], "Migraña", "migrana")
    url = reverse("wagtailsnippets_clinicians_clinicianprofile:edit", args=[clinicians["ben"].pk])
    html = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="specialties" value="neurology"' in html and 'name="languages" value="es"' in html
    assert f'value="{clinicians["migraine"].pk}"' in html and f'value="{spanish.pk}"' not in html
