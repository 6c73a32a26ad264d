"""The demo site: its data files (demo/content/) and the idempotent `load_demo_content` that builds it."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from clinicians.models import ClinicianProfile
from cta.models import CallToAction
from demo.content import CONTENT_DIR, DemoContentError, read_file, read_site, topic_body
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
    load()
    first = counts()
    site = read_site()
    assert TopicPage.objects.live().count() == len(site.topics) >= 10
    assert first["groups"] == len(site.groups)
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk

    output = load()
    assert "nothing changed" in output
    assert counts() == first


@pytest.mark.django_db
def test_every_demo_topic_credits_a_demo_clinician_with_a_public_profile(client):
    load()
    profiles = {profile.slug: profile for profile in ClinicianProfile.objects.all()}
    assert len(profiles) == len(read_site().clinicians) == 2
    for topic in TopicPage.objects.live():
        assert topic.reviewed_by.slug in profiles, topic.slug
        html = client.get(topic.url).content.decode()
        assert f'Reviewed by <a href="/clinicians/{topic.reviewed_by.slug}/">' in html, topic.slug
    for profile in profiles.values():
        response = client.get(f"/clinicians/{profile.slug}/")
        assert response.status_code == 200
        assert profile.role in response.content.decode()
    assert client.get("/clinicians/no-such-clinician/").status_code == 404


@pytest.mark.django_db
def test_demo_loader_keeps_editors_changes(client):
    load()
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


@pytest.mark.django_db
def test_every_demo_topic_uses_several_block_types_and_renders(client):
    load()
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
    assert sorted(path.name for path in CONTENT_DIR.iterdir()) == ["en"]
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


@pytest.mark.django_db
def test_booking_buttons_on_the_home_page_and_every_topic_reach_the_contact_form(client, settings):
    settings.CTA_CLICK_RATE_LIMIT = 1000
    load()
    [home_link] = booking_links(client.get("/").content.decode())
    assert client.get(home_link)["Location"] == "/contact/"

    topics_with_booking = 0
    for topic in TopicPage.objects.live().order_by("slug"):
        for link in booking_links(client.get(topic.url).content.decode()):
            topics_with_booking += 1
            response = client.get(link, follow=True)
            assert response.redirect_chain[0][0] == f"/contact/?topic={topic.slug}", topic.slug
            assert response.status_code == 200 and response.request["PATH_INFO"] == "/contact/", topic.slug
    assert topics_with_booking >= 8


@pytest.mark.django_db
def test_demo_loader_chooses_the_booking_call_to_action_for_the_health_library():
    from topics.models import HealthLibrarySettings

    load()
    setting = HealthLibrarySettings.objects.get(site=Site.objects.get(is_default_site=True))
    assert setting.call_to_action.name == "Book a consultation"
    assert setting.call_to_action.link_page.slug == "contact"
    assert "nothing changed" in load()
    assert HealthLibrarySettings.objects.count() == 1
