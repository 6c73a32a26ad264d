"""Structured data, sitemap, robots.txt, canonical and Open Graph tags, error pages."""

import json
import re

from django.test import RequestFactory
from django.utils import timezone

from home.models import HomePage
from topics.models import TopicPage
from website.views import server_error


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_topic_page_is_a_medical_web_page_about_a_condition(client, demo):
    topic = TopicPage.objects.get(slug="sciatica")
    (data,) = json_ld(client.get(topic.url).content.decode())
    page = data[0]
    assert page["@type"] == "MedicalWebPage"
    treatments = page["about"].pop("possibleTreatment")  # the linked treatments (tests/test_care_pathways.py)
    codes = page["about"].pop("code")  # its clinical codes (tests/test_topics_codes.py)
    assert {"@type": "MedicalCode", "codeValue": "M54.30", "codingSystem": "ICD-10-CM"} in codes
    assert [item["name"] for item in treatments] == [link.topic.title for link in topic.care_links]
    assert page["about"] == {
        "@type": "MedicalCondition",
        "name": "Sciatica",
        "alternateName": topic.also_called_names,
    }
    assert page["lastReviewed"] == topic.last_reviewed.isoformat()
    assert page["dateModified"] == timezone.localdate(topic.last_published_at).isoformat()  # the clinic's day
    assert page["reviewedBy"] == {"@type": "Person", "name": topic.medical_reviewer}
    assert page["url"] == "http://localhost" + topic.url
    assert page["description"] == topic.summary


def test_treatment_topic_is_about_a_medical_therapy_with_faq(client, demo):
    topic = TopicPage.objects.get(slug="low-dose-ketamine-infusions")
    (data,) = json_ld(client.get(topic.url).content.decode())
    therapy, *conditions = data[0]["about"]  # the therapy, then the conditions it is linked to
    assert therapy["@type"] == "MedicalTherapy" and therapy["name"] == topic.title
    assert conditions and all(item["@type"] == "MedicalCondition" for item in conditions)
    faq = data[1]
    assert faq["@type"] == "FAQPage"
    questions = [item for block in topic.body if block.block_type == "faq" for item in block.value["questions"]]
    assert [q["name"] for q in faq["mainEntity"]] == [item["question"] for item in questions]
    assert all(q["acceptedAnswer"]["text"] and "<p>" not in q["acceptedAnswer"]["text"] for q in faq["mainEntity"])


def test_json_ld_cannot_break_out_of_its_script(client, home, topic_index):
    from tests.factories import TopicPageFactory

    topic = TopicPageFactory(parent=topic_index, title="Pain </script><script>alert(1)</script>")
    html = client.get(topic.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    (data,) = json_ld(html)
    assert data[0]["name"] == "Pain </script><script>alert(1)</script>"


def test_home_page_describes_the_clinic(client, demo):
    (graph,) = json_ld(client.get("/").content.decode())
    data, page = graph["@graph"]
    assert page == {"@type": "WebPage", "name": "Home", "url": "http://localhost/", "inLanguage": "en"}
    assert data["@type"] == "MedicalClinic"
    assert data["name"] == "Clearwater Pain Clinic"
    assert data["telephone"] == "(555) 010-0199"
    assert data["address"]["@type"] == "PostalAddress"
    assert {"Monday", "Friday"} <= {day for spec in data["openingHoursSpecification"] for day in spec["dayOfWeek"]}


def test_sitemap_lists_live_topics_only(client, demo):
    draft = TopicPage.objects.get(slug="neck-pain")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "/topics/sciatica/</loc>" in xml
    assert "/topics/neck-pain/" not in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_topic_page_has_canonical_description_and_open_graph(client, demo):
    topic = TopicPage.objects.get(slug="fibromyalgia")
    html = client.get(topic.url).content.decode()
    assert f'<link rel="canonical" href="http://localhost{topic.url}">' in html
    assert f'<meta name="description" content="{topic.summary}">' in html.replace("&#x27;", "'")
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{topic.title}">' in html


def test_home_page_open_graph_is_a_website(client, demo):
    html = client.get("/").content.decode()
    assert '<meta property="og:type" content="website">' in html
    assert HomePage.objects.get(locale__language_code="en").welcome_text[:40] in html


def test_404_page_leads_back_to_search_and_the_phone(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'action="/search/"' in html
    assert 'href="tel:5550100199"' in html


def test_500_page_needs_no_database_and_gives_the_phone(settings):
    settings.CLINIC_PHONE = "(555) 010-0199"
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert 'href="tel:5550100199"' in html
    assert "Traceback" not in html


def discovery_links(client, host):
    """Canonical, og:url, hreflang alternates, sitemap and feed links as served to `host`."""
    html = client.get("/topics/sciatica/", HTTP_HOST=host).content.decode()
    links = re.findall(r'<link rel="(?:canonical|alternate)"(?: hreflang="[^"]+")? href="([^"]+)"', html)
    links += re.findall(r'<meta property="og:url" content="([^"]+)"', html)
    links += re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml", HTTP_HOST=host).content.decode())
    feed = client.get("/blog/feed/", HTTP_HOST=host).content.decode()
    links += re.findall(r"<link>([^<]+)</link>", feed)
    return links


def test_links_follow_the_address_make_run_answers_on_but_production_keeps_its_site(client, settings, topic_index):
    from tests.conftest import translate_to_spanish
    from tests.factories import ArticlePageFactory, BlogIndexPageFactory, TopicPageFactory

    topic = TopicPageFactory(parent=topic_index, title="Sciatica", slug="sciatica")
    translate_to_spanish(topic_index.get_parent(), "Inicio")
    translate_to_spanish(topic_index, "Temas de salud", "temas")
    translate_to_spanish(topic, "Ciática", "ciatica")
    ArticlePageFactory(parent=BlogIndexPageFactory(parent=topic_index.get_parent()), slug="pacing")

    settings.LINKS_FROM_REQUEST_HOST = True  # development settings (make run)
    for host in ("127.0.0.1:8600", "localhost:8000"):  # the second after the first: nothing kept from it
        links = discovery_links(client, host)
        assert f"http://{host}/topics/sciatica/" in links
        assert f"http://{host}/es/temas/ciatica/" in links
        assert f"http://{host}/blog/pacing/" in links
        assert all(link.startswith(f"http://{host}/") for link in links), links

    settings.LINKS_FROM_REQUEST_HOST = False  # production: the site's own address whatever Host the request had
    links = discovery_links(client, "127.0.0.1:8600")
    assert "http://localhost/topics/sciatica/" in links
    assert "http://localhost/es/temas/ciatica/" in links
    assert all(link.startswith("http://localhost/") for link in links), links


def test_development_settings_build_links_from_the_request_and_production_does_not():
    from website.settings import base, dev

    assert dev.LINKS_FROM_REQUEST_HOST is True
    assert base.LINKS_FROM_REQUEST_HOST is False
