"""A patient on a phone opens the home page, the topic index and a topic page in Chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_patient_reads_a_topic_on_a_phone(live_site, phone):
    phone.goto(live_site + "/")
    assert phone.locator("h1").first.is_visible()
    phone.get_by_role("link", name="See all health topics").click()
    phone.wait_for_url("**/topics/")
    phone.get_by_role("link", name="Sciatica").first.click()
    phone.wait_for_url("**/topics/sciatica/")
    assert phone.locator("h1").inner_text() == "Sciatica"
    # Nothing wider than the phone: no sideways scrolling while reading.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Urgent-help callouts announce their level to screen readers.
    # The heading itself says it is an emergency (the hidden "Emergency advice:" prefix is only added when it does not).
    assert "emergency" in phone.locator(".urgent-help--emergency h2").first.inner_text().lower()
