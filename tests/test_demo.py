"""The demo site: its data files (demo/content/) and the idempotent `load_demo_content` that builds it."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page, Revision, Site

from blog.models import ArticlePage
from clinicians.models import ClinicianProfile
from cta.models import CallToAction
from demo.content import CONTENT_DIR, DemoContentError, read_file, read_site, read_translation, topic_body
from home.models import HomePage
from tests.factories import CallToActionFactory
from topics.models import TopicGroup, TopicPage

#: Words in a call to action's name, heading or button that invite a patient to book.
BOOKING_WORDS = re.compile(r"\b(book|appointment|consultation)", re.IGNORECASE)


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "groups": TopicGroup.objects.count(),
        "ctas": CallToAction.objects.count(),
        "sites": Site.objects.count(),
        "clinicians": ClinicianProfile.objects.count(),
    }


def invites_booking(cta):
    return any(BOOKING_WORDS.search(cta[field] or "") for field in ("name", "heading", "button_label"))


@pytest.mark.django_db
def test_demo_loader_builds_the_site_and_is_idempotent(client):
    built = load()
    assert "article ketamine-infusions-instead-of-opioids" in built
    assert "contact page" in built
    first = counts()
    site = read_site()
    assert TopicPage.objects.live().filter(locale__language_code="en").count() == len(site.topics) >= 10
    assert first["groups"] == 2 * len(site.groups)  # each English group and its Spanish twin
    home = HomePage.objects.get(locale__language_code="en")
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk

    output = load()
    assert "nothing changed" in output
    assert counts() == first


def test_every_demo_topic_credits_a_demo_clinician_with_a_public_profile(client, demo):
    profiles = {profile.slug: profile for profile in ClinicianProfile.objects.all()}
    assert len(profiles) == len(read_site().clinicians) == 2
    for topic in TopicPage.objects.live():
        assert topic.reviewed_by.slug in profiles, topic.slug
        html = client.get(topic.url).content.decode()
        prefix = "" if topic.locale.language_code == "en" else f"/{topic.locale.language_code}"
        assert f'<a href="{prefix}/clinicians/{topic.reviewed_by.slug}/">' in html, topic.slug
    for profile in profiles.values():
        response = client.get(f"/clinicians/{profile.slug}/")
        assert response.status_code == 200
        assert profile.role in response.content.decode()
    assert client.get("/clinicians/no-such-clinician/").status_code == 404


def test_demo_loader_keeps_editors_changes(client, demo):
    topic = TopicPage.objects.get(slug="sciatica")
    topic.summary = "Edited by an editor."
    topic.save_revision().publish()
    cta = CallToAction.objects.get(name="Book a consultation")
    cta.link_page, cta.link_url = None, "https://example.org/booking/"
    cta.save()
    load()
    topic.refresh_from_db()
    cta.refresh_from_db()
    assert topic.summary == "Edited by an editor."
    assert (cta.link_page_id, cta.link_url) == (None, "https://example.org/booking/")


def test_every_demo_topic_uses_several_block_types_and_renders(client, demo):
    for topic in TopicPage.objects.live():
        assert len({block.block_type for block in topic.body}) >= 3, topic.slug
        response = client.get(topic.url)
        assert response.status_code == 200, topic.slug


@pytest.mark.django_db
def test_every_topic_file_body_is_valid_for_topic_body_block():
    site = read_site()
    cta_pks = {data["name"]: CallToActionFactory(name=data["name"]).pk for data in site.calls_to_action}
    for path, data in site.topics.values():
        assert len(topic_body(path, data["body"], cta_pks)) == len(data["body"])


BROKEN_TOPIC = """\
title: Broken
slug: broken
body:
  - type: text
    value:
      text: <p>Fine.</p>
{block}
"""


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("  - type: poem\n    value: {verse: Roses}", "block 1 (poem): unknown block type; use one of "),
        (
            "  - type: condition_overview\n    value: {heading: Overview}",
            "block 1 (condition_overview): what_it_is: This field is required.",
        ),
        (
            "  - type: symptoms\n    value: {heading: Symptoms, sypmtoms: [Pain]}",
            "block 1 (symptoms): unknown field(s) sypmtoms",
        ),
        (
            "  - type: call_to_action\n    value: {call_to_action: Call us maybe}",
            "block 1 (call_to_action): no call to action named 'Call us maybe'",
        ),
    ],
)
@pytest.mark.django_db
def test_a_broken_topic_file_names_the_file_and_the_block(tmp_path, block, message):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_TOPIC.format(block=block))
    with pytest.raises(DemoContentError) as error:
        topic_body(path, read_file(path)["body"], {})
    assert str(error.value).startswith(f"{path}: {message}")


def test_a_file_that_is_not_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: [unclosed\n")
    with pytest.raises(DemoContentError, match=f"^{re.escape(str(path))}: not valid YAML"):
        read_file(path)


@pytest.mark.django_db
def test_the_loader_stops_on_a_broken_file_and_changes_nothing(monkeypatch):
    site = read_site()
    path, data = site.topics["sciatica"]
    data["body"].append({"type": "poem", "value": {}})
    monkeypatch.setattr("demo.management.commands.load_demo_content.read_site", lambda language: site)
    before = counts()
    with pytest.raises(CommandError, match=r"sciatica\.yaml: block \d+ \(poem\): unknown block type"):
        load()
    assert counts() == before


def test_demo_files_are_laid_out_by_language_and_topic():
    assert sorted(path.name for path in CONTENT_DIR.iterdir()) == ["en", "es"]
    for slug, (path, data) in read_site("en").topics.items():
        assert path == CONTENT_DIR / "en" / "topics" / f"{slug}.yaml"
        assert data["slug"] == slug


def test_every_demo_call_to_action_that_invites_booking_targets_the_contact_page():
    ctas = read_site().calls_to_action
    booking = [cta for cta in ctas if invites_booking(cta)]
    assert [cta["name"] for cta in booking] == ["Book a consultation"]
    for cta in booking:
        assert cta.get("link_page") == "contact" and not cta.get("link_url"), cta["name"]


def booking_links(html):
    """The button hrefs of the page's calls to action that invite booking."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        aside.select_one("a.button")["href"]
        for aside in soup.select("aside.cta")
        if BOOKING_WORDS.search(aside.get_text(" "))
    ]


