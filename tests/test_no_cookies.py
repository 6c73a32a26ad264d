"""No response sets a cookie for an anonymous visitor, the booking form included.

The contact form carries no CSRF token (which would need a cookie); the browser's own word on where the post came
from (`Sec-Fetch-Site`, else `Origin`) stands in for it, as on the other patient forms (website/sameorigin.py).
"""

import pytest
from django.test import Client
from wagtail.models import Page

from appointments.models import Slot
from contact.models import ContactPage, ContactRequest
from tests.factories import ContactPageFactory

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def request_from(contact_page, first_name="Marisol"):
    return {
        "first_name": first_name,
        "phone": "(555) 010-4477",
        "email": "",
        "preferred_time": "morning",
        "reason": "ketamine",
        "consent": "on",
        "topic": "",
        "started_from": "",
        "message": "",
        "origin_checked_form": "contact",
    }


@pytest.fixture
def patient():
    """A browser that enforces CSRF as a real one does (the test client skips it by default)."""
    return Client(enforce_csrf_checks=True, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130")


@pytest.fixture
def contact_page(home):
    return ContactPageFactory(parent=home)


@pytest.fixture
def booking_pages(demo):
    pages = list(ContactPage.objects.live().public().select_related("locale"))
    assert {page.locale.language_code for page in pages} == {"en", "es"}
    return pages


def assert_no_cookie(response):
    assert not response.cookies, f"{response.request['PATH_INFO']} set {list(response.cookies)}"


@pytest.mark.django_db(transaction=True)
def test_no_page_a_patient_reads_or_fills_in_sets_a_cookie(patient, booking_pages):
    one_of_each_kind = {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path").select_related("locale"):
        one_of_each_kind.setdefault((page.content_type_id, page.locale.language_code), page)
    urls = {page.url for page in one_of_each_kind.values()}
    slot = Slot.objects.bookable().first()
    urls |= {"/search/?q=sciatica", "/es/search/?q=ciatica", "/clinicians/", f"{booking_pages[0].url}?slot={slot.pk}"}
    for url in sorted(urls):
        response = patient.get(url)
        assert response.status_code in (200, 301, 302), url
        assert_no_cookie(response)
    for page in booking_pages:
        form = patient.get(page.url)
        assert "csrfmiddlewaretoken" not in form.content.decode()
        assert "private" in form["Cache-Control"], "the form shows live open times: never kept in a shared cache"
        refused = patient.post(page.url, {**request_from(page), "phone": "abc"}, **SAME_SITE)
        assert refused.status_code == 200 and "error-summary" in refused.content.decode()
        assert_no_cookie(refused)
        name = f"Marisol {page.locale.language_code}"
        sent = patient.post(page.url, request_from(page, first_name=name), **SAME_SITE)
        assert sent.status_code == 302, sent.content.decode()[:400]
        assert_no_cookie(sent)
    assert ContactRequest.objects.count() == len(booking_pages)


def test_a_booking_request_posted_from_another_site_is_refused_with_the_clinic_phone_and_stores_nothing(
    patient, contact_page
):
    for headers in [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ]:
        response = patient.post(contact_page.url, request_from(contact_page), **headers)
        assert response.status_code == 403, headers
        assert "(555) 010-0199" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_a_browser_that_says_nothing_of_where_it_posted_from_can_still_book(patient, contact_page):
    """Old browsers send neither header; the request uses no cookie or session, so a token would protect nothing."""
    assert patient.post(contact_page.url, request_from(contact_page)).status_code == 302
    assert ContactRequest.objects.count() == 1


def test_the_admin_login_still_needs_its_csrf_token(patient, db):
    response = patient.post("/admin/login/", {"username": "x", "password": "y", "origin_checked_form": "contact"})
    assert response.status_code == 403
