"""A patient on a phone taps the booking buttons of topic pages in English and in Spanish, and each lands on the
contact form in that language, with the topic named above the form."""

import pytest

from tests.test_browser_contact import fresh_limit  # noqa: F401 (an empty rate-limit counter, a fixture)

pytestmark = pytest.mark.browser

#: (topic page, language, its contact page, the "About:" label in that language)
PAGES = [
    ("/topics/sciatica/", "en", "/contact/", "About:"),
    ("/topics/fibromyalgia/", "en", "/contact/", "About:"),
    ("/topics/low-dose-ketamine-infusions/", "en", "/contact/", "About:"),
    ("/es/temas/ciatica/", "es", "/es/contacto/", "Tema:"),
    ("/es/temas/fibromialgia/", "es", "/es/contacto/", "Tema:"),
    ("/es/temas/infusiones-de-ketamina-en-dosis-bajas/", "es", "/es/contacto/", "Tema:"),
]


@pytest.mark.parametrize("path, language, contact, about", PAGES)
def test_every_booking_button_of_a_topic_names_it_on_the_contact_form(
    live_site,
    phone,
    fresh_limit,  # noqa: F811
    path,
    language,
    contact,
    about,
):
    phone.goto(live_site + path)
    title = phone.locator("h1").inner_text()
    buttons = phone.locator("a[href^='/go/cta/']")
    # Each visible button (a link names its block's position, so the pre-screen's hidden one differs from the rest).
    hrefs = sorted(
        set(buttons.evaluate_all("links => links.filter(l => l.checkVisibility()).map(l => l.getAttribute('href'))"))
    )
    assert hrefs, path
    for href in hrefs:
        phone.goto(live_site + path)
        phone.locator(f"a[href='{href}']:visible").first.click()
        phone.wait_for_url(f"**{contact}?topic=*", wait_until="domcontentloaded")
        assert phone.locator("html").get_attribute("lang") == language
        assert phone.locator(".contact-form__topic").inner_text() == f"{about} {title}", (path, href)