def test_booking_buttons_on_the_home_page_and_every_topic_reach_the_contact_form(client, settings, demo):
    settings.CTA_CLICK_RATE_LIMIT = 1000
    [home_link] = booking_links(client.get("/").content.decode())
    home = HomePage.objects.get(locale__language_code="en")
    assert client.get(home_link)["Location"] == f"/contact/?from={home.pk}"  # the page the request started from

    topics_with_booking = 0
    for topic in TopicPage.objects.live().order_by("slug"):
        for link in booking_links(client.get(topic.url).content.decode()):
            topics_with_booking += 1
            response = client.get(link, follow=True)
            assert response.redirect_chain[0][0] == f"/contact/?topic={topic.slug}&from={topic.pk}", topic.slug
            assert response.status_code == 200 and response.request["PATH_INFO"] == "/contact/", topic.slug
    assert topics_with_booking >= 8


def test_demo_loader_chooses_the_booking_call_to_action_for_the_health_library(demo):
    from topics.models import HealthLibrarySettings

    setting = HealthLibrarySettings.objects.get(site=Site.objects.get(is_default_site=True))
    assert setting.call_to_action.name == "Book a consultation"
    assert setting.call_to_action.link_page.slug == "contact"
    assert "nothing changed" in load()
    assert HealthLibrarySettings.objects.count() == 1


def test_every_english_demo_topic_has_a_live_spanish_translation_reviewed_like_it(client, demo):
    english = TopicPage.objects.live().filter(locale__language_code="en", source=TopicPage.SOURCE_CLINIC)
    spanish = {
        page.translation_key: page
        for page in TopicPage.objects.live().filter(locale__language_code="es").select_related("reviewed_by")
    }
    assert len(spanish) == english.count() == len(read_translation("es").topics)
    for topic in english:
        twin = spanish[topic.translation_key]
        assert twin.slug != topic.slug and twin.title != topic.title, topic.slug
        assert twin.url.startswith("/es/temas/"), twin.url
        assert (twin.reviewed_by_id, twin.last_reviewed, twin.next_review_due) == (
            topic.reviewed_by_id,
            topic.last_reviewed,
            topic.next_review_due,
        )
        assert {g.translation_key for g in twin.groups.all()} == {g.translation_key for g in topic.groups.all()}
        assert {g.locale.language_code for g in twin.groups.all()} == {"es"}, twin.slug
        assert {link.related_page.locale.language_code for link in twin.related_topic_links.all()} <= {"es"}
        assert twin.related_topic_links.count() == topic.related_topic_links.count(), twin.slug
        for block in twin.body:
            if block.block_type == "call_to_action":
                assert block.value["call_to_action"].locale.language_code == "es", twin.slug
        assert client.get(twin.url).status_code == 200


