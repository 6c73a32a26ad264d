"""The Spanish topic index (/es/temas/): an A-Z list with Ñ, accented initials under their letter, and a
constant number of queries for the index and a topic page as topics grow."""

import re

import pytest
from django.test import Client
from wagtail.models import Locale

from tests.factories import TopicGroupFactory, TopicPageFactory


@pytest.fixture
def group(db):
    """A Spanish topic group: the Spanish index only lists and filters by groups in its own language."""
    return TopicGroupFactory(name="Dolor", slug="dolor", locale=Locale.objects.get(language_code="es"))


def letters(html):
    nav = html[html.index('<nav class="az-list"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r">([A-ZÑ#])</(?:a|span)>", nav)


def test_the_spanish_a_to_z_has_enye_and_files_accented_titles_under_their_letter(client, spanish_topic_index, group):
    for title in ["Ácido úrico", "Ñame y alergias", "Náuseas", "Úlcera", "Ojo seco"]:
        TopicPageFactory(parent=spanish_topic_index, title=title, groups=[group])
    html = client.get("/es/temas/").content.decode()
    assert letters(html)[12:17] == ["M", "N", "Ñ", "O", "P"]
    for letter in ["a", "n", "%C3%B1", "o", "u"]:
        assert f'href="?letter={letter}"' in html
    enye = client.get("/es/temas/?letter=ñ").content.decode()
    assert "Ñame y alergias" in enye and "Náuseas" not in enye
    n = client.get("/es/temas/?letter=n").content.decode()
    assert "Náuseas" in n and "Ñame y alergias" not in n
    assert "Ácido úrico" in client.get("/es/temas/?letter=a").content.decode()
    assert "Úlcera" in client.get("/es/temas/?letter=u").content.decode()
    assert client.get("/es/temas/?letter=%23").status_code == 404  # every title starts with a letter


def test_the_english_a_to_z_has_no_enye(client, topic_index, group):
    TopicPageFactory(parent=topic_index, title="Nausea", groups=[group])
    assert "Ñ" not in letters(client.get("/topics/").content.decode())


def build(index, group, count, start=0, source="clinic"):
    for n in range(start, start + count):
        TopicPageFactory(
            parent=index,
            title=f"Tema {n:03d}",
            groups=[group],
            source=source,
            source_id=str(n) if source == "medlineplus" else "",
        )


SPANISH_LISTINGS = ["/es/temas/", "/es/temas/?letter=t", "/es/temas/?library=1", "/es/temas/?group=dolor"]


def test_spanish_index_queries_do_not_grow_with_topics(django_assert_max_num_queries, spanish_topic_index, group):
    """Each listing's queries with 10 topics, then with 50 (one set of pages for all the listings)."""
    build(spanish_topic_index, group, 5)
    build(spanish_topic_index, group, 5, start=100, source="medlineplus")
    client = Client()
    small_counts = {}
    for url in SPANISH_LISTINGS:
        client.get(url)
        # As the English index: the Spanish home page comes from the shared reads, not a query.
        with django_assert_max_num_queries(7) as small:
            assert client.get(url).status_code == 200, url
        small_counts[url] = len(small.captured_queries)  # read now: the next request empties the query log
    build(spanish_topic_index, group, 20, start=5)
    build(spanish_topic_index, group, 20, start=105, source="medlineplus")
    for url in SPANISH_LISTINGS:
        client.get(url)  # creating pages changed the shared reads: the first request after it reads them again
        with django_assert_max_num_queries(small_counts[url], info=url):
            assert client.get(url).status_code == 200, url


def test_spanish_topic_page_queries_do_not_grow_with_topics(django_assert_max_num_queries, spanish_topic_index, group):
    build(spanish_topic_index, group, 5)
    topic = TopicPageFactory(parent=spanish_topic_index, title="Ciática", groups=[group])
    client = Client()
    client.get(topic.url)
    # The English topic page's 7, as for the index.
    with django_assert_max_num_queries(7) as small:
        assert client.get(topic.url).status_code == 200
    small_count = len(small.captured_queries)  # read now: the next request empties the query log
    build(spanish_topic_index, group, 20, start=5)
    client.get(topic.url)  # creating pages changed the shared reads: the first request after it reads them again
    with django_assert_max_num_queries(small_count):
        assert client.get(topic.url).status_code == 200
