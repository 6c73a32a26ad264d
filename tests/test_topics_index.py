"""The topic index: grouping, filters, drafts, 404s and a constant number of queries."""

import pytest
from django.test import Client

from tests.factories import TopicGroupFactory, TopicPageFactory


@pytest.fixture
def groups(db):
    return {
        "back": TopicGroupFactory(name="Back and neck pain", slug="back-and-neck-pain", sort_order=10),
        "nerve": TopicGroupFactory(name="Nerve pain", slug="nerve-pain", sort_order=20),
        "empty": TopicGroupFactory(name="Treatments", slug="treatments", sort_order=30),
    }


def section(html, heading):
    """The HTML of the index section that starts with this group heading."""
    start = html.index(f">{heading}</h2>")
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_index_groups_live_topics_in_group_order(client, topic_index, groups):
    TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"], groups["nerve"]])
    TopicPageFactory(parent=topic_index, title="Neck pain", groups=[groups["back"]])
    TopicPageFactory(parent=topic_index, title="Diabetic nerve pain", groups=[groups["nerve"]])
    draft = TopicPageFactory(parent=topic_index, title="Secret draft", groups=[groups["nerve"]])
    draft.unpublish()

    html = client.get("/topics/").content.decode()

    assert html.index(">Back and neck pain</h2>") < html.index(">Nerve pain</h2>")
    back = section(html, "Back and neck pain")
    nerve = section(html, "Nerve pain")
    assert "Sciatica" in back and "Neck pain" in back and "Diabetic nerve pain" not in back
    assert "Sciatica" in nerve and "Diabetic nerve pain" in nerve
    assert "Secret draft" not in html
    assert ">Treatments</h2>" not in html  # a group without topics is not shown


def test_group_filter_shows_only_that_group(client, topic_index, groups):
    TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"]])
    TopicPageFactory(parent=topic_index, title="Shingles pain", groups=[groups["nerve"]])
    response = client.get("/topics/?group=nerve-pain")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nerve pain</h1>" in html
    assert "Shingles pain" in html and "Sciatica" not in html


@pytest.mark.parametrize("query", ["?group=no-such-group", "?group=", "?group=../x", "?letter=zz", "?letter=q"])
def test_unknown_group_or_letter_is_a_404_page(client, topic_index, groups, query):
    TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"]])
    response = client.get("/topics/" + query)
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_a_to_z_jump_list_and_letter_filter(client, topic_index, groups):
    TopicPageFactory(parent=topic_index, title="Fibromyalgia", groups=[groups["back"]])
    TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"]])
    html = client.get("/topics/").content.decode()
    assert '<a href="?letter=f">F</a>' in html
    assert '<a href="?letter=s">S</a>' in html
    assert '<span class="az-list__empty" aria-hidden="true">Q</span>' in html

    letter_html = client.get("/topics/?letter=F").content.decode()
    assert "Fibromyalgia" in letter_html and "Sciatica" not in letter_html


def test_large_groups_link_to_their_full_list(client, topic_index, groups):
    for n in range(15):
        TopicPageFactory(parent=topic_index, title=f"Back topic {n:02d}", groups=[groups["back"]])
    html = client.get("/topics/").content.decode()
    assert html.count("Back topic") == 12
    assert 'href="?group=back-and-neck-pain">All 15 topics in Back and neck pain</a>' in html


def build_topics(index, groups, count, start=0):
    for n in range(start, start + count):
        TopicPageFactory(parent=index, title=f"Topic {n:03d}", groups=[groups["back"], groups["nerve"]])


def build_library(index, groups, count, start=0):
    for n in range(start, start + count):
        TopicPageFactory(
            parent=index, title=f"Library {n:03d}", groups=[groups["nerve"]], source="medlineplus", source_id=str(n)
        )


#: Every listing of the index: groups, a group, a letter, and the same over the health library.
INDEX_LISTINGS = [
    "/topics/",
    "/topics/?group=nerve-pain",
    "/topics/?letter=t",
    "/topics/?library=1",
    "/topics/?library=1&group=nerve-pain",
    "/topics/?library=1&letter=l",
]


def test_index_queries_do_not_grow_with_topics(django_assert_max_num_queries, topic_index, groups):
    """Each listing's queries with 10 topics, then with 50: one set of pages for all six listings (making them is
    most of this test's time)."""
    build_topics(topic_index, groups, 5)
    build_library(topic_index, groups, 5)
    client = Client()
    small_counts = {}
    for url in INDEX_LISTINGS:
        client.get(url)  # warm the shared reads (site, settings, links, translations: website/shared.py)
        # 2 to route (every page on the path, the index's own row), 1 for the A-Z initials, and the listing's own:
        # groups with their topics (3), a letter or group (1-2), the health library's groups and their sizes (1).
        with django_assert_max_num_queries(7) as small:
            assert client.get(url).status_code == 200, url
        small_counts[url] = len(small.captured_queries)  # read now: the next request empties the query log
    build_topics(topic_index, groups, 20, start=5)
    build_library(topic_index, groups, 20, start=5)
    for url in INDEX_LISTINGS:
        client.get(url)  # creating pages changed the shared reads: the first request after it reads them again
        with django_assert_max_num_queries(small_counts[url], info=url):
            assert client.get(url).status_code == 200, url


