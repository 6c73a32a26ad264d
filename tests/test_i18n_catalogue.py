"""Everything a patient reads comes from the Spanish catalogue on /es/ pages, and English pages stay as they were."""

import datetime
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from tests.factories import ContactPageFactory, TopicPageFactory
from tests.test_contact import client_ip, submit  # noqa: F401 (client_ip is a fixture)
from tests.test_languages import translate
from tests.test_security import get_with_database_down
from website.views import bad_request, csrf_failure, server_error

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MARCH_14 = datetime.date(2026, 3, 14)


@pytest.fixture
def spanish_home(home):
    return translate(home, title="Inicio")


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(
        parent=topic_index,
        title="Sciatica",
        slug="sciatica",
        also_called="Lumbar radiculopathy",
        last_reviewed=MARCH_14,
        next_review_due=datetime.date(2027, 1, 5),
    )


@pytest.fixture
def spanish_topic(spanish_home, topic_index, topic):
    translate(topic_index, title="Temas de salud", slug="temas")
    return translate(topic, title="Ciática", slug="ciatica")


@pytest.fixture
def spanish_contact(spanish_home, home):
    return translate(ContactPageFactory(parent=home), title="Contacto", slug="contacto")


def page_text(response):
    return response.content.decode()


def json_ld_nodes(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    return data if isinstance(data, list) else data.get("@graph", [data])


def catalogue_entries():
    """{"flags", "msgid", "msgstr": [...]} for every entry of the .po (blank-line separated), continuations joined."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": "", "msgid": "", "msgstr": []}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid_plural "):
                key = "msgid_plural"
            elif line.startswith("msgid "):
                key = "msgid"
            elif line.startswith("msgstr"):
                entry["msgstr"].append("")
                key = "msgstr"
            if line.startswith(('"', "msgid", "msgstr")):
                text = line[line.index('"') + 1 : -1]
                if key == "msgstr":
                    entry["msgstr"][-1] += text
                elif key == "msgid":
                    entry["msgid"] += text
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = catalogue_entries()
    assert len(entries) > 100
    assert [e["msgid"] for e in entries if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert "fuzzy" not in CATALOGUE.read_text(encoding="utf-8")
    stats = subprocess.run(
        [shutil.which("msgfmt") or "msgfmt", "--check", "--statistics", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert stats.returncode == 0, stats.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", stats.stderr.splitlines(keepends=True)[-1])


def test_the_988_line_is_said_to_answer_in_spanish():
    with translation.override("es"):
        html = render_to_string("includes/emergency_numbers.html")
    assert "La línea 988 atiende en español" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html


def test_spanish_home_page_chrome_is_spanish(client, spanish_home):
    html = page_text(client.get("/es/"))
    assert '<html lang="es">' in html
    for spanish in [
        "Ir al contenido principal",
        "Pedir una cita",
        "Temas de salud",
        "Contáctenos",
        "Busque por enfermedad, síntoma o tratamiento",
        'placeholder="Buscar, por ejemplo: ciática"',
        "La línea 988 atiende en español",
        "no reemplaza los consejos de su propio médico",
    ]:
        assert spanish in html, spanish
    for english in ["Skip to main content", "Request an appointment", "Health topics", "Search by condition"]:
        assert english not in html, english
    assert 'class="site-header__brand" href="/es/"' in html


def test_english_home_page_chrome_stays_english(client, spanish_home):
    html = page_text(client.get("/"))
    assert '<html lang="en">' in html
    for english in ["Skip to main content", "Request an appointment", "Health topics", "Suicide &amp; Crisis Lifeline"]:
        assert english in html, english
    for spanish in ["Ir al contenido principal", "Pedir una cita", "atiende en español"]:
        assert spanish not in html, spanish
    assert 'class="site-header__brand" href="/"' in html


def test_spanish_topic_page_has_spanish_chrome_and_dates(client, spanish_topic):
    html = page_text(client.get(spanish_topic.url))
    for spanish in [
        "También llamado",
        "Revisado por",
        "Última revisión",
        "Próxima revisión",
        "14 de marzo de 2026",
        "5 de enero de 2027",
        "¿Preguntas? Llámenos",
        '<a href="/es/">Inicio</a>',
    ]:
        assert spanish in html, spanish
    assert '<time datetime="2026-03-14">' in html
    for english in ["Also called", "Last reviewed", "Next review due", "March 14, 2026", "Questions? Call us"]:
        assert english not in html, english


def test_english_topic_page_keeps_english_dates(client, spanish_topic):
    html = page_text(client.get("/topics/sciatica/"))
    for english in ["Also called", "Reviewed by", "Last reviewed", "March 14, 2026", "January 5, 2027"]:
        assert english in html, english
    assert "de marzo de" not in html and "Última revisión" not in html


def test_spanish_topic_index_has_spanish_chrome(client, spanish_topic):
    html = page_text(client.get("/es/temas/"))
    assert 'aria-label="Temas de la A a la Z"' in html
    assert "Topics A to Z" not in html


def test_spanish_search_without_results_helps_in_spanish(client, spanish_home):
    html = page_text(client.get("/es/search/?q=zzqxv"))
    assert "Resultados de búsqueda para zzqxv" in html
    assert "No encontramos temas para <strong>zzqxv</strong>" in html
    assert "Pregúntenos a nosotros" in html
    assert "We found no topics" not in html and "Ask us instead" not in html


def test_spanish_search_says_showing_results_for_the_correction(rf, spanish_home):
    request = rf.get("/es/search/?q=siatica")
    with translation.override("es"):
        html = render_to_string(
            "search/search.html",
            {"search_query": "siatica", "correction": "ciática", "original_query": "siatica", "result_count": 0},
            request=request,
        )
    assert "Mostrando resultados para <strong>ciática</strong> (usted buscó <em>siatica</em>)" in html


def test_result_count_and_page_messages_follow_the_language(client, spanish_home):
    from search.views import resolve_page_number

    with translation.override("es"):
        assert (
            resolve_page_number("x", 3)[1]
            == "Ese número de página no existe, así que le mostramos la primera página de resultados."
        )
        assert resolve_page_number("9", 3)[1] == "Solo hay 3 páginas de resultados, así que le mostramos la última."
        assert resolve_page_number("9", 1)[1] == "Solo hay 1 página de resultados, así que le mostramos la última."
    assert resolve_page_number("9", 1)[1] == "There is only 1 page of results, so here is the last one."


def test_spanish_404_is_spanish_and_english_404_is_english(client, spanish_home):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    html = page_text(response)
    assert '<html lang="es">' in html
    assert "No encontramos esa página" in html and "We could not find that page" not in html
    assert 'action="/es/search/"' in html
    english = client.get("/no-such-page/")
    assert english.status_code == 404
    assert "We could not find that page" in page_text(english) and "No encontramos" not in page_text(english)


def test_500_under_es_is_spanish_even_when_no_middleware_set_the_language(settings):
    settings.CLINIC_PHONE = "(555) 010-0199"
    assert translation.get_language() == "en"
    html = page_text(server_error(RequestFactory().get("/es/temas/ciatica/")))
    assert '<html lang="es">' in html
    assert "Algo salió mal de nuestro lado" in html and "Something went wrong" not in html
    assert 'Para comunicarse con la clínica, llame al <a href="tel:5550100199">' in html
    assert translation.get_language() == "en"  # the handler does not leave Spanish on
    english = page_text(server_error(RequestFactory().get("/topics/sciatica/")))
    assert '<html lang="en">' in english and "Something went wrong on our side" in english


def test_503_under_es_is_spanish(settings):
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(RequestFactory().get("/es/"))
    assert response.status_code == 503
    html = page_text(response)
    assert "Nuestro sitio web está en una breve pausa" in html and "taking a short break" not in html
    assert '<html lang="es">' in html


def test_400_and_csrf_pages_under_es_are_spanish():
    html = page_text(bad_request(RequestFactory().get("/es/contacto/")))
    assert "No pudimos leer lo que envió su navegador" in html and 'href="/es/"' in html
    html = page_text(csrf_failure(RequestFactory().post("/es/contacto/")))
    assert "No pudimos recibir su formulario" in html


def test_a_crash_on_a_spanish_page_gives_the_spanish_500_page(spanish_topic, monkeypatch):
    from topics.models import TopicPage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(TopicPage, "get_context", explode)
    response = Client(raise_request_exception=False).get(spanish_topic.url)
    assert response.status_code == 500
    assert "Algo salió mal de nuestro lado" in page_text(response)


def test_database_unreachable_on_a_spanish_page_gives_the_spanish_503():
    words, errors = get_with_database_down(
        "/es/temas/ciatica/", "r.status_code, 'breve pausa' in r.content.decode(), b'<html lang=\"es\">' in r.content"
    )
    assert words == ["503", "True", "True"], errors


def test_spanish_contact_form_shows_spanish_errors(client, spanish_contact, client_ip):  # noqa: F811
    assert spanish_contact.url == "/es/contacto/"
    form = page_text(client.get("/es/contacto/"))
    for spanish in [
        "Nombre",
        "Número de teléfono",
        "¿Cuándo lo podemos llamar?",
        "Por la mañana",
        "Enviar mi solicitud",
    ]:
        assert spanish in form, spanish
    response = submit(client, spanish_contact, client_ip, first_name="", phone="", email="", consent=None)
    assert response.status_code == 200
    html = page_text(response)
    for spanish in [
        "Por favor, revise el formulario",
        "Escriba su nombre.",
        "Denos un número de teléfono o un correo electrónico para poder comunicarnos con usted.",
        "Marque esta casilla para que podamos comunicarnos con usted.",
    ]:
        assert spanish in html, spanish
    for english in ["Please check the form", "Enter your first name.", "Tick this box"]:
        assert english not in html, english


def test_english_contact_form_errors_stay_english(client, spanish_contact, home, client_ip):  # noqa: F811
    english = spanish_contact.get_translation(home.locale)
    html = page_text(submit(client, english, client_ip, first_name="", consent=None))
    assert "Enter your first name." in html and "Tick this box so that we may contact you." in html
    assert "Escriba su nombre" not in html


@pytest.mark.parametrize("path", ["/es/", "/es/temas/", "/es/temas/ciatica/", "/es/search/?q=dolor", "/es/contacto/"])
def test_every_spanish_page_says_spanish_in_its_json_ld(client, spanish_topic, spanish_contact, path):
    html = page_text(client.get(path))
    assert '<html lang="es">' in html
    languages = {node["inLanguage"] for node in json_ld_nodes(html) if "inLanguage" in node}
    assert languages == {"es"}


@pytest.mark.parametrize("path", ["/", "/topics/", "/topics/sciatica/", "/search/?q=pain"])
def test_every_english_page_says_english_in_its_json_ld(client, spanish_topic, path):
    languages = {node["inLanguage"] for node in json_ld_nodes(page_text(client.get(path))) if "inLanguage" in node}
    assert languages == {"en"}


def test_a_spanish_404_says_spanish_in_its_json_ld(client, spanish_home):
    (node,) = json_ld_nodes(page_text(client.get("/es/no-existe/")))
    assert node["inLanguage"] == "es"
