"""`import_medlineplus_es`: Spanish pages under the Spanish topic index, linked to their English twins."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from topics.importers.groups_es import SPANISH_GROUP_NAMES
from topics.importers.markdown import markdown_to_html
from topics.models import TopicGroup, TopicPage

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "medlineplus_es_sample.json"
ENGLISH_SAMPLE = FIXTURES / "medlineplus_sample.json"
SAMPLE_RECORDS = json.loads(SAMPLE.read_text())
SPANISH = "https://medlineplus.gov/spanish/"


def run_import(*args, command="import_medlineplus_es"):
    out = io.StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def spanish_pages():
    return {
        page.source_id: page
        for page in TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS, locale__language_code="es")
    }


def english_pages():
    return {
        page.source_id: page
        for page in TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS, locale__language_code="en")
    }


def revision_counts():
    return {
        page.source_id: Revision.page_revisions.filter(object_id=str(page.pk)).count()
        for page in spanish_pages().values()
    }


def write_records(tmp_path, records):
    path = tmp_path / "temas.json"
    path.write_text(json.dumps(records))
    return path


def test_import_creates_spanish_pages_under_the_spanish_topic_index(client, spanish_topic_index):
    output = run_import(SAMPLE)

    assert "4 created, 0 updated, 0 unchanged" in output
    pages = spanish_pages()
    assert set(pages) == {"es/achingknees", "es/stiffshoulders", "es/walkingforhealth", "es/testmigraine"}
    knees = pages["es/achingknees"]
    assert knees.get_parent().pk == spanish_topic_index.pk and knees.locale.language_code == "es"
    assert knees.live and knees.slug == "rodillas-adoloridas"
    assert knees.also_called_names == ["Dolor de rodilla", "Rodilla cansada"]
    assert [link.related_page.title for link in knees.related_topic_links.all()] == [
        "Hombros rígidos",
        "Caminar para la salud",
    ]
    assert knees.summary.startswith("El dolor de rodillas es una molestia común")
    assert "###" not in knees.summary and "**" not in knees.summary
    block = knees.body[0]
    assert block.value["heading"] == "Acerca de: Rodillas adoloridas"
    overview = block.value["what_it_is"].source
    assert "<h3>¿Qué es el dolor de rodillas?</h3>" in overview
    assert "<li><b>Subir escaleras</b>: sobre todo con prisa</li>" in overview
    assert '<a href="https://medlineplus.gov/spanish/kneeling.html">rodillas</a>' in overview
    assert '<a href="https://medlineplus.gov/spanish/stiffshoulders.html">una página</a>' in overview
    assert "example.com" not in overview and "otro sitio" in overview
    assert "&lt;b&gt;malo&lt;/b&gt;" in overview
    assert overview.endswith("<p>NIH: Instituto Nacional de Rodillas de Prueba</p>")

    html = client.get(knees.url).content.decode()
    assert knees.url.startswith("/es/temas/")
    assert "También llamado: Dolor de rodilla, Rodilla cansada" in html
    assert (
        'Fuente: <a href="https://medlineplus.gov/spanish/achingknees.html">'
        "MedlinePlus, Biblioteca Nacional de Medicina de EE. UU.</a>" in html
    )


def test_spanish_pages_join_their_english_twins(client, spanish_topic_index):
    run_import(ENGLISH_SAMPLE, command="import_medlineplus")
    output = run_import(SAMPLE)

    assert "3 of 4 topics are linked to their English page" in output
    english, spanish = english_pages(), spanish_pages()
    knees = spanish["es/achingknees"]
    assert knees.translation_key == english["9001"].translation_key
    assert sorted(group.name for group in knees.groups.all()) == [
        "Huesos, articulaciones y músculos",
        "Personas mayores",
    ]
    english_groups = {group.translation_key: group for group in english["9001"].groups.all()}
    for group in knees.groups.all():
        assert group.locale.language_code == "es"
        assert english_groups[group.translation_key].sort_order == group.sort_order
    assert spanish["es/testmigraine"].translation_key not in {page.translation_key for page in english.values()}
    assert not spanish["es/testmigraine"].groups.exists()

    html = client.get(knees.url).content.decode()
    assert re.search(rf'<link rel="alternate" hreflang="en" href="[^"]*{english["9001"].url}">', html)


def test_english_imported_later_links_on_the_next_run(spanish_topic_index):
    run_import(SAMPLE)
    run_import(ENGLISH_SAMPLE, command="import_medlineplus")

    output = run_import(SAMPLE)

    assert "0 created, 3 updated, 1 unchanged" in output
    assert spanish_pages()["es/stiffshoulders"].translation_key == english_pages()["9002"].translation_key


def test_second_run_changes_nothing(spanish_topic_index):
    run_import(ENGLISH_SAMPLE, command="import_medlineplus")
    run_import(SAMPLE)
    before = revision_counts()

    output = run_import(SAMPLE)

    assert "0 created, 0 updated, 4 unchanged" in output
    assert revision_counts() == before


def test_changed_topic_is_updated_by_its_address(tmp_path, spanish_topic_index):
    run_import(SAMPLE)
    before = spanish_pages()["es/walkingforhealth"]
    records = json.loads(SAMPLE.read_text())
    records[2]["title"] = "Caminar es salud"
    records[2]["content_markdown"] = "Caminar cada día mueve las articulaciones."

    output = run_import(write_records(tmp_path, records))

    assert "0 created, 1 updated, 3 unchanged" in output
    after = spanish_pages()["es/walkingforhealth"]
    assert (after.pk, after.slug, after.title) == (before.pk, before.slug, "Caminar es salud")
    assert after.summary == "Caminar cada día mueve las articulaciones."


BAD_FILES = {
    "missing title": (
        [{**SAMPLE_RECORDS[0], "title": ""}, *SAMPLE_RECORDS[1:]],
        "record 1 ('https://medlineplus.gov/spanish/achingknees.html'): has no title",
    ),
    "not a Spanish address": (
        [*SAMPLE_RECORDS[:3], {**SAMPLE_RECORDS[3], "url": "https://example.com/x.html"}],
        "url must be a MedlinePlus en español address",
    ),
    "duplicate url": (
        [*SAMPLE_RECORDS, {**SAMPLE_RECORDS[1], "title": "Otro"}],
        "record 5 ('Otro', 'https://medlineplus.gov/spanish/stiffshoulders.html'): duplicate url, "
        "already used by record 2",
    ),
    "unknown related topic": (
        [{**SAMPLE_RECORDS[0], "related_topic_urls": [f"{SPANISH}nada.html"]}, *SAMPLE_RECORDS[1:]],
        "related topic 'https://medlineplus.gov/spanish/nada.html' is not in the file",
    ),
    "no text": ([{**SAMPLE_RECORDS[0], "content_markdown": " "}], "has no summary text (content_markdown)"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_record_stops_the_import_and_writes_nothing(tmp_path, spanish_topic_index, case):
    records, message = BAD_FILES[case]
    with pytest.raises(CommandError) as error:
        run_import(write_records(tmp_path, records))
    assert message in str(error.value) and "Nothing was imported" in str(error.value)
    assert not spanish_pages()


def test_without_a_spanish_topic_index_nothing_is_created(topic_index):
    with pytest.raises(CommandError, match="no Spanish topic index"):
        run_import(SAMPLE)
    assert not spanish_pages()


def test_english_import_ignores_the_spanish_topic_index(spanish_topic_index, topic_index):
    run_import(ENGLISH_SAMPLE, command="import_medlineplus")
    assert {page.get_parent().pk for page in english_pages().values()} == {topic_index.pk}


def test_progress_and_dry_run(spanish_topic_index):
    output = run_import(SAMPLE, "--dry-run")
    assert "Would import 4" in output and "Dry run: nothing was written." in output
    assert not spanish_pages()
    output = run_import(SAMPLE)
    assert "Creating pages: 4/4\n" in output and "Publishing: 4/4\n" in output


def test_markdown_keeps_only_safe_html_and_medlineplus_links():
    html = markdown_to_html(
        "# Título <i>\n\nTexto con [enlace](javascript:alert) y [otro](http://medlineplus.gov/spanish/a.html).\n\n"
        '1. uno\n2. "dos" & tres\n\n- a\n+ b',
        "https://medlineplus.gov/spanish/x.html",
    )
    assert html == (
        "<h3>Título &lt;i&gt;</h3>"
        '<p>Texto con enlace y <a href="https://medlineplus.gov/spanish/a.html">otro</a>.</p>'
        "<ol><li>uno</li><li>&quot;dos&quot; &amp; tres</li></ol>"
        "<ul><li>a</li><li>b</li></ul>"
    )


@pytest.fixture
def shared_file():
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "medlineplus-es" / "health_topics_es.json"
    if not path.exists():
        pytest.skip("the shared MedlinePlus en español file is not on this machine")
    return path


def test_shared_file_passes_validation(shared_file, spanish_topic_index):
    output = run_import(shared_file, "--dry-run")
    assert "1021 created, 0 updated, 0 unchanged" in output


def test_spanish_group_twins_are_reused_and_keep_an_editors_name(client, spanish_topic_index, topic_index):
    run_import(ENGLISH_SAMPLE, command="import_medlineplus")
    run_import(SAMPLE)
    spanish_groups = TopicGroup.objects.filter(locale__language_code="es")
    count = spanish_groups.count()
    older = spanish_groups.get(name="Personas mayores")
    older.name, older.slug = "Adultos mayores", "adultos-mayores"
    older.save()

    output = run_import(SAMPLE)

    assert "0 created, 0 updated, 4 unchanged" in output
    assert spanish_groups.count() == count
    assert "Adultos mayores" in {group.name for group in spanish_pages()["es/achingknees"].groups.all()}
    spanish_html = client.get(spanish_topic_index.url + "?library=1").content.decode()
    english_html = client.get(topic_index.url + "?library=1").content.decode()
    assert "Adultos mayores" in spanish_html and "Older Adults" not in spanish_html
    assert "Older Adults" in english_html and "Adultos mayores" not in english_html
    assert client.get(spanish_topic_index.url + "?group=adultos-mayores&library=1").status_code == 200
    assert client.get(topic_index.url + "?group=adultos-mayores&library=1").status_code == 404


def test_every_group_in_the_shared_english_file_has_a_spanish_name():
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "medlineplus" / "health_topics.json"
    if not path.exists():
        pytest.skip("the shared MedlinePlus file is not on this machine")
    records = json.loads(path.read_text())
    groups = {name for record in records for name in record.get("groups", [])}
    assert groups and groups <= set(SPANISH_GROUP_NAMES)
    names = list(SPANISH_GROUP_NAMES.values())
    assert len(set(names)) == len(names)
