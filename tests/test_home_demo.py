"""The home page that the demo loader builds."""

from io import StringIO

import pytest
from django.core.management import call_command

from cta.models import CallToAction
from demo.content import read_site
from topics.models import TopicPage


def load():
    call_command("load_demo_content", stdout=StringIO())


@pytest.mark.django_db
def test_home_page_has_welcome_search_featured_topics_and_cta(client):
    load()
    home = read_site().home
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert home["welcome_heading"] in html
    assert '<form class="big-search" role="search" action="/search/" method="get">' in html
    for slug in home["featured"]:
        assert TopicPage.objects.get(slug=slug).url in html
    cta = CallToAction.objects.get(name=home["call_to_action"])
    assert cta.heading in html
    assert f'class="button" href="{cta.tracked_href}"' in html
    assert client.get(cta.tracked_href)["Location"] == cta.href


@pytest.mark.django_db
def test_home_page_queries_are_bounded(client, django_assert_max_num_queries):
    load()
    client.get("/")
    # 11: .public() on featured topics adds a view-restriction query, the header's landmark links one more;
    # 14: +3 for languages (routing's locale lookup, the translations, .public() on them).
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200
