"""The content API under /api/: lookup by code (Infobutton style), the list and detail endpoints' contracts,
what never appears (drafts, private pages), caching headers, CORS, the rate limit and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.sections import SECTION_TYPES
from tests.conftest import translate_to_spanish
from tests.factories import TopicGroupFactory, TopicPageFactory
from topics.blocks import TopicBodyBlock
from topics.codes import ICD10CM, MESH
from topics.models import TopicCode, TopicPage

INFOBUTTON_ES = {
    "mainSearchCriteria.v.c": "M54.5",
    "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.90",
    "informationRecipient.languageCode.c": "es",
    "knowledgeResponseType": "application/json",
}


def coded(page, *codes, system=ICD10CM):
    """`page` published with `codes`: strings of `system`, or (system, code) pairs."""
    pairs = [(system, code) if isinstance(code, str) else code for code in codes]
    page.codes = [TopicCode(system=each, code=code) for each, code in pairs]
    page.save_revision().publish()
    return page


def titles(response):
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


def test_lookup_of_the_demo_finds_chronic_low_back_pain_first_in_both_languages_and_infobutton_form(client, demo):
    english = client.get("/api/lookup", {"code": "M54.5", "system": "icd10cm"}).json()
    first = english["results"][0]
    assert (first["title"], first["source"], first["language"]) == ("Chronic low back pain", "clinic", "en")
    assert first["url"] == TopicPage.objects.get(slug="chronic-low-back-pain").get_full_url()
    assert english["fallback_to_english"] is False

    spanish = client.get("/api/lookup", {"code": "M54.5", "system": "icd10cm", "lang": "es"}).json()
    first = spanish["results"][0]
    assert (first["title"], first["language"]) == ("Dolor crónico en la parte baja de la espalda", "es")
    assert "/es/" in first["url"]
    assert client.get("/api/lookup", INFOBUTTON_ES).json()["results"] == spanish["results"]

    parent = titles(client.get("/api/lookup", {"code": "M54"}))
    assert {"Chronic low back pain", "Sciatica", "Chronic neck pain"} <= set(parent)
    assert titles(client.get("/api/lookup", {"code": "279039007", "system": "snomedct"})) == ["Chronic low back pain"]
    assert titles(client.get("/api/lookup", {"code": "g90.511"}))[0] == "Complex regional pain syndrome (CRPS)"


@pytest.mark.parametrize("code", ["Z99.89", "!!!", "M", "9" * 120, "D000000"])
def test_an_unknown_or_malformed_code_is_an_empty_200(client, topic_index, code):
    response = client.get("/api/lookup", {"code": code})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"code": "M54.5", "knowledgeResponseType": "text/xml"},
        {"code": "M54.5", "system": "icd9"},
        {"mainSearchCriteria.v.c": "M54.5", "mainSearchCriteria.v.cs": "1.2.3"},
    ],
)
def test_a_lookup_the_api_cannot_answer_is_a_400_problem(client, topic_index, params):
    response = client.get("/api/lookup", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


def test_lookup_ranks_clinic_pages_first_and_falls_back_to_english_saying_so(client, spanish_topic_index, topic_index):
    library = TopicPageFactory(parent=topic_index, title="Back Pain", source="medlineplus", source_id="1")
    coded(library, (MESH, "Back Pain"), (ICD10CM, "M54.50"))
    clinic = coded(TopicPageFactory(parent=topic_index, title="Chronic low back pain"), "M54.50")
    assert titles(client.get("/api/lookup", {"code": "M54.50"})) == ["Chronic low back pain", "Back Pain"]
    assert titles(client.get("/api/lookup", {"code": "back pain", "system": "mesh"})) == ["Back Pain"]

    translate_to_spanish(clinic, "Dolor lumbar crónico", "dolor-lumbar")
    answer = client.get("/api/lookup", {"code": "M54.50", "lang": "es"}).json()
    assert [(r["title"], r["language"]) for r in answer["results"]] == [
        ("Dolor lumbar crónico", "es"),
        ("Back Pain", "en"),
    ]
    assert answer["fallback_to_english"] is True and answer["note"]


def test_drafts_and_private_pages_never_appear_and_a_page_made_private_or_unpublished_disappears(client, topic_index):
    group = TopicGroupFactory(name="Back", slug="back")
    shown = coded(TopicPageFactory(parent=topic_index, title="Gout shown", groups=[group]), "M10.9")
    draft = coded(TopicPageFactory(parent=topic_index, title="Gout draft", groups=[group]), "M10.9")
    draft.unpublish()
    private = coded(TopicPageFactory(parent=topic_index, title="Gout private", groups=[group]), "M10.9")
    private.view_restrictions.create(restriction_type="login")

    def everything():
        lists = [client.get("/api/topics", params).json() for params in ({}, {"search": "gout"}, {"code": "M10"})]
        found = {item["title"] for answer in lists for item in answer["items"]}
        found |= set(titles(client.get("/api/lookup", {"code": "M10.9"})))
        groups = client.get("/api/groups").json()["items"]
        details = {page.title: client.get(f"/api/topics/{page.pk}").status_code for page in (shown, draft, private)}
        return found, groups[0]["topic_count"], details

    assert everything() == ({"Gout shown"}, 1, {"Gout shown": 200, "Gout draft": 404, "Gout private": 404})
    shown.view_restrictions.create(restriction_type="password", password="x")
    assert everything()[0] == set()
    shown.view_restrictions.all().delete()
    assert everything()[0] == {"Gout shown"}
    shown.unpublish()
    assert everything() == (set(), 0, {"Gout shown": 404, "Gout draft": 404, "Gout private": 404})


def test_topic_detail_contract_with_sections_reviewer_dates_translation_and_attribution(client, demo):
    topic = TopicPage.objects.get(slug="sciatica", locale__language_code="en")
    response = client.get(f"/api/topics/{topic.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["url"] == topic.get_full_url()
    assert data["language"] == "en" and data["reviewer"] == topic.reviewer_name
    assert data["last_reviewed"] == topic.last_reviewed.isoformat()
    assert data["next_review_due"] == topic.next_review_due.isoformat()
    assert {"language": "es"}.items() <= data["translations"][0].items()
    assert data["translations"][0]["api_url"].startswith("/api/topics/")
    assert {"system": "icd10cm", "code": "M54.30"}.items() <= data["codes"][0].items()
    assert data["attribution"]["licence"] and data["attribution"]["source_url"] == data["url"]
    types = [section["type"] for section in data["sections"]]
    assert types == [block.block_type for block in topic.body if block.block_type != "call_to_action"] or types
    assert data["care_links"] and all(link["kind"] == "treatment" for link in data["care_links"])
    care = [s for s in data["sections"] if s["type"] == "urgent_help"]
    assert care and care[0]["level"] in ("non_urgent", "urgent", "emergency")

    treatment = TopicPage.objects.get(slug="nerve-blocks", locale__language_code="en")
    detail = client.get(f"/api/topics/{treatment.pk}").json()
    kinds = {section["type"] for section in detail["sections"]}
    assert kinds & {"treatment_explanation", "treatment_comparison", "pre_screen", "faq"}
    # Every section of every demo topic and article matches its schema (the response is validated by ninja).
    for page in TopicPage.objects.live():
        path = "library" if page.source == "medlineplus" else "topics"
        assert client.get(f"/api/{path}/{page.pk}").status_code == 200
    articles = client.get("/api/articles", {"limit": 100}).json()
    assert articles["count"] >= 1
    for item in articles["items"]:
        assert client.get(item["api_url"]).json()["sections"] is not None
    clinic = client.get("/api/clinic", {"language": "es"}).json()
    assert clinic["name"] and clinic["url"].endswith("/es/")


def test_every_body_block_has_a_section_schema():
    assert set(TopicBodyBlock().child_blocks) == SECTION_TYPES


def test_list_filters_language_group_kind_code_search_and_updated_since(client, spanish_topic_index, topic_index):
    back = TopicGroupFactory(name="Back", slug="back")
    low_back = coded(TopicPageFactory(parent=topic_index, title="Low back pain", groups=[back]), "M54.50")
    blocks = TopicPageFactory(parent=topic_index, title="Nerve blocks", kind="treatment", groups=[back])
    TopicPageFactory(parent=topic_index, title="Migraine")
    translate_to_spanish(low_back, "Dolor lumbar", "dolor-lumbar")

    def listed(**params):
        response = client.get("/api/topics", params)
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    assert listed() == ["Dolor lumbar", "Low back pain", "Migraine", "Nerve blocks"]
    assert listed(language="es") == ["Dolor lumbar"]
    assert listed(group="back", language="en") == ["Low back pain", "Nerve blocks"]
    assert listed(kind="treatment") == ["Nerve blocks"]
    assert listed(code="M54", language="en") == ["Low back pain"]
    assert listed(search="migraine", language="en") == ["Migraine"]
    assert listed(limit=2, offset=1) == ["Low back pain", "Migraine"]
    since = timezone.now()
    blocks.title = "Nerve blocks and injections"
    blocks.save_revision().publish()
    assert listed(updated_since=since.isoformat()) == ["Nerve blocks and injections"]
    assert listed(updated_since=(since + datetime.timedelta(days=1)).date().isoformat()) == []
    assert client.get("/api/library").json()["count"] == 0
    for bad in ({"limit": 101}, {"limit": 0}, {"offset": -1}, {"language": "fr"}, {"updated_since": "yesterday"}):
        assert client.get("/api/topics", bad).status_code == 422, bad


def test_answers_carry_cors_etag_last_modified_and_s_maxage_and_revalidate_to_304(client, topic_index, settings):
    settings.FRONT_CACHE_SECONDS = 600
    topic = TopicPageFactory(parent=topic_index, title="Sciatica")
    topic.save_revision().publish()
    response = client.get(f"/api/topics/{topic.pk}")
    assert response["Cache-Control"] == "max-age=0, s-maxage=600"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    again = client.get(f"/api/topics/{topic.pk}", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    head = client.head(f"/api/topics/{topic.pk}")
    assert (head.status_code, head.content, head["ETag"]) == (200, b"", response["ETag"])
    preflight = client.options(
        "/api/lookup", headers={"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/api/openapi.json").json()["openapi"].startswith("3.1")
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle" in docs.content and b"cdn.jsdelivr" not in docs.content


def test_past_the_rate_limit_a_client_gets_429_never_cached(client, topic_index, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [client.get("/api/groups").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/groups")
    assert refused["Cache-Control"] == "no-store" and refused["Retry-After"] == "60"
    other = client.get("/api/groups", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def count_queries(client, path, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path, params).status_code == 200
    return len(context.captured_queries)


def make_topics(topic_index, group, start, count):
    """`count` live topics in `group`, each with two codes (saved directly: revisions are not what is counted)."""
    pages = [
        TopicPageFactory(parent=topic_index, title=f"Topic {number:03d}", groups=[group])
        for number in range(start, start + count)
    ]
    TopicCode.objects.bulk_create(
        TopicCode(page=page, system=system, code=code, key=code.upper())
        for page in pages
        for system, code in ((ICD10CM, "M54.50"), (MESH, "Back Pain"))
    )


#: Queries per answer, pinned: a list, its count, groups, translations, codes and reviewers are read once per page of
#: results, never once per topic.
PINNED_QUERIES = [
    ("/api/topics", {"limit": 100}, 6),
    ("/api/topics", {"code": "M54", "limit": 100}, 6),
    ("/api/groups", {}, 1),
    ("/api/lookup", {"code": "M54.5", "lang": "es"}, 2),
    ("/api/articles", {}, 1),
]


def test_query_counts_do_not_grow_with_the_number_of_topics(
    client, spanish_topic_index, topic_index, django_assert_max_num_queries
):
    group = TopicGroupFactory(name="Back", slug="back")
    make_topics(topic_index, group, 0, 10)
    counts = [count_queries(client, path, params) for path, params, _pinned in PINNED_QUERIES]
    make_topics(topic_index, group, 10, 40)
    assert [count_queries(client, path, params) for path, params, _pinned in PINNED_QUERIES] == counts
    for path, params, pinned in PINNED_QUERIES:
        with django_assert_max_num_queries(pinned):
            client.get(path, params)
    assert len(client.get("/api/lookup", {"code": "M54.5"}).json()["results"]) == 50
    assert client.get("/api/topics", {"limit": 100}).json()["count"] == 50
