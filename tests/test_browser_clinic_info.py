"""A patient asks the header search about the clinic itself and lands on its information page (Chromium, phone)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_browser_accessibility import SCREENSHOTS, WCAG_TAGS, violations_summary

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query", ["opening hours", "appointment"])
def test_a_question_about_the_clinic_lands_on_its_page_first(live_site, phone, query):
    phone.goto(live_site + "/topics/sciatica/")
    box = phone.locator("#header-search")
    box.fill(query)
    box.press("Enter")
    phone.wait_for_url("**/search/?q=*")
    first = phone.locator("main .search-result a").first
    assert first.inner_text() == "Visiting us"
    first.click()
    phone.wait_for_url("**/visiting-us/")
    assert phone.locator("h1").inner_text() == "Visiting us"
    # The demo location's hours, per weekday (locations/).
    hours = phone.locator("main").inner_text()
    assert "Friday" in hours and "8 a.m.–3 p.m." in hours
    phone.locator("#main-content").get_by_role("link", name="Request an appointment").click()
    phone.wait_for_url("**/contact/")


def test_a_clinic_information_page_has_no_axe_violations(live_site, phone):
    phone.goto(live_site + "/visiting-us/")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "clinic-info-page.png"), full_page=True)
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
