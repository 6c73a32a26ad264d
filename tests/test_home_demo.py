"""The home page that the demo loader builds."""

from cta.models import CallToAction
from demo.content import read_site
from home.models import HomePage
from topics.models import TopicPage


def test_home_page_has_welcome_search_featured_topics_and_cta(client, demo):
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
    home_page = HomePage.objects.get(locale__language_code="en")
    assert f'class="button" href="{cta.tracked_href}?from={home_page.pk}"' in html
    assert client.get(cta.tracked_href)["Location"] == cta.href


def test_home_page_queries_are_bounded(client, django_assert_max_num_queries, demo):
    client.get("/")
    # 2 to route (the home page's row, its own fields), the featured topics and which of them are live and public,
    # the call to action with its linked page; the rest (site, settings, header and footer links, translations)
    # comes from the shared reads (website/shared.py).
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