def test_topic_page_queries_do_not_grow_with_topics(django_assert_max_num_queries, topic_index, groups):
    build_topics(topic_index, groups, 5)
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"], groups["nerve"]])
    client = Client()
    client.get(topic.url)
    # 2 to route (every page on the path, the topic's own row), its groups, the linked treatments and conditions
    # (their rows: none here; with links, +1 for the linked pages), the related topics (editors' choices, then
    # the same groups' topics) and the latest blog articles about it. Site, settings, header and footer links, view
    # restrictions and translations come from the shared reads (website/shared.py).
    with django_assert_max_num_queries(7) as small:
        assert client.get(topic.url).status_code == 200
    small_count = len(small.captured_queries)  # read now: the next request empties the query log
    build_topics(topic_index, groups, 20, start=5)
    client.get(topic.url)  # creating pages changed the shared reads: the first request after it reads them again
    with django_assert_max_num_queries(small_count):
        assert client.get(topic.url).status_code == 200


@pytest.fixture
def clinic_and_library(topic_index, groups):
    library_group = TopicGroupFactory(name="Infections", slug="infections", sort_order=1000)
    TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"]])
    TopicPageFactory(parent=topic_index, title="Shingles pain", groups=[groups["nerve"]])
    for n, title in enumerate(["Shingles", "Sciatic nerve injury", "Measles"]):
        TopicPageFactory(
            parent=topic_index,
            title=title,
            groups=[library_group] if title != "Sciatic nerve injury" else [groups["nerve"]],
            source="medlineplus",
            source_id=str(n),
        )
    return library_group


def test_index_lists_clinic_topics_first_and_the_library_as_its_own_section(client, clinic_and_library):
    html = client.get("/topics/").content.decode()

    clinic, library = html.split('<h2 id="library-heading">Health library from MedlinePlus</h2>')
    assert "Sciatica" in clinic and "Shingles pain" in clinic
    assert ">Shingles<" not in clinic and "Measles" not in clinic and "Sciatic nerve injury" not in clinic
    # The library section names its groups and their sizes and links to its own views, not to every page.
    assert '<a href="?library=1&amp;group=infections">Infections</a> (2)' in library
    assert '<a href="?library=1&amp;group=nerve-pain">Nerve pain</a> (1)' in library
    assert '<a class="more-link" href="?library=1">' in library
    assert '<a href="?library=1&amp;letter=m">M</a>' in library
    assert "Measles" not in library
    # The clinic's A-Z list only offers the clinic's letters.
    assert '<a href="?letter=s">S</a>' in clinic
    assert '<span class="az-list__empty" aria-hidden="true">M</span>' in clinic


def test_library_view_groups_only_library_pages(client, clinic_and_library):
    response = client.get("/topics/?library=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Health library from MedlinePlus</h1>" in html
    assert "Measles" in html and "Shingles" in html and "Sciatic nerve injury" in html
    assert "Shingles pain" not in html and "Sciatica<" not in html
    assert '<a href="?library=1&amp;letter=m">M</a>' in html
    assert "library-heading" not in html


def test_library_group_and_letter_views_leave_out_clinic_topics(client, clinic_and_library):
    group_html = client.get("/topics/?library=1&group=nerve-pain").content.decode()
    assert "Sciatic nerve injury" in group_html and "Shingles pain" not in group_html
    clinic_group_html = client.get("/topics/?group=nerve-pain").content.decode()
    assert "Shingles pain" in clinic_group_html and "Sciatic nerve injury" not in clinic_group_html

    letter_html = client.get("/topics/?library=1&letter=s").content.decode()
    assert "<h1>Health library: S</h1>" in letter_html
    assert "Shingles" in letter_html and "Shingles pain" not in letter_html and "Sciatica" not in letter_html
    assert client.get("/topics/?letter=m").status_code == 404  # no clinic topic starts with M


@pytest.mark.parametrize("query", ["?library=0", "?library=", "?library=yes", "?library=1&letter=q"])
def test_bad_library_parameters_are_404_pages(client, clinic_and_library, query):
    assert client.get("/topics/" + query).status_code == 404


def test_no_library_section_without_library_pages(client, topic_index, groups):
    TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"]])
    assert "Health library" not in client.get("/topics/").content.decode()
