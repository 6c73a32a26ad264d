"""`import_medlineplus`: upsert, idempotency, bad input, options and the editors' source filter."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Revision

from tests.factories import TopicGroupFactory, TopicPageFactory
from tests.staff import verified_login
from topics.importers.medlineplus import paragraphs, summarise
from topics.models import TopicGroup, TopicPage

SAMPLE = Path(__file__).parent / "fixtures" / "medlineplus_sample.json"
SAMPLE_RECORDS = json.loads(SAMPLE.read_text())


def run_import(*args):
    out = io.StringIO()
    call_command("import_medlineplus", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def imported():
    return {page.source_id: page for page in TopicPage.objects.filter(source=TopicPage.SOURCE_MEDLINEPLUS)}


def revision_counts():
    return {
        page.source_id: Revision.page_revisions.filter(object_id=str(page.pk)).count() for page in imported().values()
    }


def write_records(tmp_path, records, name="topics.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records))
    return path


def test_import_creates_one_published_page_per_topic(client, topic_index):
    output = run_import(SAMPLE)

    assert "6 created, 0 updated, 0 unchanged" in output
    pages = imported()
    assert len(pages) == 6
    knees = pages["9001"]
    assert knees.get_parent().pk == topic_index.pk
    assert knees.live and knees.live_revision_id is not None
    assert knees.source_url == "https://medlineplus.gov/achingknees.html"
    assert knees.also_called_names == ["Knee ache", "Sore knees"]
    assert sorted(group.name for group in knees.groups.all()) == ["Bones, Joints and Muscles", "Older Adults"]
    assert [link.related_page.title for link in knees.related_topic_links.all()] == [
        "Stiff Shoulders",
        "Walking for Health",
    ]
    # Whole sentences, with the space the HTML-to-text step left before the full stop removed.
    assert knees.summary.startswith("Aching knees are a common complaint at any age. Many people")
    assert knees.summary.endswith(".") and len(knees.summary) <= 300
    block = knees.body[0]
    assert block.block_type == "condition_overview"
    overview = block.value["what_it_is"].source
    assert "A &lt;b&gt;warm&lt;/b&gt; pack" in overview and "<b>" not in overview

    html = client.get(knees.url).content.decode()
    source = '<a href="https://medlineplus.gov/achingknees.html">MedlinePlus, National Library of Medicine</a>'
    assert f"Source: {source}" in html
    assert "See your doctor if the knee is red, hot or swollen." in html


def test_groups_are_created_once_and_existing_groups_reused(topic_index):
    existing = TopicGroupFactory(name="Older adults", slug="older-adults")
    run_import(SAMPLE)
    assert TopicGroup.objects.filter(name__iexact="older adults").count() == 1
    assert existing.topics.get().source_id == "9001"
    created = TopicGroup.objects.get(name="Bones, Joints and Muscles")
    assert created.slug == "bones-joints-and-muscles"
    assert created.sort_order > existing.sort_order


def test_second_run_changes_nothing(topic_index):
    run_import(SAMPLE)
    before = revision_counts()

    output = run_import(SAMPLE)

    assert "0 created, 0 updated, 6 unchanged" in output
    assert revision_counts() == before


def test_changed_summary_updates_only_that_page_as_a_new_revision(tmp_path, topic_index):
    run_import(SAMPLE)
    before = revision_counts()
    pk_before = imported()["9003"].pk
    records = json.loads(SAMPLE.read_text())
    records[2]["content"] = "Walking every day keeps joints moving. Start slowly."

    output = run_import(write_records(tmp_path, records))

    assert "0 created, 1 updated, 5 unchanged" in output
    after = revision_counts()
    assert after["9003"] == before["9003"] + 1
    assert {k: v for k, v in after.items() if k != "9003"} == {k: v for k, v in before.items() if k != "9003"}
    walking = imported()["9003"]
    assert walking.pk == pk_before and walking.live
    assert walking.summary == "Walking every day keeps joints moving. Start slowly."
    assert walking.live_revision_id == walking.latest_revision_id


def test_renamed_topic_keeps_its_page_and_address(tmp_path, topic_index):
    run_import(SAMPLE)
    before = imported()["9005"]
    records = json.loads(SAMPLE.read_text())
    records[4]["title"] = "Cold Fingers"

    run_import(write_records(tmp_path, records))

    after = imported()["9005"]
    assert (after.pk, after.slug, after.title) == (before.pk, "cold-hands", "Cold Fingers")


def test_clinic_page_with_the_same_slug_is_left_alone(topic_index):
    clinic = TopicPageFactory(parent=topic_index, title="Cold hands", slug="cold-hands", summary="Our own page.")
    run_import(SAMPLE)
    clinic.refresh_from_db()
    assert (clinic.source, clinic.summary) == (TopicPage.SOURCE_CLINIC, "Our own page.")
    assert imported()["9005"].slug == "cold-hands-medlineplus"


def without(record, field):
    return {key: value for key, value in record.items() if key != field}


BAD_FILES = {
    "missing id": ([without(SAMPLE_RECORDS[0], "id"), *SAMPLE_RECORDS[1:]], "record 1 ('Aching Knees'): has no id"),
    "missing title": (
        [SAMPLE_RECORDS[0], {**SAMPLE_RECORDS[1], "title": "  "}, *SAMPLE_RECORDS[2:]],
        "record 2 (id '9002'): has no title",
    ),
    "duplicate id": (
        [*SAMPLE_RECORDS, {**SAMPLE_RECORDS[3], "title": "Another Topic"}],
        "record 7 (id '9004', 'Another Topic'): duplicate id, already used by record 4",
    ),
    "unknown related topic": (
        [*SAMPLE_RECORDS[:5], {**SAMPLE_RECORDS[5], "related_topics": ["No Such Topic"]}],
        "record 6 (id '9006', 'Jaw Clicking'): related topic 'No Such Topic' is not in the file",
    ),
    "not a list": ({"topics": []}, "the file must hold a JSON array of topics"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_record_stops_the_import_and_writes_nothing(tmp_path, topic_index, case):
    records, message = BAD_FILES[case]
    with pytest.raises(CommandError) as error:
        run_import(write_records(tmp_path, records))
    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not imported() and not TopicGroup.objects.exists()


def test_every_problem_is_listed_at_once(tmp_path, topic_index):
    records = [without(SAMPLE_RECORDS[0], "title"), without(SAMPLE_RECORDS[1], "content"), *SAMPLE_RECORDS[2:]]
    with pytest.raises(CommandError) as error:
        run_import(write_records(tmp_path, records))
    assert "2 problem(s)" in str(error.value)
    assert "record 1 (id '9001'): has no title" in str(error.value)
    assert "record 2 (id '9002', 'Stiff Shoulders'): has no summary text (content)" in str(error.value)


def test_missing_file_and_invalid_json_are_clear_errors(tmp_path, topic_index):
    with pytest.raises(CommandError, match=r"no-such\.json: no such file"):
        run_import(tmp_path / "no-such.json")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "1", "title": "Oops",')
    with pytest.raises(CommandError, match=r"broken\.json: not valid JSON \(.*line 1"):
        run_import(broken)
    assert not imported()


def test_bad_file_after_an_import_leaves_the_pages_as_they_were(tmp_path, topic_index):
    run_import(SAMPLE)
    before = revision_counts()
    records = [{**SAMPLE_RECORDS[0], "content": "Changed text."}, *SAMPLE_RECORDS[1:], {"title": "No id"}]
    with pytest.raises(CommandError):
        run_import(write_records(tmp_path, records))
    assert revision_counts() == before
    assert imported()["9001"].summary.startswith("Aching knees")


def test_failure_while_writing_rolls_everything_back(monkeypatch, topic_index):
    from topics.importers import medlineplus_pages

    original = medlineplus_pages.MedlinePlusImporter.create_page
    calls = []

    def fail_on_fourth(self, topic, groups, slugs):
        calls.append(topic.id)
        if len(calls) == 4:
            raise RuntimeError("database went away")
        return original(self, topic, groups, slugs)

    monkeypatch.setattr(medlineplus_pages.MedlinePlusImporter, "create_page", fail_on_fourth)
    with pytest.raises(RuntimeError):
        run_import(SAMPLE)
    assert not imported() and not TopicGroup.objects.exists()


def test_dry_run_reports_and_writes_nothing(topic_index):
    output = run_import(SAMPLE, "--dry-run")
    assert "Would import 6 MedlinePlus topics" in output and "6 created, 0 updated, 0 unchanged" in output
    assert "Dry run: nothing was written." in output
    assert not imported() and not TopicGroup.objects.exists()


def test_limit_imports_the_first_topics_and_links_the_rest_later(topic_index):
    output = run_import(SAMPLE, "--limit", 2)

    assert "2 created, 0 updated, 0 unchanged" in output
    assert "1 related-topic links left out" in output
    knees = imported()["9001"]
    assert [link.related_page.source_id for link in knees.related_topic_links.all()] == ["9002"]

    output = run_import(SAMPLE)
    assert "4 created, 1 updated, 1 unchanged" in output
    knees = imported()["9001"]
    assert [link.related_page.source_id for link in knees.related_topic_links.all()] == ["9002", "9003"]


def test_parent_option_chooses_the_topic_index(home, topic_index):
    from tests.factories import TopicIndexPageFactory

    other = TopicIndexPageFactory(parent=home, title="Health library", slug="library")
    with pytest.raises(CommandError, match="several topic indexes"):
        run_import(SAMPLE)
    with pytest.raises(CommandError, match=r"slug 'nowhere' \(topic indexes: topics, library\)"):
        run_import(SAMPLE, "--parent", "nowhere")
    run_import(SAMPLE, "--parent", "library")
    assert {page.get_parent().pk for page in imported().values()} == {other.pk}


def test_progress_is_plain_lines_when_not_a_terminal(topic_index):
    output = run_import(SAMPLE)
    assert "Creating pages: 6/6\n" in output and "Publishing: 6/6\n" in output
    assert "\r" not in output


def test_real_file_format_is_accepted(tmp_path, topic_index):
    """Ids in the shared file are strings; numbers are accepted too."""
    records = [{**record, "id": int(record["id"])} for record in SAMPLE_RECORDS]
    run_import(write_records(tmp_path, records))
    assert set(imported()) == {"9001", "9002", "9003", "9004", "9005", "9006"}


def test_editors_can_filter_topics_by_source_in_the_admin(client, topic_index):
    TopicPageFactory(parent=topic_index, title="Low-dose ketamine infusions")
    run_import(SAMPLE)
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    verified_login(client, admin)
    url = reverse("health_topics:index")

    everything = client.get(url).content.decode()
    assert "Low-dose ketamine infusions" in everything and "Aching Knees" in everything

    medlineplus = client.get(url, {"source": "medlineplus"}).content.decode()
    assert "Aching Knees" in medlineplus and "Low-dose ketamine infusions" not in medlineplus

    clinic = client.get(url, {"source": "clinic"}).content.decode()
    assert "Low-dose ketamine infusions" in clinic and "Aching Knees" not in clinic


def test_summary_keeps_whole_sentences():
    text = "First sentence is short. " + "Second sentence goes on and on " * 12 + "end."
    assert summarise(text) == "First sentence is short."
    long_first = "word " * 100
    summary = summarise(long_first)
    assert summary.endswith("…") and len(summary) <= 300


def test_paragraphs_split_long_text_at_sentences():
    text = " ".join(f"Sentence number {n} says something useful about pain." for n in range(30))
    result = paragraphs(text)
    assert len(result) > 1
    assert all(paragraph.endswith(".") for paragraph in result)
    assert " ".join(result) == text


@pytest.fixture
def shared_file():
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "medlineplus" / "health_topics.json"
    if not path.exists():
        pytest.skip("the shared MedlinePlus file is not on this machine")
    return path


def test_shared_file_passes_validation(shared_file, topic_index):
    output = run_import(shared_file, "--dry-run")
    assert "1017 created, 0 updated, 0 unchanged" in output


def test_related_topics_keep_the_files_order(tmp_path, topic_index):
    records = [dict(record) for record in SAMPLE_RECORDS]
    records[0]["related_topics"] = ["Walking for Health", "Stiff Shoulders"]  # not alphabetical
    path = write_records(tmp_path, records)
    run_import(path)
    page = TopicPage.objects.get(source_id=records[0]["id"])
    assert [topic.title for topic in page.related_topics] == ["Walking for Health", "Stiff Shoulders"]
    assert list(page.related_topic_links.values_list("sort_order", flat=True)) == [0, 1]
    before = revision_counts()

    assert "0 created, 0 updated, 6 unchanged" in run_import(path)
    assert revision_counts() == before


def test_pages_imported_without_link_order_get_it_once(topic_index):
    from topics.models import RelatedTopic

    run_import(SAMPLE)
    RelatedTopic.objects.update(sort_order=None)  # as imported before links kept their order
    assert "0 unchanged" not in run_import(SAMPLE)
    assert "0 created, 0 updated, 6 unchanged" in run_import(SAMPLE)
