"""Clinician profiles: who reviewed a topic, shown under its title and on a short public profile."""

import pytest
from django.test import Client

from clinicians.models import split_credited_name
from tests.factories import ClinicianProfileFactory, TopicPageFactory
from tests.test_pagecache import page_cache  # noqa: F401  (the page cache on Redis)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dr. Ana Ruiz, MD", ("Ana Ruiz", "MD", "")),
        (
            "Dr Priya Natarajan, MD, Physical Medicine and Rehabilitation",
            ("Priya Natarajan", "MD", "Physical Medicine and Rehabilitation"),
        ),
        ("Sam Lee", ("Sam Lee", "", "")),
        ("doctor Drew Barry, DO", ("Drew Barry", "DO", "")),
    ],
)
def test_a_typed_reviewer_name_splits_into_name_credentials_and_role(text, expected):
    assert split_credited_name(text) == expected


@pytest.mark.django_db
def test_profile_page_shows_name_role_and_bio_escaped(client, home, django_assert_max_num_queries):
    profile = ClinicianProfileFactory(name="Ana <b>Ruiz</b>", bio="Line one.\n\nLine two.")
    # 14 with languages: the switcher finds the other language's home page, and locale lookups; one for conditions,
    # one for locations.
    with django_assert_max_num_queries(14):
        response = client.get(f"/clinicians/{profile.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ana &lt;b&gt;Ruiz&lt;/b&gt;, MD</h1>" in html
    assert "Pain medicine physician" in html and "<p>Line two.</p>" in html
    assert client.post(f"/clinicians/{profile.slug}/").status_code == 405


@pytest.mark.django_db
def test_topic_credits_the_reviewer_under_its_title_in_constant_queries(
    client, topic_index, django_assert_max_num_queries
):
    profile = ClinicianProfileFactory(name="Lena Marsh", role="Pain medicine physician")
    topic = TopicPageFactory(parent=topic_index, slug="sciatica", reviewed_by=profile)
    with django_assert_max_num_queries(30):
        html = client.get(topic.url).content.decode()
    header = html.split('class="topic__header"')[1].split("</header>")[0]
    assert (
        f'Reviewed by <a href="/clinicians/{profile.slug}/">Lena Marsh, MD</a>, Pain medicine physician · <time'
        in header
    )


@pytest.mark.django_db
def test_a_page_reviewed_before_profiles_shows_the_typed_name(client, topic_index):
    topic = TopicPageFactory(parent=topic_index, slug="old", medical_reviewer="Dr. Old Name, MD")
    assert "Reviewed by Dr. Old Name, MD · <time" in client.get(topic.url).content.decode()


@pytest.mark.django_db
def test_body_headings_get_stable_unique_ids_listed_on_this_page(client, topic_index):
    topic = TopicPageFactory(
        parent=topic_index,
        slug="anchors",
        body__0__text__heading="What may help",
        body__1__patient_quote__quote="It helped.",
        body__2__text__heading="What may help",
        body__3__symptoms__heading="Symptoms",
    )
    assert [anchor for _pos, anchor, _heading in topic.sections] == [
        "section-what-may-help",
        "section-what-may-help-2",
        "section-symptoms",
    ]
    html = client.get(topic.url).content.decode()
    for anchor in ("section-what-may-help", "section-what-may-help-2", "section-symptoms"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html


@pytest.mark.django_db
def test_editing_a_profile_refreshes_the_cached_topics_that_credit_it(page_cache, topic_index):  # noqa: F811
    profile = ClinicianProfileFactory(name="Lena Marsh", role="Pain medicine physician")
    topic = TopicPageFactory(parent=topic_index, slug="sciatica", reviewed_by=profile)
    assert "Pain medicine physician" in Client().get(topic.url).content.decode()
    assert Client().get(topic.url)["X-Page-Cache"] == "hit"
    profile.role = "Neurologist"
    profile.save()
    response = Client().get(topic.url)
    assert response["X-Page-Cache"] == "miss" and "Neurologist" in response.content.decode()
