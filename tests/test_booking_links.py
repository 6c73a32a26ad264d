"""Booking in both languages: every call to action and contact link on every demo page reaches the contact page in
the page's language, with the topic named on the form when the link came from a topic page."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page

from contact.models import ContactPage
from cta.models import CallToAction, CallToActionClick
from tests.factories import CallToActionFactory, ContactPageFactory, TopicPageFactory
from topics.models import TopicPage


@pytest.fixture
def many_clicks(settings):
    settings.CTA_CLICK_RATE_LIMIT = 100_000


def contact_pages():
    return {page.locale.language_code: page.url for page in ContactPage.objects.live().select_related("locale")}


def booking_and_contact_links(html, contact_urls):
    """Every link on the page to the click counter or to a contact page (the header's, the body's, the footer's),
    except the language switcher (on the contact page itself, it leads to the other language's contact page)."""
    soup = BeautifulSoup(html, "html.parser")
    links = set()
    for anchor in soup.select("a[href]:not(.site-header__language)"):
        path = urlsplit(anchor["href"]).path
        if path.startswith("/go/cta/") or path in contact_urls:
            links.add(anchor["href"])
    return sorted(links)


def topic_named(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    named = soup.select_one(".contact-form__topic strong")
    return named.get_text() if named else None


def landing(client, link):
    response = client.get(link, follow=True)
    assert response.status_code == 200, (link, response.status_code)
    return response


def test_every_booking_link_of_every_demo_page_reaches_the_contact_page_of_its_language(client, demo, many_clicks):
    contacts = contact_pages()
    assert set(contacts) == {"en", "es"}
    checked = {"en": 0, "es": 0}
    topics_named = {"en": 0, "es": 0}
    for page in Page.objects.live().public().exclude(depth=1).specific().order_by("path"):
        language = page.locale.language_code
        html = client.get(page.url).content.decode()
        for link in booking_and_contact_links(html, set(contacts.values())):
            response = landing(client, link)
            arrived = response.request["PATH_INFO"]
            if arrived != contacts[language]:
                # A call to action may lead elsewhere ("Ask about tapering support"): still in this language.
                assert response.context["page"].locale.language_code == language, (page.url, link, arrived)
                continue
            checked[language] += 1
            if "topic=" in link:
                assert isinstance(page, TopicPage), (page.url, link)
                assert topic_named(response) == page.title, (page.url, link)
                topics_named[language] += 1
    assert min(checked.values()) >= 20, checked
    assert topics_named["en"] == topics_named["es"] >= 10, topics_named


def test_a_spanish_topics_booking_button_names_it_on_the_spanish_contact_form(client, demo, many_clicks):
    html = client.get("/es/temas/ciatica/").content.decode()
    [button] = {
        a["href"] for a in BeautifulSoup(html, "html.parser").select("a[href^='/go/cta/']") if "Pedir" in a.get_text()
    }
    cta = CallToAction.objects.get(pk=button.split("/")[3])
    response = client.get(button)
    assert response.status_code == 302
    ciatica = TopicPage.objects.get(slug="ciatica")
    assert response["Location"] == f"/es/contacto/?topic=ciatica&from={ciatica.pk}"
    click = CallToActionClick.objects.get(call_to_action=cta)
    assert (click.count, click.page_id) == (1, ciatica.pk) and click.position > 0
    assert topic_named(landing(client, response["Location"])) == "Ciática"


def test_a_contact_link_naming_the_topic_in_the_other_language_names_its_translation(client, demo):
    assert topic_named(landing(client, "/es/contacto/?topic=sciatica")) == "Ciática"
    assert topic_named(landing(client, "/contact/?topic=ciatica")) == "Sciatica"
    sciatica = TopicPage.objects.get(slug="sciatica")
    assert topic_named(landing(client, f"/es/contacto/?topic={sciatica.pk}")) == "Ciática"


def test_an_unknown_topic_leads_to_the_contact_page_of_that_language_without_a_topic(client, demo, many_clicks):
    spanish_cta = CallToAction.objects.get(name="Pedir una consulta")
    english_cta = CallToAction.objects.get(name="Book a consultation")
    for cta, contact in ((spanish_cta, "/es/contacto/"), (english_cta, "/contact/")):
        response = client.get(reverse("cta_click", args=[cta.pk]) + "?topic=no-such-topic")
        assert (response.status_code, response["Location"]) == (302, contact)
        assert topic_named(landing(client, response["Location"])) is None
    assert topic_named(landing(client, "/es/contacto/?topic=no-existe")) is None
    assert topic_named(landing(client, "/es/contacto/?topic=%3Cscript%3E")) is None


@pytest.mark.django_db
def test_a_topic_under_another_site_or_a_draft_is_never_named(client, topic_index, home, many_clicks):
    from tests.factories import HomePageFactory, TopicIndexPageFactory

    contact = ContactPageFactory(parent=home)
    cta = CallToActionFactory(link_page=contact, link_url="")
    other_home = HomePageFactory(parent=home.get_parent(), slug="other-home", title="Other site")
    other_index = TopicIndexPageFactory(parent=other_home, slug="other-topics")
    TopicPageFactory(parent=other_index, title="Foreign topic", slug="only-elsewhere")
    draft = TopicPageFactory(parent=topic_index, title="Unpublished topic", slug="draft", live=False)
    for slug in ("only-elsewhere", draft.slug):
        response = client.get(reverse("cta_click", args=[cta.pk]) + f"?topic={slug}")
        assert (response.status_code, response["Location"]) == (302, "/contact/")
        assert topic_named(landing(client, f"/contact/?topic={slug}")) is None