def test_spanish_demo_pages_are_translations_under_the_spanish_home(client, demo):
    home = HomePage.objects.get(locale__language_code="en")
    spanish_home = home.get_translation(Locale.objects.get(language_code="es"))
    assert spanish_home.live and spanish_home.get_parent().is_root()
    for english in home.get_children().live().specific():
        twin = english.get_translations().get()
        assert twin.get_parent().pk == spanish_home.pk, english.slug
        assert twin.live and twin.url.startswith("/es/"), twin.url
    assert all(f.topic.locale_id == spanish_home.locale_id for f in spanish_home.specific.featured_topics.all())
    assert spanish_home.specific.call_to_action.locale_id == spanish_home.locale_id
    html = client.get("/es/").content.decode()
    assert 'lang="es"' in html and spanish_home.specific.welcome_heading in html
    groups = TopicGroup.objects.filter(locale__language_code="es").order_by("sort_order")
    index_html = client.get("/es/temas/").content.decode()
    assert all(group.name in index_html for group in groups)
    assert client.get(f"/es/temas/?group={groups[0].slug}").status_code == 200
    assert client.get(f"/topics/?group={groups[0].slug}").status_code == 404
    for cta in CallToAction.objects.filter(locale__language_code="es"):
        assert cta.link_page.locale_id == spanish_home.locale_id, cta.name


def test_second_run_adds_no_spanish_revisions_and_keeps_spanish_edits(demo):
    spanish = TopicPage.objects.get(slug="ciatica")
    spanish.summary = "Cambiado por una editora."
    spanish.save_revision().publish()
    before = counts()
    assert "nothing changed" in load()
    assert counts() == before
    spanish.refresh_from_db()
    assert spanish.summary == "Cambiado por una editora."


@pytest.mark.django_db
def test_without_the_spanish_locale_the_loader_builds_english_only(settings):
    settings.WAGTAIL_I18N_ENABLED = False
    load()
    assert not Page.objects.filter(locale__language_code="es").exists()
    assert not TopicGroup.objects.filter(locale__language_code="es").exists()


def test_every_spanish_demo_file_names_an_english_original():
    english, spanish = read_site("en"), read_translation("es")
    assert {data["translation_of"] for _path, data in spanish.topics.values()} == set(english.topics)
    assert {g["translation_of"] for g in spanish.groups} == {g["slug"] for g in english.groups}
    assert {c["translation_of"] for c in spanish.calls_to_action} == {c["name"] for c in english.calls_to_action}
    assert {p["translation_of"] for p in spanish.clinic_pages} == {p["slug"] for p in english.clinic_pages}
    english_searches = {query for page in english.clinic_pages for query in page.get("promoted_for", [])}
    spanish_searches = {query for page in spanish.clinic_pages for query in page.get("promoted_for", [])}
    assert not english_searches & spanish_searches  # a promoted search never shows a page in the other language


def test_spanish_demo_blog_translates_the_ketamine_article_and_links_spanish_topics(client, demo):
    english = ArticlePage.objects.get(slug="ketamine-infusions-instead-of-opioids")
    spanish = english.get_translations().get().specific
    assert spanish.live and spanish.url == "/es/blog/infusiones-de-ketamina-en-lugar-de-opioides/"
    assert spanish.get_parent().specific.get_translations().get().pk == english.get_parent().pk
    assert {topic.locale.language_code for topic in spanish.topics.all()} == {"es"}
    html = client.get(spanish.url).content.decode()
    assert 'lang="es"' in html and "Infusiones de ketamina en dosis bajas" in html
    assert f'href="{english.url}"' in html  # the language switcher reaches the English article
    assert (
        "/es/temas/" in client.get("/es/blog/").content.decode()
        or spanish.title in client.get("/es/blog/").content.decode()
    )
