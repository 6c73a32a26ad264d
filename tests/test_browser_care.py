"""Chromium on the demo site (#19): from a condition to the treatments that may help, the comparison on a phone and a
desktop, the "Is this for me?" pre-screen with and without JavaScript, and the three care cards' contrast."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_browser_accessibility import WCAG_TAGS, violations_summary

pytestmark = pytest.mark.browser

KETAMINE = "/topics/low-dose-ketamine-infusions/"
RED_FLAG_QUESTION = "thoughts of ending your life"


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, **options):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, **options})
    return results.violations_count, violations_summary(results)


def test_a_patient_goes_from_sciatica_to_a_treatment_and_back(live_site, phone):
    phone.goto(live_site + "/topics/sciatica/")
    links = phone.locator(".care-links")
    assert links.locator("h2").inner_text() == "Treatments that may help"
    assert links.locator(".care-links__title").all_inner_texts() == [
        "Nerve blocks and injections",
        "Living well with chronic pain: pacing, sleep and mood",
    ]
    assert "pressed nerve root" in links.locator(".care-links__how").first.inner_text()
    links.get_by_role("link", name="Nerve blocks and injections").click()
    phone.wait_for_url("**/topics/nerve-blocks/")
    assert phone.locator(".care-links h2").inner_text() == "Conditions it is used for"
    assert "Sciatica" in phone.locator(".care-links__title").all_inner_texts()


def test_the_comparison_is_a_table_with_headers_on_a_desktop(live_site, desktop):
    desktop.goto(live_site + "/topics/sciatica/")
    table = desktop.locator("table.comparison__table")
    assert table.is_visible()
    assert not desktop.locator(".comparison__cards").is_visible()
    column_headers = table.locator("thead th[scope=col]").all_inner_texts()
    assert column_headers == ["Epidural steroid injection (a nerve block)", "Physical therapy", "Pain psychology"]
    row_headers = table.locator("tbody th[scope=row]").all_inner_texts()
    assert row_headers[0] == "How it works" and row_headers[-1] == "Does insurance usually cover it?"
    assert len(row_headers) == 7
    assert table.locator("tbody tr").first.locator("td").count() == 3
    count, summary = axe_violations(desktop)
    assert count == 0, summary


def test_the_comparison_is_one_card_per_treatment_on_a_phone(live_site, phone):
    phone.goto(live_site + "/topics/sciatica/")
    assert not phone.locator("table.comparison__table").is_visible()
    cards = phone.locator(".comparison__card")
    assert cards.count() == 3 and cards.first.is_visible()
    assert cards.nth(1).locator("dt").all_inner_texts()[2] == "Number of sessions"
    assert "6 to 12" in cards.nth(1).inner_text()
    # Nothing lost for screen readers: the accessibility tree holds every row heading of every card.
    tree = phone.locator(".comparison").aria_snapshot()
    assert tree.count("Common side effects") == 3 and "Physical therapy" in tree
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    count, summary = axe_violations(phone)
    assert count == 0, summary


def listen(page):
    """Every request the page makes from now on that could carry answers: documents, fetch/XHR, beacons, or any
    request whose address or body holds the form's fields. (An image the page loads late is not one.)"""
    sent = []

    def record(request):
        carries = "prescreen" in request.url or "a0=" in request.url or request.post_data
        if carries or request.resource_type in ("document", "xhr", "fetch", "ping", "eventsource", "websocket"):
            sent.append((request.resource_type, request.url, request.post_data))

    page.on("request", record)
    return sent


def answer(page, yes_to=()):
    """Answers every pre-screen question "No", except those whose text contains one of `yes_to`."""
    for fieldset in page.locator(".prescreen__question").all():
        legend = fieldset.locator("legend").inner_text()
        choice = "Yes" if any(text in legend for text in yes_to) else "No"
        fieldset.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="See what to do next").click()


