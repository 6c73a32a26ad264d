"""English and Spanish: URLs, the language switcher, hreflang alternates, the sitemap, html lang."""

import json
import re

import pytest
from django.test import Client
from wagtail.models import Locale

from tests.factories import ContactPageFactory, TopicPageFactory
from tests.test_pagecache import page_cache  # noqa: F401 (the page cache on Redis, a fixture)


def translate(page, title=None, slug=None):
    """The Spanish translation of `page` (its parent must have one), published."""
    copy = page.copy_for_translation(Locale.objects.get(language_code="es"))
    copy.title = title or f"{page.title} (es)"
    if slug:
        copy.slug = slug
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


@pytest.fixture
def topic(topic_index):
    return TopicPageFactory(parent=topic_index, title="Sciatica", slug="sciatica")


@pytest.fixture
def spanish_home(home):
    return translate(home, title="Inicio")


@pytest.fixture
def spanish_index(spanish_home, topic_index):
    return translate(topic_index, title="Temas de salud", slug="temas")


@pytest.fixture
def spanish_topic(spanish_index, topic):
    return translate(topic, title="Ciática", slug="ciatica")


def switcher(response):
    match = re.search(
        rb'<a class="site-header__language" href="([^"]*)" hreflang="(\w+)" lang="(\w+)">([^<]*)</a>', response.content
    )
    assert match, "no language switcher"
    return match[1].decode(), match[2].decode(), match[3].decode(), match[4].decode()


def test_both_locales_exist(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "es"}


def test_a_locale_made_again_is_found_under_its_new_id(db):
    """Locales removed and made again (an admin's change, a test database flushed) get new ids: the map from
    language to locale that search and the switcher use must follow, or every search finds nothing."""
    from website.languages import language_code_of, locale_id_for

    old = Locale.objects.get(language_code="es")
    assert locale_id_for("es") == old.pk
    old.delete()
    new = Locale.objects.create(language_code="es")

    assert locale_id_for("es") == new.pk
    assert language_code_of(new.pk) == "es"
    assert language_code_of(old.pk) == "en"  # a locale that is gone falls back to the site's language


def test_a_read_of_the_locales_overtaken_by_a_change_is_not_kept(db):
    """A thread reading the locales while another saves one (or the test database is replaced under a live
    server) must not keep the ids it read: kept, they would answer for their language until the next change."""
    from django.db import connection

    import website.languages as languages

    spanish = Locale.objects.get(language_code="es")
    languages.forget_locales()

    def change_during_the_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "wagtailcore_locale" in sql:
            languages.forget_locales()  # what post_save does when another thread saves a locale
        return result

    with connection.execute_wrapper(change_during_the_read):
        assert languages.locale_id_for("es") == spanish.pk  # the read still answers its own call
    assert languages._locale_codes == {}  # and is not kept: the next call reads again
    assert languages.language_code_of(spanish.pk) == "es"
    assert languages._locale_codes[spanish.pk] == "es"


