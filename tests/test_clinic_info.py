"""Questions about the clinic itself: no dead ends in search, and clinic information pages found first."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import SearchPromotion

from clinic.models import ClinicInfoPage
from tests.factories import TopicPageFactory
from tests.test_search import main_html, result_titles

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "medlineplus_sample.json"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_search_with_no_results_offers_the_phone_and_the_contact_page(client, topic_index):
    from contact.models import ContactPage

    contact = ContactPage(title="Contact us", slug="contact")
    topic_index.get_parent().add_child(instance=contact)
    TopicPageFactory(parent=topic_index, title="Sciatica")

    response = client.get("/search/", {"q": "xylophone lessons"})

    assert response.status_code == 200
    html = main_html(response)
    assert "We found no topics for <strong>xylophone lessons</strong>" in html
    assert 'href="tel:5550100199"' in html
    assert "(555) 010-0199" in html
    assert '<a href="/contact/">Request an appointment or a call back</a>' in html


VISITING, COSTS, REFERRALS = "Visiting us", "Costs and insurance", "Referrals"
#: The six questions from issue #15 and near forms patients type, with the clinic page that must come first.
CLINIC_FIRST = {
    "appointment": VISITING,
    "opening hours": VISITING,
    "cost": COSTS,
    "insurance": COSTS,
    "referral": REFERRALS,
    "parking": VISITING,
    "appointments": VISITING,
    "book": VISITING,
    "hours": VISITING,
    "prices": COSTS,
    "insured": COSTS,
    "referred": REFERRALS,
    "where to park": VISITING,
    "Opening  Hours": VISITING,
    "where to park?": VISITING,
}


def misses(client):
    found = {query: result_titles(client, query)[:1] for query in CLINIC_FIRST}
    return {query: first for query, first in found.items() if first != [CLINIC_FIRST[query]]}


def test_questions_about_the_clinic_find_its_information_pages_first(client, demo):
    assert misses(client) == {}


#: Made-up library pages that name the same words in their titles, summaries and text.
LIBRARY_RECORDS = [
    (
        "9901",
        "Health Insurance",
        ["Medical insurance", "Insurance costs"],
        "Insurance helps pay the cost of care.",
    ),
    ("9902", "Medical Appointments", ["Booking an appointment", "Appointment"], "An appointment book keeps hours."),
    ("9903", "Costs of Care", ["Cost", "Prices"], "The cost and prices of care vary. Insured people pay less."),
    ("9904", "Referral to a Specialist", ["Referral", "Referred"], "A referral is needed when you are referred."),
    ("9905", "Hospital Parking", ["Parking", "Where to park"], "Parking and opening hours at hospitals."),
    ("9906", "Opening Hours of Pharmacies", ["Opening hours", "Hours"], "Pharmacy opening hours vary."),
]


@pytest.fixture
def demo_with_library(demo, tmp_path):
    records = json.loads(SAMPLE.read_text())
    for source_id, title, synonyms, content in LIBRARY_RECORDS:
        records.append(
            {
                "id": source_id,
                "title": title,
                "url": f"https://medlineplus.gov/{source_id}.html",
                "language": "English",
                "synonyms": synonyms,
                "groups": ["Health System"],
                "mesh_terms": [],
                "related_topics": [],
                "content": f"{content} {content}",
            }
        )
    library = tmp_path / "library.json"
    library.write_text(json.dumps(records))
    call_command("import_medlineplus", str(library), stdout=StringIO())
    cache.clear()


def test_the_clinic_pages_stay_first_with_a_library_that_names_the_same_words(client, demo_with_library):
    titles = result_titles(client, "insurance")
    assert "Health Insurance" in titles  # the library page is found, below the clinic's page
    assert titles.index("Health Insurance") > titles.index(COSTS)
    assert misses(client) == {}


def test_clinic_pages_are_in_the_footer_with_structured_data(client, demo, django_assert_max_num_queries):
    response = client.get("/topics/sciatica/")
    footer = response.content.decode().split('<footer class="site-footer">')[1]
    assert re.findall(r'<li><a href="(/[a-z-]+/)">([^<]+)</a></li>', footer) == [
        ("/visiting-us/", VISITING),
        ("/costs-and-insurance/", COSTS),
        ("/referrals/", REFERRALS),
        ("/accessibility/", "Accessibility"),
        ("/privacy/", "Privacy"),
    ]

    response = client.get("/visiting-us/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "410 Lakeshore Drive, Suite 200" in html and "Friday: 8am to 3pm" in html
    assert '<a class="button" href="/contact/">Request an appointment</a>' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "WebPage" and data["name"] == VISITING
    assert data["about"]["@type"] == "MedicalClinic"
    assert data["about"]["openingHoursSpecification"][1]["closes"] == "15:00"
    # 2 to route, 1 for this page's translations (read once, then shared); the clinic's details and the footer's
    # links come from the shared reads (website/shared.py).
    with django_assert_max_num_queries(3):
        client.get("/costs-and-insurance/")


def test_publishing_a_clinic_page_purges_every_cached_page(demo, django_capture_on_commit_callbacks):
    from pagecache import store

    page = ClinicInfoPage.objects.get(slug="referrals")
    before = store._cache().get(store.ALL_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert store._cache().get(store.ALL_KEY) not in (None, before)


def test_the_demo_loader_adds_clinic_pages_and_promotions_once(demo):
    counts = (ClinicInfoPage.objects.count(), SearchPromotion.objects.count())
    output = StringIO()
    call_command("load_demo_content", stdout=output)
    assert "nothing changed" in output.getvalue()
    assert (ClinicInfoPage.objects.count(), SearchPromotion.objects.count()) == counts
    assert ClinicInfoPage.objects.filter(locale__language_code="en").count() == 5
    assert ClinicInfoPage.objects.filter(locale__language_code="es").count() == 5
    assert SearchPromotion.objects.filter(query__query_string="where to park", page__slug="visiting-us").exists()
    assert SearchPromotion.objects.filter(query__query_string="donde estacionar", page__slug="como-visitarnos").exists()
