"""The Spanish site in Chromium on a phone: the header's language switcher, and axe at WCAG 2.2 AA under /es/."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_browser_accessibility import WCAG_TAGS, violations_summary
from tests.test_browser_contact import fresh_limit  # noqa: F401 (an empty rate-limit counter, a fixture)

pytestmark = pytest.mark.browser

SPANISH_PAGES = {
    "home": "/es/",
    "topic-index": "/es/temas/",
    "topic-page": "/es/temas/ciatica/",
    "search-results": "/es/search/?q=ciatica",
    "not-found": "/es/no-existe/",
}


def assert_no_violations(phone):
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)


def test_patient_switches_a_topic_to_spanish_and_back_on_a_phone(live_site, phone):
    phone.goto(live_site + "/topics/sciatica/")
    switcher = phone.locator("a.site-header__language")
    assert switcher.inner_text() == "Español"
    assert (switcher.get_attribute("hreflang"), switcher.get_attribute("lang")) == ("es", "es")
    assert switcher.is_visible()

    switcher.click()
    phone.wait_for_url("**/es/temas/ciatica/")
    assert phone.locator("html").get_attribute("lang") == "es"
    assert phone.locator("h1").inner_text() == "Ciática"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    back = phone.locator("a.site-header__language")
    assert back.inner_text() == "English" and back.get_attribute("lang") == "en"
    back.click()
    phone.wait_for_url("**/topics/sciatica/")
    assert phone.locator("h1").inner_text() == "Sciatica"
    assert phone.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("name,path", SPANISH_PAGES.items(), ids=list(SPANISH_PAGES))
def test_spanish_page_has_no_axe_violations_on_a_phone(live_site, phone, name, path):
    response = phone.goto(live_site + path)
    assert response.status == (404 if name == "not-found" else 200)
    assert phone.locator("html").get_attribute("lang") == "es"
    assert_no_violations(phone)


def test_spanish_contact_page_with_errors_has_no_axe_violations(live_site, phone, fresh_limit):  # noqa: F811
    phone.goto(live_site + "/es/contacto/")
    assert phone.locator("html").get_attribute("lang") == "es"
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_selector(".error-summary")
    assert phone.locator("[aria-invalid=true]").count() >= 1
    assert_no_violations(phone)