def test_english_urls_stay_unprefixed_and_spanish_lives_under_es(client, spanish_topic, topic):
    for url in [
        "/",
        "/topics/",
        "/topics/sciatica/",
        "/search/",
        "/search/?q=sciatica",
        "/search/suggest/?q=sc",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        assert client.get(url).status_code == 200, url
    for url in ["/es/", "/es/temas/", "/es/temas/ciatica/", "/es/search/", "/es/search/suggest/?q=ci"]:
        assert client.get(url).status_code == 200, url
    assert spanish_topic.url == "/es/temas/ciatica/"


def test_html_lang_follows_the_page(client, spanish_topic):
    assert b'<html lang="en">' in client.get("/topics/sciatica/").content
    assert b'<html lang="es">' in client.get("/es/temas/ciatica/").content
    assert b'<html lang="es">' in client.get("/es/search/").content


def test_switcher_links_a_page_to_its_translation_and_back(client, spanish_topic):
    assert switcher(client.get("/topics/sciatica/")) == ("/es/temas/ciatica/", "es", "es", "Español")
    assert switcher(client.get("/es/temas/ciatica/")) == ("/topics/sciatica/", "en", "en", "English")


def test_a_page_without_translation_switches_to_its_parents_translation(client, spanish_index, topic_index):
    TopicPageFactory(parent=topic_index, title="Fibromyalgia", slug="fibromyalgia")
    url, code, _lang, label = switcher(client.get("/topics/fibromyalgia/"))
    assert (url, code, label) == ("/es/temas/", "es", "Español")
    assert client.get(url).status_code == 200


def test_a_page_whose_parent_has_no_translation_switches_to_the_other_home_page(client, spanish_home, topic_index):
    TopicPageFactory(parent=topic_index, title="Fibromyalgia", slug="fibromyalgia")
    assert switcher(client.get("/topics/fibromyalgia/"))[0] == "/es/"


def test_an_unpublished_translation_is_never_offered(client, spanish_topic):
    spanish_topic.unpublish()
    assert switcher(client.get("/topics/sciatica/"))[0] == "/es/temas/"


def test_without_a_spanish_home_there_is_no_switcher(client, topic):
    response = client.get("/topics/sciatica/")
    assert b"site-header__language" not in response.content


def test_search_switches_to_the_same_search_in_the_other_language(client, spanish_home):
    assert switcher(client.get("/search/?q=back"))[0] == "/es/search/?q=back"
    assert switcher(client.get("/es/search/?q=espalda"))[0] == "/search/?q=espalda"


def test_pages_that_are_not_wagtail_pages_link_to_their_own_language(client, spanish_index, topic_index):
    """Search results and the 404 page have no page of their own: the header's and footer's links follow the
    URL's language, so a Spanish patient on /es/search/ stays in Spanish (was: /topics/, in English)."""
    contact = ContactPageFactory(parent=topic_index.get_parent(), title="Contact us", slug="contact")
    translate(contact, title="Contáctenos", slug="contacto")

    for path in ("/es/search/?q=espalda", "/es/search/", "/es/no-existe/"):
        html = client.get(path).content.decode()
        assert 'href="/es/temas/"' in html, path
        assert 'href="/es/contacto/"' in html, path
        assert 'href="/topics/"' not in html and 'href="/contact/"' not in html, path
    english = client.get("/search/?q=back").content.decode()
    assert 'href="/topics/"' in english and 'href="/contact/"' in english


def test_404_switches_to_the_other_home_page(client, spanish_home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert switcher(response)[0] == "/es/"


def test_hreflang_alternates_and_canonical_for_translated_pages(client, spanish_topic):
    html = client.get("/es/temas/ciatica/").content.decode()
    assert '<link rel="canonical" href="http://localhost/es/temas/ciatica/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://localhost/topics/sciatica/">' in html
    assert '<link rel="alternate" hreflang="es" href="http://localhost/es/temas/ciatica/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://localhost/topics/sciatica/">' in html


def test_no_alternates_for_a_page_without_translation(client, topic):
    assert b'hreflang="x-default"' not in client.get("/topics/sciatica/").content


def test_json_ld_carries_the_language(client, spanish_topic):
    html = client.get("/es/temas/ciatica/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    pages = data if isinstance(data, list) else data.get("@graph", [data])
    assert pages[0]["inLanguage"] == "es"


def test_sitemap_lists_both_languages_with_alternates(client, spanish_topic, topic_index):
    TopicPageFactory(parent=topic_index, title="Fibromyalgia", slug="fibromyalgia")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/es/temas/ciatica/</loc>" in xml
    sciatica = re.search(r"<url><loc>http://localhost/topics/sciatica/</loc>.*?</url>", xml, re.S)[0]
    assert '<xhtml:link rel="alternate" hreflang="es" href="http://localhost/es/temas/ciatica/"/>' in sciatica
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://localhost/topics/sciatica/"/>' in sciatica
    fibro = re.search(r"<url><loc>http://localhost/topics/fibromyalgia/</loc>.*?</url>", xml, re.S)[0]
    assert "xhtml:link" not in fibro


def test_accept_language_never_changes_an_english_url(spanish_topic):
    english = Client(headers={"accept-language": "es"}).get("/topics/sciatica/")
    assert b'<html lang="en">' in english.content
    assert english.status_code == 200


def test_spanish_contact_page_is_reachable(client, spanish_home, home):
    contact = ContactPageFactory(parent=home)
    translate(contact, title="Contacto", slug="contacto")
    assert client.get("/es/contacto/").status_code == 200


@pytest.mark.usefixtures("page_cache")
def test_cached_pages_never_serve_one_language_to_the_other(spanish_topic, spanish_home):
    spanish = Client(headers={"accept-language": "es"})
    english = Client(headers={"accept-language": "en"})
    assert b'<html lang="es">' in spanish.get("/es/temas/ciatica/").content
    assert b'<html lang="es">' in spanish.get("/es/").content
    for client in (spanish, english, Client(headers={"accept-language": "es-MX,es;q=0.9"})):
        for url in ("/topics/sciatica/", "/"):
            response = client.get(url)
            assert b'<html lang="en">' in response.content, (url, response["X-Page-Cache"])
    assert spanish.get("/es/temas/ciatica/")["X-Page-Cache"] == "hit"
    assert english.get("/topics/sciatica/")["X-Page-Cache"] == "hit"


@pytest.mark.usefixtures("page_cache")
def test_publishing_a_translation_purges_both_language_versions(spanish_topic, topic):
    Client().get("/topics/sciatica/")
    Client().get("/es/temas/ciatica/")
    spanish_topic.title = "Ciática (nervio ciático)"
    spanish_topic.save_revision().publish()
    assert Client().get("/topics/sciatica/")["X-Page-Cache"] == "miss"
    assert Client().get("/es/temas/ciatica/")["X-Page-Cache"] == "miss"


def test_search_and_suggestions_stay_in_their_language(client, spanish_topic):
    english = client.get("/search/", {"q": "sciatica"}).content.decode()
    assert "/topics/sciatica/" in english and "/es/temas/ciatica/" not in english
    spanish = client.get("/es/search/", {"q": "ciatica"}).content.decode()
    assert "/es/temas/ciatica/" in spanish and 'href="/topics/sciatica/"' not in spanish
    assert client.get("/es/search/", {"q": "sciatica"}).content.decode().count("/topics/sciatica/") == 0
    assert client.get("/es/search/suggest/", {"q": "cia"}).json()["results"] == [
        {"title": "Ciática", "url": "/es/temas/ciatica/", "matched": None}
    ]
    assert [r["url"] for r in client.get("/search/suggest/", {"q": "scia"}).json()["results"]] == ["/topics/sciatica/"]
