"""Prices and the Good Faith Estimate: the price block, the Costs page in both languages, its JSON-LD, the contact
reason and what the clinic and the patient are told, and the clinical review of clinic pages."""

import datetime
import json
import re
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from clinic.blocks import PriceBlock
from clinic.models import ClinicInfoPage
from contact.models import ContactRequest
from demo.content import read_site, read_translation
from editorial.setup import CLINICIANS, EDITORS, MARKETING, WORKFLOW_NAME
from tests import test_contact

COSTS = {"en": "/costs-and-insurance/", "es": "/es/costos-y-seguro-medico/"}
CONTACT = {"en": "/contact/", "es": "/es/contacto/"}
#: Fixtures and helpers shared with the contact form's tests.
client_ip = test_contact.client_ip
VALID = test_contact.VALID

PRICE = {
    "service": "Ketamine infusion",
    "included": "The infusion and a nurse throughout.",
    "price": Decimal("450"),
    "highest_price": None,
    "unit": "session",
    "sessions": None,
    "note": "",
    "last_updated": datetime.date(2026, 11, 30),
}


def price_errors(**changes):
    block = PriceBlock()
    try:
        block.clean(block.to_python({**PRICE, **changes}))
    except ValidationError as error:
        return {name: error.block_errors[name].messages[0] for name in error.block_errors}
    return {}


def test_the_price_block_checks_fields_that_depend_on_each_other():
    assert price_errors() == {}
    assert price_errors(highest_price=Decimal("900")) == {}
    assert "more than the lowest" in price_errors(highest_price=Decimal("450"))["highest_price"]
    assert "more than the lowest" in price_errors(highest_price=Decimal("300"))["highest_price"]
    assert "how many sessions" in price_errors(unit="series")["sessions"]
    assert price_errors(unit="series", sessions=6) == {}
    assert "Only a price for a series" in price_errors(sessions=6)["sessions"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert "future" in price_errors(last_updated=tomorrow)["last_updated"]
    meta = PriceBlock().meta
    assert meta.icon and meta.template and meta.label and meta.description and meta.preview_value


def test_every_demo_price_is_valid_and_marked_as_a_demo_figure():
    block = PriceBlock()
    for pages in (read_site("en").clinic_pages, read_translation("es").clinic_pages):
        prices = [item["value"] for page in pages for item in page.get("prices", [])]
        assert len(prices) == 4
        for value in prices:
            block.clean(block.to_python(value))
            assert "demo" in value["note"].lower() or "demostración" in value["note"]


def structured_data(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def costs_page_in(client, language):
    html = client.get(COSTS[language]).content.decode()
    main = html.split("<main", 1)[1]
    series = {"en": "for a series of 6 sessions", "es": "por una serie de 6 sesiones"}[language]
    assert "$2400" in main and series in main
    assert {"en": "$600 to $1100", "es": "de $600 a $1100"}[language] in main
    notice = {"en": "Your right to a Good Faith Estimate", "es": "Su derecho a un presupuesto de buena fe"}[language]
    assert notice in main and 'id="good-faith-estimate"' in main
    assert 'href="https://www.cms.gov/nosurprises"' in main and 'href="tel:18009853059"' in main
    assert f'href="{CONTACT[language]}"' in main

    offers = structured_data(html)["about"]["makesOffer"]
    assert len(offers) == 4
    series_offer = offers[2]
    assert series_offer["@type"] == "Offer" and series_offer["itemOffered"]["@type"] == "Service"
    spec = series_offer["priceSpecification"]
    assert spec["@type"] == "UnitPriceSpecification"
    assert (spec["price"], spec["priceCurrency"], spec["referenceQuantity"]["value"]) == ("2400.00", "USD", 6)
    assert spec["validFrom"] == "2026-11-30"
    range_spec = offers[3]["priceSpecification"]
    assert (range_spec["minPrice"], range_spec["maxPrice"]) == ("600.00", "1100.00")

    contact = client.get(CONTACT[language]).content.decode()
    assert f'href="{COSTS[language]}#good-faith-estimate"' in contact
    assert 'value="good_faith_estimate"' in contact


def test_the_costs_page_shows_prices_and_the_notice_the_contact_form_links_it_and_a_clinician_reviews_it(
    client, demo, django_user_model, settings, django_capture_on_commit_callbacks, client_ip
):
    # One demo copy for the page, its review and the requests (the demo costs seconds to restore).
    good_faith_estimate_requests(settings, django_capture_on_commit_callbacks, client_ip)
    for language in ("en", "es"):
        costs_page_in(client, language)

    costs = ClinicInfoPage.objects.get(slug="costs-and-insurance")
    spanish = ClinicInfoPage.objects.get(slug="costos-y-seguro-medico")
    for page in (costs, spanish):
        assert page.get_workflow().name == WORKFLOW_NAME
    users = {}
    for name in (EDITORS, CLINICIANS, MARKETING):
        users[name] = django_user_model.objects.create_user(name.lower(), password="x")
        users[name].groups.add(Group.objects.get(name=name))
    for name in (EDITORS, CLINICIANS):
        assert costs.permissions_for_user(users[name]).can_edit()
    for user in users.values():
        assert not costs.permissions_for_user(user).can_publish()
        assert not costs.permissions_for_user(user).can_unpublish()


def good_faith_estimate_requests(settings, django_capture_on_commit_callbacks, client_ip):
    """A request with the reason, in each language: what the clinic and the patient are told."""
    settings.CLINIC_NOTIFICATION_EMAIL = "billing@clearwater.example"
    client = Client()
    for language, name, expected in (("en", "Marisol", "within 3 business days"), ("es", "Lucia", "en 3 días hábiles")):
        mail.outbox.clear()
        data = {**VALID, "first_name": name, "reason": "good_faith_estimate"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(CONTACT[language], data, REMOTE_ADDR=client_ip)
        assert response.status_code == 302
        assert response["Location"] == f"{CONTACT[language]}thank-you/good-faith-estimate/"
        assert ContactRequest.objects.get(first_name=name).reason == ContactRequest.REASON_GOOD_FAITH_ESTIMATE

        [message] = mail.outbox
        assert "Send one in writing within 3 business days of this request" in message.body
        assert "within 1 business day of booking" in message.body
        assert name not in message.body and "4477" not in message.body

        assert expected in client.get(response["Location"]).content.decode()
        assert client.get(f"{CONTACT[language]}thank-you/no-such-reason/").status_code == 404
