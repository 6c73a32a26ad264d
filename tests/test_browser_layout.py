"""Topic pages on a desktop and a phone, the reviewer up front, booking from the header and every call to action."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_browser_accessibility import SCREENSHOTS, WCAG_TAGS, violations_summary

pytestmark = pytest.mark.browser

# The layout viewport's width: on a phone context (is_mobile) innerWidth grows with content wider than the screen,
# so comparing with it would pass a page that scrolls sideways.
NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def desktop(browser):
    """A page in a laptop-sized window (1280x800)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_desktop_topic_uses_its_width_with_a_side_column(live_site, desktop):
    desktop.goto(live_site + "/topics/sciatica/")
    SCREENSHOTS.mkdir(exist_ok=True)
    desktop.screenshot(path=str(SCREENSHOTS / "topic-page-desktop.png"))
    assert desktop.evaluate(NO_SIDEWAYS_SCROLL)
    text, side = box(desktop, ".topic__main"), box(desktop, ".topic__aside")
    assert side is not None and side["x"] >= text["x"] + text["width"]  # beside the text, not below it
    assert side["y"] < text["y"] + 200
    char = desktop.evaluate(
        "(() => { const s = document.createElement('span'); s.textContent = '0'.repeat(100);"
        " document.querySelector('.topic__body p').appendChild(s); const w = s.getBoundingClientRect().width;"
        " s.remove(); return w / 100; })()"
    )
    assert 55 <= text["width"] / char <= 75  # a readable column, about 70 characters
    aside = desktop.locator(".topic__aside")
    assert aside.get_by_role("heading", name="On this page").is_visible()
    assert aside.get_by_role("link", name="Call us").count() == 0  # the number itself is the link
    assert aside.locator("a[href^='tel:']").is_visible()
    assert aside.locator(".side-cta a.button").is_visible()
    # Each contents link leads to a heading on the page.
    for href in aside.locator(".on-this-page a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert desktop.locator(href).count() == 1, href
    aside.locator(".on-this-page a").nth(1).click()
    assert desktop.evaluate("location.hash") != ""


@pytest.mark.parametrize("width", [768, 1024, 1280, 1440])
def test_header_search_box_shares_a_row_with_the_menu(live_site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_site + "/topics/sciatica/")
    page.screenshot(path=str(SCREENSHOTS / f"header-{width}.png"))
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    search, nav = box(page, ".site-search"), box(page, ".site-nav")
    assert abs((search["y"] + search["height"] / 2) - (nav["y"] + nav["height"] / 2)) < search["height"], width
    context.close()


def test_phone_topic_has_no_sideways_scroll_and_shows_the_reviewer_first(live_site, phone):
    phone.goto(live_site + "/topics/complex-regional-pain-syndrome/")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "topic-page-phone-first-screen.png"))
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    reviewed = phone.locator(".topic__reviewed")
    assert reviewed.is_visible() and reviewed.bounding_box()["y"] + reviewed.bounding_box()["height"] <= 844
    assert "Reviewed by" in reviewed.inner_text()
    assert not phone.locator(".topic__aside").is_visible()  # its contents are in the text and the header
    book = phone.locator(".site-header__book")
    assert book.is_visible() and book.bounding_box()["y"] + book.bounding_box()["height"] <= 844
    reviewed.get_by_role("link").click()
    phone.wait_for_url("**/clinicians/*/")
    assert phone.locator("h1").inner_text().endswith(", MD")


@pytest.mark.parametrize("path", ["/", "/topics/sciatica/", "/contact/", "/clinicians/lena-marsh/"])
def test_desktop_pages_have_no_axe_violations(live_site, desktop, path):
    response = desktop.goto(live_site + path)
    assert response.status == 200
    results = Axe().run(desktop, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)


def test_clinician_profile_has_no_axe_violations_on_a_phone(live_site, phone):
    phone.goto(live_site + "/clinicians/tomas-ferreira/")
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)


def test_the_clinicians_directory_fits_a_phone_and_has_no_axe_violations(live_site, phone):
    """Its filters list long condition names ("Neuralgia posherpética (dolor después de la culebrilla)")."""
    phone.goto(live_site + "/es/clinicians/?language=es")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)


def reaches_contact_form(page):
    page.wait_for_url("**/contact/**")
    return page.locator("form.contact-form").is_visible()


def test_booking_takes_at_most_two_taps_from_every_demo_page(live_site, phone, settings):
    """From the home page and every topic: the page's booking button, and the header link, open the form."""
    settings.CTA_CLICK_RATE_LIMIT = 1000
    from topics.models import TopicPage

    english_topics = TopicPage.objects.live().filter(locale__language_code="en").order_by("path")
    paths = ["/", *(topic.url for topic in english_topics)]
    booking_buttons = 0
    for path in paths:
        phone.goto(live_site + path)
        buttons = phone.locator("main .cta a.button", has_text="Book")
        if buttons.count():
            booking_buttons += 1
            buttons.first.click()
            assert reaches_contact_form(phone), path
            phone.goto(live_site + path)
        phone.locator(".site-header__book").click()  # one tap, visible without opening a menu
        assert reaches_contact_form(phone), path
    assert booking_buttons >= 5
