"""Spanish search under /es/search/: Spanish pages only, accents and "ñ" folded, stop words, words apart or
together, corrections in Spanish, type-ahead, promotions and the no-results report per language, query counts.

The topics are made up for these tests (no MedlinePlus text).
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import ZeroResultQuery
from search.spanish import spanish_stem
from tests.factories import TopicGroupFactory, TopicPageFactory

RESULT_RE = re.compile(r'<li class="search-result[^"]*">\s*<h2><a href="([^"]+)">([^<]+)</a></h2>')
CORRECTION_MSGID = "Showing results for <strong>%(correction)s</strong> (you searched for <em>%(original_query)s</em>)"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def library(topic_index, spanish_topic_index):
    """A few made-up topics in each language."""
    spanish = [
        ("Migraña", "Jaqueca", "Un dolor de cabeza fuerte que vuelve una y otra vez."),
        ("Ciática", "Dolor del nervio ciático", "Un dolor que baja desde el glúteo por la pierna."),
        ("Dolor de espalda", "Lumbalgia", "Molestia en la parte baja de la espalda y en los musculos."),
        ("Osteoartritis", "Artrosis", "Desgaste lento de las articulaciones."),
        ("Fibromialgia", "Fibromyalgia", "Dolor en muchas partes del cuerpo con cansancio."),
        ("Neuropatía periférica", "Hormigueo en los pies", "Daño de los nervios de las manos y los pies."),
    ]
    english = [
        ("Migraine", "", "A strong headache that keeps coming back."),
        ("Back ache", "Lumbar pain", "Soreness in the lower back."),
        ("Fibromyalgia", "", "Pain in many parts of the body with tiredness."),
    ]
    for title, also_called, summary in spanish:
        TopicPageFactory(parent=spanish_topic_index, title=title, also_called=also_called, summary=summary)
    for title, also_called, summary in english:
        TopicPageFactory(parent=topic_index, title=title, also_called=also_called, summary=summary)


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def results(client, query, path="/es/search/"):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return RESULT_RE.findall(main_html(response))


def titles(client, query, path="/es/search/"):
    return [title for _url, title in results(client, query, path)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("migrana", "Migraña"),
        ("Migraña", "Migraña"),
        ("MIGRAÑA", "Migraña"),
        ("ciatica", "Ciática"),
        ("ciática", "Ciática"),
        ("neuropatia", "Neuropatía periférica"),
        ("jaqueca", "Migraña"),
    ],
)
def test_accents_and_enye_are_folded_in_names(client, library, query, expected):
    assert titles(client, query)[0] == expected


def test_accents_are_folded_both_ways_in_the_full_text(client, library):
    # The page says "glúteo", the patient types "gluteo"; the page says "musculos", the patient "músculos".
    assert titles(client, "gluteo") == ["Ciática"]
    assert titles(client, "glúteo") == ["Ciática"]
    assert titles(client, "músculos") == ["Dolor de espalda"]


def test_spanish_words_are_stemmed_in_the_full_text(client, library):
    assert titles(client, "mano") == ["Neuropatía periférica"]  # the page says "manos"
    assert titles(client, "articulaciones") == ["Osteoartritis"]


def test_spanish_stop_words_are_ignored(client, library):
    assert titles(client, "dolor de la espalda")[0] == "Dolor de espalda"
    assert titles(client, "hormigueo en los pies")[0] == "Neuropatía periférica"
    assert titles(client, "tengo hormigueo en mis pies")[0] == "Neuropatía periférica"


def test_words_written_apart_or_together_find_the_topic_in_both_languages(client, library):
    assert titles(client, "osteo artritis")[0] == "Osteoartritis"
    assert titles(client, "osteoartritis")[0] == "Osteoartritis"
    assert titles(client, "backache", path="/search/")[0] == "Back ache"
    assert titles(client, "back ache", path="/search/")[0] == "Back ache"


def test_each_language_searches_only_its_own_pages(client, library):
    spanish = results(client, "fibromyalgia")
    english = results(client, "fibromyalgia", path="/search/")
    assert [title for _url, title in spanish] == ["Fibromialgia"]
    assert spanish[0][0].startswith("/es/temas/")
    assert [title for _url, title in english] == ["Fibromyalgia"]
    assert english[0][0].startswith("/topics/")
    assert titles(client, "migraine") != ["Migraine"]
    assert "Migraña" not in titles(client, "migrana", path="/search/")


def test_a_misspelling_is_corrected_against_the_spanish_words(client, library):
    response = client.get("/es/search/", {"q": "jaqeca"})
    html = main_html(response)
    assert [title for _url, title in RESULT_RE.findall(html)] == ["Migraña"]
    notice = re.search(r'<p class="notice search-correction">(.*?)</p>', html, re.S).group(1)
    assert "<strong>jaqueca</strong>" in notice and "<em>jaqeca</em>" in notice
    # English words are never offered to a Spanish search.
    assert titles(client, "tiredness") == []


def spanish_catalogue_has_the_correction_message():
    with translation.override("es"):
        return gettext(CORRECTION_MSGID) != CORRECTION_MSGID


@pytest.mark.skipif(
    not spanish_catalogue_has_the_correction_message(),
    reason="needs the Spanish catalogue (locale/es/LC_MESSAGES/django.po, compiled) with the correction message",
)
def test_the_correction_message_is_in_spanish(client, library):
    html = main_html(client.get("/es/search/", {"q": "jaqeca"}))
    assert "Mostrando resultados para <strong>jaqueca</strong>" in html
    assert "Showing results for" not in html
    assert "Showing results for" in main_html(client.get("/search/", {"q": "migrain"}))


def test_type_ahead_offers_spanish_pages_on_the_spanish_site(client, library):
    spanish = client.get("/es/search/suggest/", {"q": "migr"}).json()["results"]
    assert spanish == [{"title": "Migraña", "url": "/es/temas/migrana/", "matched": None}]
    assert [item["title"] for item in client.get("/es/search/suggest/", {"q": "ciat"}).json()["results"]] == ["Ciática"]
    english = client.get("/search/suggest/", {"q": "migr"}).json()["results"]
    assert [item["title"] for item in english] == ["Migraine"]


@pytest.mark.parametrize("query", ["dolor de espalda", "dolor de esp", "lumbago"])
def test_spanish_type_ahead_ranks_a_clinic_topic_above_a_library_page_as_search_does(
    client, topic_index, spanish_topic_index, query
):
    library = TopicPageFactory(
        parent=spanish_topic_index, title="Dolor de espalda", also_called="Lumbago", source="medlineplus", source_id="1"
    )
    clinic = TopicPageFactory(
        parent=spanish_topic_index,
        title="Dolor crónico en la parte baja de la espalda",
        also_called="lumbago\ndolor de espalda baja\ndolor lumbar",
    )
    suggested = client.get("/es/search/suggest/", {"q": query}).json()["results"]
    assert [item["url"] for item in suggested] == [clinic.url, library.url]
    if query != "dolor de esp":
        assert [url for url, _title in results(client, query)] == [clinic.url, library.url]


def test_promotions_are_per_language(client, library):
    back_pain_es = next(p for p in library_pages("es") if p.title == "Dolor de espalda")
    back_ache_en = next(p for p in library_pages("en") if p.title == "Back ache")
    query = Query.get("lumbago")
    SearchPromotion.objects.create(query=query, page=back_pain_es, sort_order=0)
    SearchPromotion.objects.create(query=query, page=back_ache_en, sort_order=1)
    assert titles(client, "lumbago") == ["Dolor de espalda"]
    assert titles(client, "lumbago", path="/search/") == ["Back ache"]


def library_pages(language):
    from topics.models import TopicPage

    return list(TopicPage.objects.filter(locale__language_code=language))


def test_searches_with_no_results_are_reported_per_language(client, admin_client, library):
    client.get("/es/search/", {"q": "xilófono"})
    client.get("/es/search/", {"q": "xilófono"})
    client.get("/search/", {"q": "xilófono"})
    rows = sorted(ZeroResultQuery.objects.values_list("query_text", "language", "count"))
    assert rows == [("xilófono", "en", 1), ("xilófono", "es", 2)]
    html = admin_client.get("/admin/reports/zero-result-searches/").content.decode()
    assert re.search(r"xilófono.*?Español.*?>\s*2\s*<", html, re.S)
    assert re.search(r"xilófono.*?English.*?>\s*1\s*<", html, re.S)


def test_spanish_plurals_match_their_singular():
    assert spanish_stem("dolores") == spanish_stem("dolor")
    assert spanish_stem("pies") == spanish_stem("pie")
    assert spanish_stem("articulaciones") == spanish_stem("articulacion")
    assert spanish_stem("artritis") == "artritis"


def make_spanish_topics(spanish_topic_index, count, start=0):
    group = TopicGroupFactory()
    for n in range(start, start + count):
        page = TopicPageFactory(parent=spanish_topic_index, title=f"Migraña tipo {n}", also_called=f"jaqueca {n}")
        page.groups.set([group])


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def test_spanish_suggest_query_count_stays_constant_as_topics_grow(client, spanish_topic_index):
    make_spanish_topics(spanish_topic_index, 3)
    cold_small, _ = count_queries(client, "/es/search/suggest/", {"q": "migr"})
    warm_small, _ = count_queries(client, "/es/search/suggest/", {"q": "migr"})
    make_spanish_topics(spanish_topic_index, 30, start=3)
    cold_large, response = count_queries(client, "/es/search/suggest/", {"q": "migr"})
    warm_large, _ = count_queries(client, "/es/search/suggest/", {"q": "migr"})
    # Cold: the vocabulary is built (as for English: tests/test_search.py).
    assert cold_small == cold_large <= 9  # as in English (tests/test_search.py), clinical codes included
    assert warm_small == warm_large == 0
    assert response.json()["results"][0] == {
        "title": "Migraña tipo 0",
        "url": "/es/temas/migrana-tipo-0/",
        "matched": None,
    }


# A search in the other language: a pointer to that language's search, with the same words.

POINTER_RE = re.compile(
    r'<p class="notice search-language">([^<]*)<a href="([^"]+)" hreflang="(\w+)" lang="\w+">([^<]+)</a>'
)


def pointer(client, query, path):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    found = POINTER_RE.findall(main_html(response))
    return found[0] if found else None


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/search/", "dolor de espalda", ("Search the Spanish site: ", "/es/search/?q=dolor+de+espalda", "es")),
        ("/search/", "ciática", ("Search the Spanish site: ", "/es/search/?q=ci%C3%A1tica", "es")),
        ("/search/", "migraña fuerte", ("Search the Spanish site: ", "/es/search/?q=migra%C3%B1a+fuerte", "es")),
        ("/es/search/", "back pain", ("Buscar en el sitio en inglés: ", "/search/?q=back+pain", "en")),
        ("/es/search/", "the migraine", ("Buscar en el sitio en inglés: ", "/search/?q=the+migraine", "en")),
    ],
)
def test_a_search_in_the_other_language_points_to_that_languages_search(client, library, path, query, expected):
    found = pointer(client, query, path)
    assert found is not None, query
    label, url, language, shown = found
    assert (label, url, language) == expected
    assert shown == query


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/search/", "migraine"),
        ("/search/", "parking"),
        ("/search/", "lower back"),
        ("/es/search/", "ciatica"),
        ("/es/search/", "dolor de espalda"),
        ("/es/search/", "xilofono"),
    ],
)
def test_no_pointer_for_a_search_in_the_sites_own_language_or_in_neither(client, library, path, query):
    assert pointer(client, query, path) is None


def test_the_pointer_leaves_corrections_alone(client, library, topic_index):
    TopicPageFactory(parent=topic_index, title="Pacing", summary="Doing a little at a time.")
    response = client.get("/search/", {"q": "parking"})
    html = main_html(response)
    assert "search-language" not in html
    assert "Showing results for <strong>pacing</strong>" in html
    # A Spanish query the English words would "correct" still gets the pointer beside the correction.
    html = main_html(client.get("/search/", {"q": "ciatica"}))
    assert 'href="/es/search/?q=ciatica"' in html


def test_the_pointer_costs_no_query_once_both_vocabularies_are_read(client, library):
    client.get("/search/", {"q": "migraine"})
    client.get("/es/search/", {"q": "migraña"})
    with CaptureQueriesContext(connection) as spanish_looking:
        client.get("/search/", {"q": "dolor de cabeza"})
    with CaptureQueriesContext(connection) as unknown:
        client.get("/search/", {"q": "parking lot"})
    assert len(spanish_looking.captured_queries) <= len(unknown.captured_queries)
    # Kept with the cached results.
    assert 'href="/es/search/?q=dolor+de+cabeza"' in main_html(client.get("/search/", {"q": "dolor de cabeza"}))
