"""Type-ahead says why a topic is suggested ("lumbago — Chronic low back pain") and works from the keyboard."""

import pytest

pytestmark = pytest.mark.browser


def suggestions_for(phone, text):
    box = phone.locator("#header-search")
    box.press_sequentially(text, delay=30)
    items = phone.locator("#header-search-suggestions a")
    items.first.wait_for(state="visible")
    return box, items


def test_a_suggestion_found_through_another_name_shows_that_name(live_site, phone):
    phone.goto(live_site + "/")
    _box, items = suggestions_for(phone, "lumba")
    first = items.first
    assert first.inner_text() == "lumbago — Chronic low back pain"
    # Screen readers read the link's name: both the name typed and the page's title.
    assert phone.get_by_role("link", name="lumbago — Chronic low back pain").count() == 1
    assert first.locator(".suggestions__matched").inner_text() == "lumbago"


def test_suggestions_are_operable_by_keyboard(live_site, phone):
    phone.goto(live_site + "/")
    box, items = suggestions_for(phone, "pain")
    assert items.count() >= 2
    assert box.get_attribute("aria-expanded") == "true"
    focused = "document.activeElement.getAttribute('href')"
    box.press("ArrowDown")
    assert phone.evaluate(focused) == items.nth(0).get_attribute("href")
    phone.keyboard.press("ArrowDown")
    assert phone.evaluate(focused) == items.nth(1).get_attribute("href")
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowUp")
    assert phone.evaluate("document.activeElement.id") == "header-search"
    box.press("ArrowDown")
    phone.keyboard.press("Escape")
    assert phone.evaluate("document.activeElement.id") == "header-search"
    assert phone.locator("#header-search-suggestions").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"

    box.press("Backspace")
    items.first.wait_for(state="visible")
    box.press("Escape")
    assert phone.locator("#header-search-suggestions").is_hidden()

    box.fill("")
    box.press_sequentially("pain", delay=30)
    items.first.wait_for(state="visible")
    target = items.nth(0).get_attribute("href")
    box.press("ArrowDown")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**" + target)
