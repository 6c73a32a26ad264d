"""Search synonyms: a failed search sent to a topic from the report finds that topic first, at once."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from editorial.setup import EDITORS, MARKETING, ensure_editorial_setup
from search import vocabulary
from search.models import SearchSynonym, ZeroResultQuery
from tests.factories import TopicPageFactory, UserFactory
from tests.staff import verified_login
from tests.test_search import result_titles

REPORT_URL = "/admin/reports/zero-result-searches/"
SEND_URL = "/admin/reports/zero-result-searches/send/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topics(topic_index):
    ensure_editorial_setup()
    return {
        "sciatica": TopicPageFactory(parent=topic_index, title="Sciatica", summary="Pain down the leg."),
        "back": TopicPageFactory(parent=topic_index, title="Chronic low back pain", summary="Pain in the back."),
    }


@pytest.fixture
def marketer(client):
    verified_login(client, UserFactory(groups=[MARKETING]))
    return client


def report_html(client):
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.any_hour
def test_a_failed_search_sent_to_a_topic_finds_it_first_and_leaves_the_report(client, marketer, topics):
    assert result_titles(client, "zingy bottom") == []
    assert ZeroResultQuery.objects.get().query_text == "zingy bottom"
    html = report_html(marketer)
    assert f"{SEND_URL}?q=zingy%20bottom" in html
    assert "0 fixed with a search synonym" in html

    form = marketer.get(SEND_URL, {"q": "zingy bottom"})
    assert form.status_code == 200
    assert "zingy bottom" in form.content.decode()
    response = marketer.post(SEND_URL, {"term": "zingy bottom", "topic": topics["sciatica"].pk})
    assert response.status_code == 302

    synonym = SearchSynonym.objects.get()
    assert (synonym.term, synonym.language, synonym.topic_id) == ("zingy bottom", "en", topics["sciatica"].pk)
    assert synonym.added_by.groups.get().name == MARKETING
    assert timezone.localdate(synonym.added_at) == timezone.localdate()  # stored in UTC, the clinic's day
    assert topics["sciatica"].specific.also_called == ""  # the page itself is untouched

    assert result_titles(client, "zingy bottom")[0] == "Sciatica"
    assert result_titles(client, "Zingy  botom")[0] == "Sciatica"  # a near spelling
    assert ZeroResultQuery.objects.get().count == 1  # found now: no longer logged
    html = report_html(marketer)
    assert "?q=zingy%20bottom" not in html
    assert "now find Sciatica first" in html
    assert "1 fixed with a search synonym" in html


def test_deleting_a_synonym_takes_effect_at_once(client, topics):
    synonym = SearchSynonym.objects.create(term="zingy bottom", topic=topics["back"])
    assert result_titles(client, "zingy bottom")[0] == "Chronic low back pain"
    synonym.delete()
    assert result_titles(client, "zingy bottom") == []


def test_another_process_sees_a_new_synonym_through_the_shared_version(client, topics):
    assert result_titles(client, "zingy bottom") == []
    version = cache.get(vocabulary.VERSION.key)
    SearchSynonym.objects.create(term="zingy bottom", topic=topics["back"])
    # What another process checks before every search: the version in the shared cache has moved on.
    assert cache.get(vocabulary.VERSION.key) != version


def test_a_synonym_outranks_a_full_text_match(client, topics, topic_index):
    TopicPageFactory(parent=topic_index, title="Leg cramps", summary="Cramps often called a zinger.")
    SearchSynonym.objects.create(term="zinger", topic=topics["sciatica"])
    assert result_titles(client, "zinger")[:2] == ["Sciatica", "Leg cramps"]


def test_sending_needs_permission_and_a_topic(client, topics):
    verified_login(client, UserFactory(groups=[]))
    assert client.post(SEND_URL, {"term": "zingy", "topic": topics["back"].pk}).status_code in (302, 403)
    verified_login(client, UserFactory(groups=[EDITORS]))
    assert client.post(SEND_URL, {"term": "zingy"}).status_code == 400
    assert client.post(SEND_URL, {"term": "  ", "topic": topics["back"].pk}).status_code == 400
    assert client.post(SEND_URL, {"term": "zingy", "topic": topics["back"].pk}).status_code == 302
    again = client.post(SEND_URL, {"term": "ZINGY", "topic": topics["sciatica"].pk})
    assert again.status_code == 400
    assert "already sends searches to Chronic low back pain" in again.content.decode()
    assert SearchSynonym.objects.count() == 1


def test_editors_and_marketing_manage_synonyms_as_a_snippet(client, topics):
    SearchSynonym.objects.create(term="zingy", topic=topics["back"])
    for group in (EDITORS, MARKETING):
        verified_login(client, UserFactory(groups=[group]))
        response = client.get("/admin/snippets/search/searchsynonym/")
        assert response.status_code == 200
        assert "zingy" in response.content.decode()


@pytest.mark.any_hour
def test_old_fixed_searches_are_not_counted(client, marketer, topics):
    old = timezone.localdate() - datetime.timedelta(days=40)
    ZeroResultQuery.objects.create(query_text="zingy", day=old)
    SearchSynonym.objects.create(term="zingy", topic=topics["back"])
    assert "0 fixed with a search synonym" in report_html(marketer)


def test_type_ahead_names_the_synonym_that_matched(client, topic_index):
    TopicPageFactory(
        parent=topic_index,
        title="Complex regional pain syndrome (CRPS)",
        also_called="RSD\nReflex sympathetic dystrophy",
    )
    TopicPageFactory(parent=topic_index, title="Chronic low back pain", also_called="Lumbago")

    def results(text):
        return [
            (item["title"], item["matched"]) for item in client.get("/search/suggest/", {"q": text}).json()["results"]
        ]

    assert results("lumba") == [("Chronic low back pain", "Lumbago")]
    assert results("rsd") == [("Complex regional pain syndrome (CRPS)", "RSD")]
    assert results("crps") == [("Complex regional pain syndrome (CRPS)", None)]  # in the title already
    assert results("chronic") == [("Chronic low back pain", None)]
    SearchSynonym.objects.create(term="Zingy bottom", topic=TopicPageFactory(parent=topic_index, title="Sciatica"))
    assert results("zingy") == [("Sciatica", "zingy bottom")]


def test_a_synonym_added_in_the_snippet_editor_records_who_added_it(client, topics):
    editor = UserFactory(groups=[EDITORS])
    verified_login(client, editor)
    response = client.post(
        "/admin/snippets/search/searchsynonym/add/", {"term": " Zingy  Bottom ", "topic": topics["back"].pk}
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get()
    assert (synonym.term, synonym.added_by) == ("zingy bottom", editor)
    assert result_titles(client, "zingy bottom")[0] == "Chronic low back pain"
