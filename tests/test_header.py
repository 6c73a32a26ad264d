"""The site header on every page: a lasting way to request an appointment."""

import pytest

from tests.factories import ContactPageFactory, TopicPageFactory


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/topics/", "/topics/sciatica/", "/search/?q=pain", "/no-such-page/"])
def test_every_page_header_links_to_the_appointment_request_form(client, home, topic_index, path):
    ContactPageFactory(parent=home)
    TopicPageFactory(parent=topic_index, slug="sciatica")
    html = client.get(path).content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert '<a class="site-header__book" href="/contact/">Request an appointment</a>' in header
