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


@pytest.mark.parametrize("url", ["/topics/", "/topics/?group=nerve-pain", "/topics/?letter=t"])
def test_index_queries_do_not_grow_with_topics(django_assert_max_num_queries, topic_index, groups, url):
    build_topics(topic_index, groups, 5)
    client = Client()
    client.get(url)  # warm Wagtail's site-root cache, as in production
    # 14: one query for .public()'s view restrictions, one for the header's landmark links (topic index, contact);
    # 17: +3 for languages (routing's locale lookup, the translations, .public() on them).
    with django_assert_max_num_queries(17) as small:
        assert client.get(url).status_code == 200
    build_topics(topic_index, groups, 45, start=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_topic_page_queries_do_not_grow_with_topics(django_assert_max_num_queries, topic_index, groups):
    build_topics(topic_index, groups, 5)
    topic = TopicPageFactory(parent=topic_index, title="Sciatica", groups=[groups["back"], groups["nerve"]])
    client = Client()
    client.get(topic.url)
    # 16: .public() on related topics, and the header's landmark links (topic index, contact page);
    # 19: +3 for languages (routing's locale lookup, the translations, .public() on them).
    with django_assert_max_num_queries(19) as small:
        assert client.get(topic.url).status_code == 200
    build_topics(topic_index, groups, 45, start=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(topic.url).status_code == 200
