"""Questions about the clinic itself: no dead ends in search, and clinic information pages found first."""

import re

import pytest
from django.core.cache import cache

from tests.factories import TopicPageFactory

RESULT_RE = re.compile(r'<li class="search-result[^"]*">\s*<h2><a href="([^"]+)">([^<]+)</a></h2>')


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_search_with_no_results_offers_the_phone_and_the_contact_page(client, topic_index):
    from contact.models import ContactPage

    contact = ContactPage(title="Contact us", slug="contact")
    topic_index.get_parent().add_child(instance=contact)
    TopicPageFactory(parent=topic_index, title="Sciatica")

    response = client.get("/search/", {"q": "xylophone lessons"})

    assert response.status_code == 200
    html = main_html(response)
    assert "We found no topics for <strong>xylophone lessons</strong>" in html
    assert 'href="tel:5550100199"' in html
    assert "(555) 010-0199" in html
    assert '<a href="/contact/">Request an appointment or a call back</a>' in html
