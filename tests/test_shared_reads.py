"""Reads every page shares (site, clinic details, header and footer links, translations, view restrictions) on real
Redis: a constant, small number of queries per page, and an editor's change shows on the very next request."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client
from wagtail.models import Locale, PageViewRestriction, Site

from clinic.models import ClinicInfoPage
from tests.conftest import translate_to_spanish
from tests.factories import ArticlePageFactory, BlogIndexPageFactory, TopicGroupFactory, TopicPageFactory
from tests.test_editor_preview import topic_preview_form
from website.models import ClinicDetails

REDIS_CACHE = {
    "BACKEND": "website.cache.CircuitBreakerRedisCache",  # production's: its clear() empties this prefix only
    # The checkout's own database (TEST_REDIS_URL); every key under this prefix, removed after each test.
    "LOCATION": django_settings.TEST_REDIS_URL,
    "KEY_PREFIX": f"{django_settings.TEST_KEY_PREFIX}-shared-reads",
    "OPTIONS": {
        "SOCKET_CONNECT_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
        "SOCKET_TIMEOUT": django_settings.TEST_REDIS_TIMEOUT,
    },
}


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}
    cache = caches["default"]
    cache.delete_pattern("*")
    yield cache
    cache.delete_pattern("*")


@pytest.fixture
def english_group(db):
    return TopicGroupFactory(name="Back and neck pain", slug="back-and-neck-pain")


@pytest.fixture
def spanish_group(db):
    return TopicGroupFactory(name="Dolor", slug="dolor", locale=Locale.objects.get(language_code="es"))


def topics(index, group, count, start=0):
    for n in range(start, start + count):
        TopicPageFactory(parent=index, title=f"Topic {n:04d}", groups=[group])


def queries_for(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # the first request after a change reads the shared values again
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


#: Routing (2), groups, linked treatments, related topics (2), latest articles: website/routing.py, topics/models.py.
TOPIC_PAGE_QUERIES = 7


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_topic_page_makes_the_same_few_queries_at_10_and_at_60_topics(
    redis_cache, topic_index, spanish_topic_index, english_group, spanish_group, language, django_assert_max_num_queries
):
    index, group = (topic_index, english_group) if language == "en" else (spanish_topic_index, spanish_group)
    topics(index, group, 9)
    topic = TopicPageFactory(parent=index, title="Sciatica", groups=[group])
    client = Client()
    small = queries_for(client, topic.url, django_assert_max_num_queries, TOPIC_PAGE_QUERIES)
    topics(index, group, 50, start=100)
    assert queries_for(client, topic.url, django_assert_max_num_queries, small) == small


def test_home_index_and_blog_pages_make_few_queries(
    redis_cache, home, topic_index, english_group, django_assert_max_num_queries
):
    topics(topic_index, english_group, 10)
    blog = BlogIndexPageFactory(parent=home)
    article = ArticlePageFactory(parent=blog, topics=[topic_index.get_children().first().specific])
    client = Client()
    # Home: routing (2), featured topics. Index: routing (2), A-Z initials, groups with their topics (3).
    # Blog index: routing (2), its page of articles (count, rows) and their topics. Article: routing (2, then the
    # blog index's own route() finds its child: +2), its topics.
    for url, limit in [("/", 3), ("/topics/", 6), (blog.url, 5), (article.url, 5)]:
        queries_for(client, url, django_assert_max_num_queries, limit)


@pytest.mark.parametrize("path", ["topic", "/search/?q=sciatica"])
def test_a_page_reads_what_every_page_shares_in_one_redis_round_trip(
    redis_cache, topic_index, english_group, monkeypatch, path
):
    """The version token and the entries the previous request read (site, settings, landmark links, translations,
    the site root paths Page.get_url needs) come in one `get_many`; no entry is read on its own."""
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[english_group])
    url = topic.url if path == "topic" else path
    client = Client()
    client.get(url)
    reads = []
    for name in ("get", "get_many"):
        read = getattr(redis_cache, name)
        monkeypatch.setattr(
            redis_cache, name, lambda keys, *a, _read=read, **k: reads.append(keys) or _read(keys, *a, **k)
        )
    assert client.get(url).status_code == 200
    shell_reads = [keys for keys in reads if "website:shared" in str(keys) or "wagtail_site_root_paths" in str(keys)]
    assert len(shell_reads) == 1 and isinstance(shell_reads[0], list)


def phone_on(client, url):
    html = client.get(url).content.decode()
    return [phone for phone in ("(555) 010-0199", "(555) 010-0123") if phone in html]


def test_saved_clinic_details_show_on_the_next_request_in_both_languages(
    redis_cache, topic_index, spanish_topic_index, spanish_group, english_group, django_capture_on_commit_callbacks
):
    english = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[english_group])
    spanish = TopicPageFactory(parent=spanish_topic_index, title="Ciática", groups=[spanish_group])
    client = Client()
    assert phone_on(client, english.url) == ["(555) 010-0199"]
    assert phone_on(client, spanish.url) == ["(555) 010-0199"]

    details = ClinicDetails.for_site(Site.objects.get(is_default_site=True))
    details.phone = "(555) 010-0123"
    with django_capture_on_commit_callbacks(execute=True):
        details.save()

    assert phone_on(client, english.url) == ["(555) 010-0123"]
    assert phone_on(client, spanish.url) == ["(555) 010-0123"]
    assert phone_on(client, "/") == ["(555) 010-0123"]


def test_pages_read_the_details_from_the_cache_and_previews_never_do(
    redis_cache, topic_index, english_group, admin_client
):
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[english_group])
    client = Client()
    assert phone_on(client, topic.url) == ["(555) 010-0199"]
    # A change that bypasses the editor (no save signal): public pages keep the shared copy...
    ClinicDetails.objects.update(phone="(555) 010-0123")
    assert phone_on(client, topic.url) == ["(555) 010-0199"]
    # ...an editor's preview reads the database.
    url = f"/admin/pages/{topic.pk}/edit/preview/"
    assert admin_client.post(url, topic_preview_form(topic, "Sciatica, previewed")).json()["is_valid"]
    preview = admin_client.get(url + "?mode=").content.decode()
    assert "Sciatica, previewed" in preview and "(555) 010-0123" in preview and "(555) 010-0199" not in preview
    # The editor still gets the userbar on the public page.
    assert b"wagtail-userbar" in admin_client.get(topic.url).content


def test_a_published_translation_shows_in_the_switcher_on_the_next_request(
    redis_cache, topic_index, spanish_topic_index, english_group, django_capture_on_commit_callbacks
):
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", slug="sciatica", groups=[english_group])
    client = Client()
    assert 'class="site-header__language" href="/es/temas/"' in client.get(topic.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        translate_to_spanish(topic, "Ciática", "ciatica")
    html = client.get(topic.url).content.decode()
    assert 'class="site-header__language" href="/es/temas/ciatica/"' in html
    assert '<link rel="alternate" hreflang="es" href="http://localhost/es/temas/ciatica/">' in html


def test_a_new_view_restriction_applies_on_the_next_request(
    redis_cache, topic_index, english_group, django_capture_on_commit_callbacks
):
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[english_group])
    other = TopicPageFactory(parent=topic_index, title="Neck pain", groups=[english_group])
    client = Client()
    assert client.get(topic.url).status_code == 200
    assert "Sciatica" in client.get(other.url).content.decode()  # a related topic
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(topic.url).status_code == 302  # to the login page
    assert "Sciatica" not in client.get(other.url).content.decode()
    assert "Sciatica" not in client.get("/topics/").content.decode()


def test_a_published_clinic_page_joins_every_footer_on_the_next_request(
    redis_cache, home, topic_index, django_capture_on_commit_callbacks
):
    client = Client()
    assert "Where to park" not in client.get("/topics/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = home.add_child(
            instance=ClinicInfoPage(title="Where to park", slug="parking", summary="s", body="<p>b</p>")
        )
        page.save_revision().publish()
    assert "Where to park" in client.get("/topics/").content.decode()
