"""The demo loader and the home page it builds."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cta.models import CallToAction
from home import demo_content
from home.models import HomePage
from topics.models import TopicGroup, TopicPage


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "groups": TopicGroup.objects.count(),
        "ctas": CallToAction.objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.mark.django_db
def test_demo_loader_builds_the_site_and_is_idempotent(client):
    load()
    first = counts()
    assert TopicPage.objects.live().count() == len(demo_content.TOPICS) >= 10
    assert first["groups"] == len(demo_content.GROUPS)
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk

    output = load()
    assert "nothing changed" in output
    assert counts() == first


@pytest.mark.django_db
def test_demo_loader_keeps_editors_changes(client):
    load()
    topic = TopicPage.objects.get(slug="sciatica")
    topic.summary = "Edited by an editor."
    topic.save_revision().publish()
    load()
    topic.refresh_from_db()
    assert topic.summary == "Edited by an editor."


@pytest.mark.django_db
def test_every_demo_topic_uses_several_block_types_and_renders(client):
    load()
    for topic in TopicPage.objects.live():
        assert len({block.block_type for block in topic.body}) >= 3, topic.slug
        response = client.get(topic.url)
        assert response.status_code == 200, topic.slug


@pytest.mark.django_db
def test_home_page_has_welcome_search_featured_topics_and_cta(client):
    load()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert demo_content.HOME["welcome_heading"] in html
    assert '<form class="big-search" role="search" action="/search/" method="get">' in html
    for slug in demo_content.HOME["featured"]:
        assert TopicPage.objects.get(slug=slug).url in html
    cta = CallToAction.objects.get(name=demo_content.HOME["call_to_action"])
    assert cta.heading in html
    assert f'class="button" href="{cta.tracked_href}"' in html
    assert client.get(cta.tracked_href)["Location"] == cta.href


@pytest.mark.django_db
def test_home_page_queries_are_bounded(client, django_assert_max_num_queries):
    load()
    client.get("/")
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200
