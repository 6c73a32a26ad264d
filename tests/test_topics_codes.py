"""Clinical codes on topics: format checks in the editor, JSON-LD, site search, MedlinePlus MeSH, the demo's codes."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from demo.content import DemoContentError, topic_codes
from tests.factories import TopicPageFactory
from topics.codes import ICD10CM, MESH, SNOMEDCT, CodeError, normalise, system_named, with_parents
from topics.models import TopicCode, TopicPage

SAMPLE = "tests/fixtures/medlineplus_sample.json"


@pytest.mark.parametrize(
    ("system", "typed", "stored"),
    [
        (ICD10CM, "m54.50", "M54.50"),
        (ICD10CM, " M5450 ", "M54.50"),
        (ICD10CM, "M79.7", "M79.7"),
        (ICD10CM, "G90.511", "G90.511"),
        (SNOMEDCT, "279039007", "279039007"),
        (MESH, "d001416", "D001416"),
        (MESH, "Back  Pain", "Back Pain"),
        ("rxnorm", "6130", "6130"),
    ],
)
def test_codes_are_normalised(system, typed, stored):
    assert normalise(system, typed) == stored


@pytest.mark.parametrize(
    ("system", "typed"),
    [
        (ICD10CM, "M5"),
        (ICD10CM, "54.5"),
        (ICD10CM, "M54.55555"),
        (ICD10CM, "M54.5;drop"),
        (SNOMEDCT, "279039008"),  # check digit wrong
        (SNOMEDCT, "12345"),
        (MESH, "<script>"),
        ("rxnorm", "RX6130"),
        (ICD10CM, ""),
        (ICD10CM, "M" * 500),
    ],
)
def test_bad_codes_are_refused_with_a_message(system, typed):
    with pytest.raises(CodeError, match=r"\w"):
        normalise(system, typed)


def test_systems_are_named_by_alias_or_oid_and_parents_are_listed():
    assert system_named("ICD-10-CM") == system_named("2.16.840.1.113883.6.90") == ICD10CM
    assert system_named("2.16.840.1.113883.6.96") == SNOMEDCT
    assert system_named("2.16.840.1.113883.6.177") == MESH
    assert system_named("nonsense") is None
    assert with_parents(ICD10CM, "G90.511") == ["G90.511", "G90.51", "G90.5"]
    assert with_parents(SNOMEDCT, "279039007") == ["279039007"]


def topic_form(topic, codes):
    data = nested_form_data(
        {
            "title": topic.title,
            "slug": topic.slug,
            "summary": topic.summary,
            "kind": "condition",
            "body": streamfield([("text", {"heading": "About", "text": rich_text("<p>Plain words.</p>")})]),
            "treatment_links": inline_formset([]),
            "related_topic_links": inline_formset([]),
            "codes": inline_formset(codes),
        }
    )
    data["action-publish"] = "action-publish"
    return data


def test_a_bad_code_is_a_form_error_and_a_good_one_is_saved_normalised(admin_client, topic_index):
    topic = TopicPageFactory(parent=topic_index, title="Low back pain")
    url = f"/admin/pages/{topic.pk}/edit/"
    response = admin_client.post(url, topic_form(topic, [{"system": ICD10CM, "code": "M5"}]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not an ICD-10-CM code" in html
    assert not TopicCode.objects.exists()

    response = admin_client.post(url, topic_form(topic, [{"system": ICD10CM, "code": "m5450"}]))
    assert response.status_code == 302
    assert list(TopicCode.objects.values_list("page_id", "system", "code", "key")) == [
        (topic.pk, ICD10CM, "M54.50", "M54.50")
    ]


def test_json_ld_names_each_code_with_its_system(client, topic_index):
    topic = TopicPageFactory(parent=topic_index, title="Fibromyalgia")
    topic.codes = [TopicCode(system=ICD10CM, code="M79.7"), TopicCode(system=SNOMEDCT, code="203082005")]
    topic.save_revision().publish()
    html = client.get(topic.url).content.decode()
    (data,) = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert data[0]["about"]["code"] == [
        {"@type": "MedicalCode", "codeValue": "M79.7", "codingSystem": "ICD-10-CM"},
        {"@type": "MedicalCode", "codeValue": "203082005", "codingSystem": "SNOMED CT"},
    ]


def test_site_search_finds_a_page_by_its_code_typed_in_any_case_or_by_its_parent(client, topic_index):
    coded = TopicPageFactory(parent=topic_index, title="Chronic low back pain")
    coded.codes = [TopicCode(system=ICD10CM, code="M54.50")]
    coded.save_revision().publish()
    TopicPageFactory(parent=topic_index, title="Fibromyalgia")
    for query in ["M54.5", "m54.5", "M54.50", "m5450", "M54"]:
        cache.clear()
        html = client.get("/search/", {"q": query}).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert f'href="{coded.url}"' in main, query
        assert "Fibromyalgia" not in main, query
    cache.clear()


def test_library_topics_keep_their_mesh_descriptors_and_a_second_run_changes_nothing(topic_index):
    out = io.StringIO()
    call_command("import_medlineplus", SAMPLE, stdout=out)
    knees = TopicPage.objects.get(source_id="9001")
    assert list(knees.codes.values_list("system", "code")) == [(MESH, "Knee Joint")]
    assert "Knee Joint" in json.dumps(knees.get_latest_revision().content)
    out = io.StringIO()
    call_command("import_medlineplus", SAMPLE, stdout=out)
    assert "0 created, 0 updated, 6 unchanged" in out.getvalue()


def test_a_bad_code_in_a_demo_file_names_the_file():
    with pytest.raises(DemoContentError, match="sciatica.yaml: code 0"):
        topic_codes("sciatica.yaml", [{"system": "icd10cm", "code": "sciatica"}])


EXPECTED_DEMO_CODES = {
    "chronic-low-back-pain": {"M54.50", "M54.59"},
    "sciatica": {"M54.30", "M54.31", "M54.32", "M54.41"},
    "complex-regional-pain-syndrome": {"G90.50", "G90.511", "G90.529"},
    "fibromyalgia": {"M79.7"},
    "refractory-migraine": {"G43.711", "G43.719", "G43.019"},
    "neck-pain": {"M54.2"},
    "postherpetic-neuralgia": {"B02.29"},
    "diabetic-neuropathy": {"E11.42"},
    "neuropathic-pain": {"M79.2"},
}


def test_demo_condition_pages_carry_their_icd10cm_codes_in_both_languages(demo):
    for slug, expected in EXPECTED_DEMO_CODES.items():
        english = TopicPage.objects.get(slug=slug, locale__language_code="en")
        spanish = TopicPage.objects.get(translation_key=english.translation_key, locale__language_code="es")
        for page in (english, spanish):
            codes = set(page.codes.filter(system=ICD10CM).values_list("code", flat=True))
            assert expected <= codes, (page.slug, codes)
    conditions = TopicPage.objects.filter(kind=TopicPage.KIND_CONDITION, source=TopicPage.SOURCE_CLINIC)
    assert not conditions.filter(codes__isnull=True).exists()
    # Every stored code passes the editor's check.
    for row in TopicCode.objects.all():
        assert normalise(row.system, row.code) == row.code
