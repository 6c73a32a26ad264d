"""The health library's call to action: chosen once in Settings, shown on every library page and no clinic page."""

import pytest
from django.test import Client

from tests.factories import CallToActionFactory, TopicPageFactory
from topics.models import HealthLibrarySettings


@pytest.fixture
def library_cta(home, topic_index):
    from wagtail.models import Site

    cta = CallToActionFactory(name="Book a consultation", heading="Talk with our team", button_label="Book now")
    HealthLibrarySettings.objects.create(site=Site.objects.get(root_page=home), call_to_action=cta)
    return cta


def library_page(topic_index, title="Shingles", source_id="1"):
    return TopicPageFactory(parent=topic_index, title=title, source="medlineplus", source_id=source_id)


def test_every_library_page_shows_the_chosen_call_to_action(client, library_cta, topic_index):
    first, second = library_page(topic_index), library_page(topic_index, "Measles", "2")
    for page in (first, second):
        html = client.get(page.url).content.decode()
        assert ">Talk with our team</h2>" in html
        assert f'href="/go/cta/{library_cta.pk}/?from={page.pk}"' in html  # outside the body: no position


def test_clinic_pages_do_not_get_the_library_call_to_action(client, library_cta, topic_index):
    page = TopicPageFactory(parent=topic_index, title="Sciatica")
    assert "Talk with our team" not in client.get(page.url).content.decode()


def test_no_call_to_action_until_one_is_chosen_or_while_it_is_a_draft(client, library_cta, topic_index):
    page = library_page(topic_index)
    library_cta.live = False
    library_cta.save()
    assert "Talk with our team" not in client.get(page.url).content.decode()
    HealthLibrarySettings.objects.update(call_to_action=None)
    assert "Talk with our team" not in client.get(page.url).content.decode()


def test_library_page_queries_do_not_grow_with_topics(django_assert_max_num_queries, library_cta, topic_index):
    page = library_page(topic_index)
    client = Client()
    client.get(page.url)
    # The clinic's topic page's 7 plus one for the library's call to action with its link (the setting that names
    # it comes from the shared reads).
    with django_assert_max_num_queries(8) as small:
        assert client.get(page.url).status_code == 200
    small_count = len(small.captured_queries)  # read now: the next request empties the query log
    for n in range(20):
        library_page(topic_index, f"Library {n:02d}", str(100 + n))
    client.get(page.url)  # creating pages changed the shared reads: the first request after it reads them again
    with django_assert_max_num_queries(small_count):
        assert client.get(page.url).status_code == 200


def test_editors_choose_it_in_settings(admin_client, library_cta, home):
    from wagtail.models import Site

    site = Site.objects.get(root_page=home)
    response = admin_client.get(f"/admin/settings/topics/healthlibrarysettings/{site.pk}/")
    assert response.status_code == 200
    assert "Book a consultation" in response.content.decode()