def test_with_javascript_a_red_flag_shows_the_care_card_and_nothing_is_sent(live_site, phone):
    phone.goto(live_site + KETAMINE)
    phone.wait_for_load_state("networkidle")
    sent = listen(phone)
    answer(phone, yes_to=[RED_FLAG_QUESTION, "three months"])
    card = phone.locator(".prescreen .care-card--emergency")
    card.wait_for(state="visible")
    assert "get help now" in card.locator("h2").inner_text().lower()
    assert "988" in card.inner_text() and "911" in card.inner_text()
    assert not phone.locator(".prescreen__book").first.is_visible()
    assert phone.locator(".prescreen__book:visible").count() == 0
    assert phone.locator("main .cta:visible").count() == 0
    assert phone.url == live_site + KETAMINE
    # Neither the answers nor even that the form was used left the browser.
    assert sent == [], sent
    count, summary = axe_violations(phone)
    assert count == 0, summary


def test_with_javascript_a_clear_case_gets_the_booking_button_with_the_topic(live_site, phone):
    phone.goto(live_site + KETAMINE)
    phone.wait_for_load_state("networkidle")
    sent = listen(phone)
    answer(phone, yes_to=["three months"])
    book = phone.locator(".prescreen [data-result=fine] .prescreen__book")
    book.wait_for(state="visible")
    assert not phone.locator(".prescreen .care-card").is_visible()
    assert sent == []
    book.click()
    phone.wait_for_url("**/contact/?topic=low-dose-ketamine-infusions&from=*")
    assert "Low-dose ketamine infusions" in phone.locator(".contact-form__topic").inner_text()


def test_with_javascript_talk_to_us_first(live_site, phone):
    phone.goto(live_site + KETAMINE)
    answer(phone, yes_to=["pregnant"])
    talk = phone.locator(".prescreen [data-result=talk]")
    talk.wait_for(state="visible")
    assert "we need to talk first" in talk.inner_text()
    assert talk.locator(".prescreen__book").is_visible()


def test_without_javascript_a_red_flag_shows_the_care_card_instead_of_booking(live_site, phone_without_js):
    page = phone_without_js
    page.goto(live_site + KETAMINE)
    answer(page, yes_to=[RED_FLAG_QUESTION])
    page.wait_for_url("**prescreen=1**")
    card = page.locator(".prescreen .care-card--emergency")
    assert card.is_visible()
    assert page.locator(".prescreen__book:visible").count() == 0
    assert page.locator("main .cta:visible").count() == 0
    # The answers are ticked again on the (uncached) result page.
    assert page.locator(".prescreen__question").last.get_by_label("Yes", exact=True).is_checked()


def test_without_javascript_a_clear_case_books_with_the_topic(live_site, phone_without_js):
    page = phone_without_js
    page.goto(live_site + KETAMINE)
    answer(page, yes_to=["three months"])
    page.wait_for_url("**prescreen=1**")
    assert not page.locator(".prescreen .care-card").is_visible()
    page.locator(".prescreen [data-result=fine] .prescreen__book").click()
    page.wait_for_url("**/contact/?topic=low-dose-ketamine-infusions&from=*")


@pytest.mark.parametrize(
    "path,level",
    [
        ("/topics/chronic-low-back-pain/", "non_urgent"),
        ("/topics/neck-pain/", "urgent"),
        ("/topics/sciatica/", "emergency"),
    ],
)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_each_care_card_level_meets_contrast(live_site, request, path, level, screen):
    page = request.getfixturevalue(screen)
    page.goto(live_site + path)
    card = page.locator(f".care-card--{level}").first
    assert card.is_visible()
    assert card.locator("svg.care-card__icon").count() == 1
    results = Axe().run(page, context=f".care-card--{level}", options={"runOnly": ["color-contrast"]})
    assert results.violations_count == 0, violations_summary(results)
    assert "(555) 010-0199" in card.inner_text() or level == "emergency"


def test_what_happens_next_on_the_contact_page(live_site, phone):
    phone.goto(live_site + "/contact/")
    steps = phone.locator(".next-steps")
    assert "within one business day" in steps.inner_text()
    assert "insurance card" in steps.inner_text()
    assert "referral" in steps.inner_text()
    count, summary = axe_violations(phone)
    assert count == 0, summary
