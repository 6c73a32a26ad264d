"""The search-backend variables docs/operations.md ("Search backend") tells an operator to set reach Wagtail's
OpenSearch/Elasticsearch backend, under the names Wagtail 8 (modelsearch) reads. No server runs here: the settings
are read in a fresh interpreter and handed to the backend's own constructor, whose client only records its options."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

ROOT = Path(__file__).resolve().parent.parent
SEARCH_VARIABLES = ("SEARCH_BACKEND", "SEARCH_URL", "SEARCH_INDEX_PREFIX", "SEARCH_INDEX", "SEARCH_TIMEOUT")


def search_backends(**variables):
    """WAGTAILSEARCH_BACKENDS as website.settings.base computes it from `variables` (and no other SEARCH_*)."""
    env = {name: value for name, value in os.environ.items() if name not in SEARCH_VARIABLES}
    env.update(variables)
    code = "import json, website.settings.base as s; print(json.dumps(s.WAGTAILSEARCH_BACKENDS))"
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


class RecordingClient:
    def __init__(self, hosts, **options):
        self.hosts, self.options = hosts, options


class RecordingBackend(ElasticsearchBaseSearchBackend):
    """Wagtail's Elasticsearch/OpenSearch backend, with a client that connects nowhere."""

    client_class = RecordingClient


def backend_from(config):
    params = dict(config)
    params.pop("BACKEND")
    backend = RecordingBackend(params)
    return backend, params  # what the backend left unread


def test_the_default_is_the_database_backend_with_no_server_options():
    assert search_backends() == {"default": {"BACKEND": "search.backend"}}


def test_every_documented_variable_reaches_the_opensearch_backend():
    config = search_backends(
        SEARCH_BACKEND="wagtail.search.backends.opensearch2",
        SEARCH_URL="https://search:secret@os1.internal:9200, https://search:secret@os2.internal:9200",
        SEARCH_INDEX_PREFIX="clinic_",
        SEARCH_TIMEOUT="5",
    )["default"]
    assert config["BACKEND"] == "wagtail.search.backends.opensearch2"
    backend, unread = backend_from(config)
    assert unread == {}, "options Wagtail's backend ignores"
    assert [host["host"] for host in backend.es.hosts] == ["os1.internal", "os2.internal"]
    assert backend.es.hosts[0]["use_ssl"] is True and backend.es.hosts[0]["http_auth"] == ("search", "secret")
    assert backend.es.options["timeout"] == 5
    assert backend.get_index_for_model(_page_model()).name == "clinic_wagtailcore_page"


def test_the_older_search_index_variable_becomes_the_prefix():
    config = search_backends(SEARCH_BACKEND="wagtail.search.backends.elasticsearch8", SEARCH_INDEX="clinic")["default"]
    backend, unread = backend_from(config)
    assert unread == {}
    assert backend.get_index_for_model(_page_model()).name == "clinic_wagtailcore_page"


@pytest.mark.parametrize("module", ["opensearch2", "opensearch3", "elasticsearch7", "elasticsearch8", "elasticsearch9"])
def test_the_documented_backend_modules_exist(module):
    assert importlib.util.find_spec(f"wagtail.search.backends.{module}") is not None


def _page_model():
    from wagtail.models import Page

    return Page
