"""The editor's live preview: the admin may frame its own previews, nothing else may frame the site."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories import CallToActionFactory, TopicPageFactory


def directives(response):
    csp = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())


@pytest.fixture
def topic(topic_index):
    page = TopicPageFactory(parent=topic_index, title="Sciatica", slug="sciatica")
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_public_and_cached_pages_stay_unframeable(client, topic):
    first = client.get(topic.url)
    cached = client.get(topic.url)
    for response in (first, cached):
        assert response.status_code == 200
        assert directives(response)["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"


def topic_preview_form(topic, title="Sciatica"):
    """The editor's form for `topic` with a new title and an empty body, as the preview panel posts it."""
    form = {
        "title": title,
        "slug": topic.slug,
        "summary": topic.summary,
        "kind": topic.kind,
        "body": streamfield([]),
        "treatment_links": inline_formset([]),
        "related_topic_links": inline_formset([]),
        "codes": inline_formset([]),
        "comments": inline_formset([]),
    }
    return nested_form_data(form)


@pytest.mark.django_db
def test_page_preview_may_be_framed_by_the_admin_only(admin_client, topic):
    url = f"/admin/pages/{topic.pk}/edit/preview/"
    assert admin_client.post(url, topic_preview_form(topic)).json()["is_valid"]
    preview = admin_client.get(url + "?mode=")
    assert preview.status_code == 200
    assert b"Sciatica" in preview.content
    assert directives(preview)["frame-ancestors"] == "'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    # The preview does not leak into the public page or its cache.
    public = admin_client.get(topic.url)
    assert directives(public)["frame-ancestors"] == "'none'"
    assert public["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_snippet_preview_may_be_framed_by_the_admin_only(admin_client, home):
    cta = CallToActionFactory(heading="Talk to our team")
    url = f"/admin/snippets/cta/calltoaction/preview/{cta.pk}/"
    form = {field: getattr(cta, field) for field in ("name", "heading", "text", "button_label", "link_url")}
    assert admin_client.post(url, form).json()["is_valid"]
    preview = admin_client.get(url + "?mode=")
    assert preview.status_code == 200
    assert b"Talk to our team" in preview.content
    assert directives(preview)["frame-ancestors"] == "'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
