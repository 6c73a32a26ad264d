"""schemathesis over the content API: requests generated from the served OpenAPI document (/api/openapi.json), sent to
the app in-process (WSGI, the test database); no answer may be a server error or break the document's schema.

Bounded: a few examples per operation (`MAX_EXAMPLES`), so the whole run stays within seconds."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import TopicGroupFactory, TopicPageFactory
from topics.models import TopicCode

MAX_EXAMPLES = 40
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db, topic_index, settings):
    settings.API_RATE_LIMIT = 1_000_000
    group = TopicGroupFactory(name="Back", slug="back")
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[group])
    topic.codes = [TopicCode(system="icd10cm", code="M54.30"), TopicCode(system="snomedct", code="23056005")]
    topic.save_revision().publish()
    TopicPageFactory(parent=topic_index, title="Back Pain", source="medlineplus", source_id="7")
    # As Django's test client does: the test's open transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_server_error_and_no_schema_violation(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    calls = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        def call(case):
            calls.append(case.call_and_validate(checks=CHECKS).status_code)

        call()
    assert len(calls) >= 5 * len(operations) and 200 in calls
