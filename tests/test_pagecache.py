"""The anonymous page cache on real Redis: hits, purges on every kind of change, and Redis outages."""

import os

import pytest
from django.core.cache import caches
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import (
    CallToActionFactory,
    ContactPageFactory,
    TopicGroupFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)

REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    # Own database per checkout (TEST_PAGECACHE_REDIS_URL) so parallel test runs never share entries.
    "LOCATION": os.environ.get("TEST_PAGECACHE_REDIS_URL", "redis://127.0.0.1:6379/3"),
    "KEY_PREFIX": "test-pagecache",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
}


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def group(db):
    return TopicGroupFactory(name="Nerve pain", slug="nerve-pain")


@pytest.fixture
def topic(topic_index, group):
    return TopicPageFactory(parent=topic_index, title="Sciatica", groups=[group])


def fetch(url):
    return Client().get(url)


def test_second_anonymous_visit_is_served_from_redis_without_queries(page_cache, topic, django_assert_num_queries):
    first = fetch(topic.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = fetch(topic.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_an_edit_is_visible_on_the_next_request(page_cache, topic, topic_index, home):
    for url in [topic.url, topic_index.url, "/"]:
        fetch(url)
    topic.title = "Sciatica (pain down the leg)"
    topic.save_revision().publish()
    assert b"Sciatica (pain down the leg)" in fetch(topic.url).content
    assert b"Sciatica (pain down the leg)" in fetch(topic_index.url).content
    assert fetch(topic.url)["X-Page-Cache"] == "hit"


def test_publishing_purges_group_filtered_listings_too(page_cache, topic, topic_index):
    fetch(topic_index.url + "?group=nerve-pain")
    topic.title = "Sciatica renamed"
    topic.save_revision().publish()
    assert b"Sciatica renamed" in fetch(topic_index.url + "?group=nerve-pain").content


def test_an_unrelated_page_stays_cached(page_cache, topic, topic_index):
    other = TopicPageFactory(parent=topic_index, title="Unrelated topic")
    fetch(other.url)
    topic.title = "Sciatica edited"
    topic.save_revision().publish()
    assert fetch(other.url)["X-Page-Cache"] == "hit"


def test_related_topics_show_a_renamed_topic(page_cache, topic, topic_index, group):
    neighbour = TopicPageFactory(parent=topic_index, title="Shingles pain", groups=[group])
    assert b"Sciatica" in fetch(neighbour.url).content
    topic.title = "Sciatica and leg pain"
    topic.save_revision().publish()
    assert b"Sciatica and leg pain" in fetch(neighbour.url).content


def test_unpublish_and_delete_remove_the_page(page_cache, topic, topic_index):
    url = topic.url
    fetch(url)
    fetch(topic_index.url)
    topic.unpublish()
    assert fetch(url).status_code == 404
    assert b"Sciatica" not in fetch(topic_index.url).content

    topic.save_revision().publish()
    assert fetch(url).status_code == 200
    topic.delete()
    assert fetch(url).status_code == 404


def test_moving_a_page_purges_old_and_new_places(page_cache, topic, topic_index, home):
    second_index = TopicIndexPageFactory(parent=home, title="Library", slug="library")
    old_url = topic.url
    fetch(old_url)
    fetch(topic_index.url)
    fetch(second_index.url)
    topic.move(second_index, pos="last-child")
    old = fetch(old_url)  # no stale copy: Wagtail's automatic redirect answers instead
    assert (old.status_code, old["Location"]) == (301, "/library/sciatica/")
    assert b"Sciatica" not in fetch(topic_index.url).content
    assert b"Sciatica" in fetch(second_index.url).content


def test_editing_a_call_to_action_updates_every_page_using_it(page_cache, topic_index):
    cta = CallToActionFactory(heading="Book a visit")
    pages = [
        TopicPageFactory(parent=topic_index, title=f"Uses CTA {n}", body__0__call_to_action__call_to_action=cta)
        for n in range(2)
    ]
    for page in pages:
        assert b"Book a visit" in fetch(page.url).content
    cta.heading = "Call us today"
    cta.save()
    for page in pages:
        assert b"Call us today" in fetch(page.url).content


def test_renaming_a_group_updates_the_index(page_cache, topic, topic_index, group):
    fetch(topic_index.url)
    group.name = "Nerve and shooting pain"
    group.save()
    assert b"Nerve and shooting pain" in fetch(topic_index.url).content


def test_signed_in_editors_bypass_the_cache_and_drafts_never_leak(page_cache, topic, admin_client):
    fetch(topic.url)
    response = admin_client.get(topic.url)
    assert "X-Page-Cache" not in response
    topic.title = "Draft title not yet approved"
    topic.save_revision()  # a draft: not published
    preview = admin_client.post(f"/admin/pages/{topic.pk}/edit/preview/", {})
    assert preview.status_code == 200
    assert b"Draft title" not in fetch(topic.url).content


def test_redis_down_pages_are_served_uncached(settings, topic):
    settings.CACHES = {**settings.CACHES, "default": {**REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}}
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):
        response = fetch(topic.url)
        assert response.status_code == 200
        assert b"Sciatica" in response.content
        assert response.get("X-Page-Cache") != "hit"


def test_a_bulk_import_purges_once_at_the_end(page_cache, topic, topic_index):
    from pathlib import Path

    from django.core.management import call_command

    fetch(topic_index.url)
    assert fetch(topic_index.url)["X-Page-Cache"] == "hit"
    fixture = Path(__file__).parent / "fixtures" / "medlineplus_sample.json"
    call_command("import_medlineplus", str(fixture), stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = fetch(topic_index.url)
    assert response["X-Page-Cache"] == "miss"
    assert TopicPageFactory._meta.model.objects.filter(source="medlineplus").count() > 0


def test_pages_from_the_cache_carry_the_security_headers(page_cache, topic):
    miss, hit = fetch(topic.url), fetch(topic.url)
    assert hit["X-Page-Cache"] == "hit"
    for header in ["Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Referrer-Policy"]:
        assert hit[header] == miss[header]
    assert not hit.cookies


def restrict(page, kind=PageViewRestriction.PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="s3cret")


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_page_made_private_is_never_served_from_the_cache(page_cache, topic, topic_index, kind):
    """Cached while public, then made private on the page itself or on its index: the cached copy is gone."""
    for page in (topic, topic_index):
        fetch(topic.url)
        assert fetch(topic.url)["X-Page-Cache"] == "hit"
        restriction = restrict(page, kind)
        response = fetch(topic.url)
        assert response.get("X-Page-Cache") != "hit"
        assert b"Sciatica" not in response.content or response.status_code != 200
        assert b"A short plain summary" not in response.content
        assert fetch(topic.url).get("X-Page-Cache") is None  # and the restricted answer is never stored
        restriction.delete()
        assert fetch(topic.url)["X-Page-Cache"] == "miss"  # public again: the restricted answer was purged


def test_changing_a_restriction_purges_the_page(page_cache, topic):
    restriction = restrict(topic)
    fetch(topic.url)
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    response = fetch(topic.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]


def test_private_topics_leave_every_listing(page_cache, topic, topic_index, group, home):
    secret = TopicPageFactory(parent=topic_index, title="Secret trial", summary="Hidden summary", groups=[group])
    neighbour = TopicPageFactory(parent=topic_index, title="Shingles pain", groups=[group])
    chooser = TopicPageFactory(parent=topic_index, title="Chooses secret")
    chooser.related_topic_links.create(related_page=secret)
    chooser.save()
    home.featured_topics.create(topic=secret)
    home.save()
    urls = [
        topic_index.url,
        topic_index.url + "?letter=s",
        topic_index.url + "?group=nerve-pain",
        neighbour.url,
        chooser.url,
        "/",
    ]
    for url in urls:
        assert b"Secret trial" in fetch(url).content, url
    restrict(secret)
    for url in urls:
        content = fetch(url).content
        assert b"Secret trial" not in content, url
        assert b"Hidden summary" not in content, url


def test_contact_form_names_only_public_live_topics(page_cache, topic, topic_index, home):
    ContactPageFactory(parent=home)
    secret = TopicPageFactory(parent=topic_index, title="Secret trial", slug="secret-trial")
    draft = TopicPageFactory(parent=topic_index, title="Draft topic", slug="draft-topic", live=False)
    restrict(secret)
    assert b"About: <strong>Sciatica</strong>" in fetch(f"/contact/?topic={topic.slug}").content
    for value in [secret.slug, secret.pk, draft.slug, draft.pk]:
        response = fetch(f"/contact/?topic={value}")
        assert response.status_code == 200
        assert b"About:" not in response.content, value
