"""The anonymous page cache on real Redis: hits, purges on every kind of change, and Redis outages."""

import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client
from wagtail.models import PageViewRestriction

from pagecache import store
from tests.factories import (
    CallToActionFactory,
    ContactPageFactory,
    TopicGroupFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
)
from tests.staff import verified_login

REDIS_CACHE = {
    "BACKEND": "website.cache.CircuitBreakerRedisCache",  # production's: its clear() empties this prefix only
    # Own database per checkout (TEST_PAGECACHE_REDIS_URL), own prefix per xdist worker (website/settings/test.py).
    "LOCATION": django_settings.TEST_PAGECACHE_REDIS_URL,
    "KEY_PREFIX": f"{django_settings.TEST_KEY_PREFIX}-pagecache",
    "OPTIONS": {
        "FAIL_SILENTLY": True,
        "SOCKET_CONNECT_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
        "SOCKET_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
    },
}


@pytest.fixture
def page_cache(settings, monkeypatch):
    """The page cache on Redis. A `db` test's transaction never commits, so its purges run at once here;
    test_approval_never_leaves_the_old_revision_cached shows the real on-commit order."""
    monkeypatch.setattr(store, "on_commit", lambda purge: purge())
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].delete_pattern("*")
    yield caches["default"]
    caches["default"].delete_pattern("*")


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


def test_saving_clinic_details_purges_every_page(page_cache, topic, topic_index, home):
    from website.models import ClinicDetails

    urls = ["/", topic_index.url, topic.url]
    for url in urls:
        fetch(url)
    details = ClinicDetails.for_site(home.get_site())
    details.phone = "(555) 010-7777"
    details.save()
    for url in urls:
        assert b"(555) 010-7777" in fetch(url).content, url


def test_unused_parameters_share_the_bare_entry_and_keys_stay_bounded(page_cache, topic, topic_index):
    fetch(topic.url)
    for query in ["?x=1", "?utm_source=mail&x=2", "?x=" + "a" * 500]:
        assert fetch(topic.url + query)["X-Page-Cache"] == "hit", query
    fetch(topic_index.url + "?letter=s&x=1")
    assert fetch(topic_index.url + "?x=9&letter=s")["X-Page-Cache"] == "hit"
    assert fetch(topic.url + "?group=nerve-pain").get("X-Page-Cache") is None  # not a parameter topics read
    absurd = topic_index.url + "?letter=s&pad=" + "x" * 2100
    assert fetch(absurd).get("X-Page-Cache") is None and fetch(absurd).status_code == 200
    keys = page_cache.keys("pagecache:*")
    assert len([key for key in keys if ":page:" in key]) == 2  # the topic, the index under ?letter=s
    assert all(0 < page_cache.ttl(key) <= 86400 for key in keys)


def test_a_response_for_one_host_is_never_served_for_another(page_cache, topic, settings):
    settings.ALLOWED_HOSTS = ["localhost", "evil.example"]
    assert Client(HTTP_HOST="evil.example").get(topic.url)["X-Page-Cache"] == "miss"
    assert Client(HTTP_HOST="localhost").get(topic.url)["X-Page-Cache"] == "miss"


def test_production_keeps_the_page_cache_apart_from_the_rate_limits(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("PAGE_CACHE_REDIS_URL", "redis://cache.internal:6379/0")
    monkeypatch.setenv("REDIS_URL", "redis://redis.internal:6379/0")
    production = importlib.import_module("website.settings.production")
    production = importlib.reload(production)
    assert production.PAGE_CACHE_ALIAS == "pagecache"
    assert production.CACHES["pagecache"]["LOCATION"] != production.CACHES["ratelimit"]["LOCATION"]


def test_cta_and_contact_find_the_topic_under_this_sites_index(page_cache, topic, topic_index, home):
    from django.urls import reverse

    from tests.factories import HomePageFactory

    ContactPageFactory(parent=home)
    cta = CallToActionFactory(link_page=home.get_children().get(slug="contact"), link_url="")
    other_home = HomePageFactory(parent=home.get_parent(), slug="other-home", title="Other site")
    other_index = TopicIndexPageFactory(parent=other_home, slug="other-topics")
    TopicPageFactory(parent=other_index, title="Other sciatica", slug="sciatica-other")
    foreign = TopicPageFactory(parent=other_index, title="Foreign topic", slug="only-elsewhere")
    assert fetch(reverse("cta_click", args=[cta.pk]) + "?topic=only-elsewhere")["Location"] == "/contact/"
    assert fetch(reverse("cta_click", args=[cta.pk]) + f"?topic={topic.slug}").status_code == 302
    assert b"About:" not in fetch(f"/contact/?topic={foreign.slug}").content
    assert b"About: <strong>Sciatica</strong>" in fetch(f"/contact/?topic={topic.slug}").content


@pytest.mark.django_db(transaction=True)
def test_approval_never_leaves_the_old_revision_cached(settings, client):
    """A visitor's request lands between the approval's purge and its commit (another DB connection, so it
    renders the old revision): after the commit the next visitor still gets the approved one."""
    import threading

    from django.core.management import call_command
    from django.db import connection
    from wagtail.signals import page_published

    from editorial.setup import CLINICIANS, EDITORS
    from tests.factories import UserFactory
    from tests.test_editorial_workflow import approve, edit_url, topic_form
    from topics.models import TopicPage

    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].delete_pattern("*")
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    topic = TopicPage.objects.live().first()
    old_title = topic.title
    fetch(topic.url)

    def visitor_in_the_gap(**kwargs):
        def visit():
            fetch(topic.url)
            connection.close()

        thread = threading.Thread(target=visit)
        thread.start()
        thread.join()

    verified_login(client, UserFactory(username="ed", groups=[EDITORS]))
    client.post(edit_url(topic), topic_form(topic, "action-submit", title="Approved new title"))
    verified_login(client, UserFactory(username="doc", groups=[CLINICIANS]))
    page_published.connect(visitor_in_the_gap, dispatch_uid="test-visitor-in-the-gap")
    try:
        assert approve(client, topic).status_code == 302
    finally:
        page_published.disconnect(dispatch_uid="test-visitor-in-the-gap")
    content = fetch(topic.url).content
    # The heading, not the whole page: a demo topic's own body may name its old title too.
    assert b"<h1>Approved new title</h1>" in content
    assert f"<h1>{old_title}</h1>".encode() not in content
    caches["default"].delete_pattern("*")


def test_every_page_type_is_cacheable_without_an_opt_out_attribute(page_cache, topic, monkeypatch):
    """No page class opts out of the cache; forms stay cacheable because they set no cookie (see may_store)."""
    monkeypatch.setattr(type(topic), "page_cache", False, raising=False)
    fetch(topic.url)
    assert fetch(topic.url)["X-Page-Cache"] == "hit"
