"""The content API through the front cache (deploy/varnish/clinic.vcl, a real Varnish as in tests/test_varnish.py):
every endpoint is a hit on a repeat, a publish is visible on the next request, and the API's own query parameters
are kept in the cache key while others are dropped."""

import json
import re

from api.routes import api
from tests.conftest import translate_to_spanish
from tests.factories import TopicGroupFactory, TopicPageFactory
from tests.test_varnish import VCL, front, varnish  # noqa: F401 (fixtures)
from topics.models import TopicCode


def api_parameters_kept_by_the_vcl():
    pattern = re.search(r'"\^/api/".*?\(\?!\(\?:([^)]+)\)=\)', VCL.read_text(), re.S)
    return {name.replace("\\.", ".") for name in pattern.group(1).split("|")}


def test_the_vcl_keeps_every_parameter_the_api_reads():
    document = api.get_openapi_schema(path_prefix="/api")
    names = {
        parameter["name"]
        for operations in document["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert names <= api_parameters_kept_by_the_vcl()


def test_every_endpoint_is_a_hit_on_a_repeat_and_a_publish_is_visible_on_the_next_request(front, topic_index):  # noqa: F811
    translate_to_spanish(topic_index.get_parent(), "Inicio")
    translate_to_spanish(topic_index, "Temas de salud", "temas")
    group = TopicGroupFactory(name="Back", slug="back")
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[group])
    topic.codes = [TopicCode(system="icd10cm", code="M54.30")]
    topic.save_revision().publish()
    library = TopicPageFactory(parent=topic_index, title="Back Pain", source="medlineplus", source_id="7")
    urls = [
        "/api/topics?language=en&limit=10",
        f"/api/topics/{topic.pk}",
        "/api/library",
        f"/api/library/{library.pk}",
        "/api/groups",
        "/api/articles",
        "/api/clinic?language=es",
        "/api/lookup?code=M54.3&system=icd10cm&lang=es",
        "/api/lookup?mainSearchCriteria.v.c=M54.3&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90",
        "/api/openapi.json",
    ]
    for url in urls:
        first = front.request(url)
        assert (first.status, first.headers["X-Cache"]) == (200, "miss"), url
        assert first.headers["Access-Control-Allow-Origin"] == "*"
        again = front.request(url)
        assert (again.headers["X-Cache"], again.text) == ("hit", first.text), url
    # A parameter the API does not read is answered from the same object.
    assert front.request("/api/topics?utm_source=x&language=en&limit=10").headers["X-Cache"] == "hit"

    topic.title = "Sciatica and leg pain"
    topic.save_revision().publish()
    for url in urls[:2] + urls[7:9]:
        fresh = front.request(url)
        assert fresh.headers["X-Cache"] == "miss", url
        assert "Sciatica and leg pain" in fresh.text, url
    topic.unpublish()
    assert front.request(f"/api/topics/{topic.pk}").status == 404
    assert json.loads(front.request(urls[7]).text)["results"] == []
