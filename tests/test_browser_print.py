"""A topic page printed (Chromium's print media): the care card keeps its colours and says its level in words, the
clinic's name and phone are on the paper, and what only works on a screen is left off."""

import pytest

pytestmark = pytest.mark.browser


def test_a_printed_topic_keeps_the_care_card_and_the_clinics_phone_and_drops_buttons(live_site, browser):
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    page = context.new_page()
    try:
        page.goto(live_site + "/topics/sciatica/")
        page.emulate_media(media="print")

        card = page.locator(".care-card--emergency").first
        assert card.is_visible()
        style = card.evaluate(
            """card => {
                const heading = getComputedStyle(card.querySelector('.care-card__heading'));
                const own = getComputedStyle(card);
                return {adjust: own.printColorAdjust || own.webkitPrintColorAdjust, background: own.backgroundColor,
                        heading: heading.backgroundColor, border: own.borderTopStyle};
            }"""
        )
        assert style == {
            "adjust": "exact",
            "background": "rgb(33, 43, 50)",
            "heading": "rgb(195, 37, 24)",
            "border": style["border"],
        }
        assert style["border"] != "none"
        # In black and white the card still says what it is: a double border, and a heading that says it.
        assert style["border"] == "double"
        assert card.locator("h2").inner_text().startswith("Call 911 or go to the emergency room")

        contact = page.locator(".print-contact")
        assert contact.is_visible()
        assert "Clearwater Pain Clinic" in contact.inner_text()
        assert "(555) 010-0199" in contact.inner_text()

        for hidden in (".page-feedback", ".cta", ".side-cta", ".site-search", ".skip-link", ".subscribe-box"):
            assert all(not element.is_visible() for element in page.locator(hidden).all()), hidden
        assert page.locator(".page-feedback button").count() > 0  # on the page, not on the paper

        page.emulate_media(media="screen")
        assert not contact.is_visible()

        # A heading that does not name its level is printed after the words screen readers hear first.
        page.goto(live_site + "/topics/refractory-migraine/")
        page.emulate_media(media="print")
        prefix = page.locator(".care-card--emergency h2 .visually-hidden").first
        assert prefix.inner_text().strip() == "Emergency advice:"
        assert prefix.evaluate("element => getComputedStyle(element).position") == "static"
        page.emulate_media(media="screen")
        assert prefix.evaluate("element => getComputedStyle(element).position") == "absolute"
        assert page.locator(".page-feedback").is_visible()
    finally:
        context.close()
