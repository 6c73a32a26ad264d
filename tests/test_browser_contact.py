"""A patient on a phone goes from a topic to the contact form, corrects a mistake and sends a request."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from contact.ratelimit import client_key
from website.ratelimit import ratelimit_cache

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class LocalRequest:
    META = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def fresh_limit():
    """The live server sees every browser as 127.0.0.1: start from an empty counter, and leave none behind."""
    key = client_key(LocalRequest())
    ratelimit_cache().delete(key)
    yield
    ratelimit_cache().delete(key)


def test_patient_sends_a_contact_request_from_a_topic_on_a_phone(live_site, phone, fresh_limit):
    from contact.models import ContactRequest

    phone.goto(live_site + "/topics/chronic-low-back-pain/")
    phone.get_by_role("link", name="Plan your visit").click()
    phone.wait_for_url("**/contact/?topic=chronic-low-back-pain&from=*")
    assert phone.locator(".urgent-help").first.is_visible()
    assert "About: Chronic low back pain" in phone.locator(".contact-form__topic").inner_text()

    # Sending too early shows what is missing, next to each field.
    phone.get_by_role("button", name="Send my request").click()
    phone.wait_for_selector(".error-summary")
    assert "Enter your first name." in phone.locator("#id_first_name_error").inner_text()
    assert phone.get_by_label("First name").get_attribute("aria-invalid") == "true"
    axe = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert axe.violations_count == 0, [(v["id"], v["help"]) for v in axe.response["violations"]]

    phone.get_by_label("First name").fill("Marisol")
    phone.get_by_label("Phone number").fill("(555) 010-4477")
    phone.get_by_label("Morning (from when we open until noon)").check()
    phone.get_by_label("New patient consultation").check()
    phone.get_by_label("I agree that the clinic may contact me").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Send my request").click()

    phone.wait_for_url("**/contact/thank-you/")
    assert phone.locator("h1").inner_text() == "Thank you, we have your request"
    saved = ContactRequest.objects.select_related("topic").get()
    assert (saved.first_name, saved.phone, saved.reason) == ("Marisol", "(555) 010-4477", "new_patient")
    assert saved.topic.slug == "chronic-low-back-pain"
    assert saved.started_from_id == saved.topic.pk  # the page whose button led here, for the performance report


def test_a_request_whose_hidden_trap_field_got_filled_is_stored_flagged(live_site, phone, fresh_limit):
    """What a browser's autofill or a password manager would do to the trap field must not lose the request.

    Playwright fills the field directly, as a password manager or a bot would.
    """
    from contact.models import ContactRequest

    phone.goto(live_site + "/contact/")
    trap = phone.locator("#id_message")
    box = trap.bounding_box()
    assert box["x"] + box["width"] <= 0  # off screen, not display:none
    assert trap.get_attribute("tabindex") == "-1" and trap.get_attribute("autocomplete") == "off"
    assert phone.locator(".contact-form__trap").get_attribute("aria-hidden") == "true"

    phone.get_by_label("First name").fill("Marisol")
    phone.get_by_label("Email address").fill("marisol.quintero@example.net")
    phone.get_by_label("Any time").check()
    phone.get_by_label("Existing patient").check()
    phone.get_by_label("I agree that the clinic may contact me").check()
    trap.fill("https://marisol.example/")
    phone.get_by_role("button", name="Send my request").click()

    phone.wait_for_url("**/contact/thank-you/")
    saved = ContactRequest.objects.get()
    assert (saved.first_name, saved.reason, saved.flagged_as_possible_spam) == ("Marisol", "existing_patient", True)


def test_chromium_autofill_fills_the_patient_fields_and_leaves_the_trap_empty(live_site, phone, fresh_limit):
    """Chromium's own address autofill, driven through the DevTools protocol (Autofill.trigger) in headless mode."""
    from contact.models import ContactRequest

    phone.goto(live_site + "/contact/")
    phone.wait_for_timeout(1000)  # Chromium parses forms for autofill shortly after load
    cdp = phone.context.new_cdp_session(phone)
    document = cdp.send("DOM.getDocument")
    first_name = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "#id_first_name"})
    field = cdp.send("DOM.describeNode", {"nodeId": first_name["nodeId"]})["node"]["backendNodeId"]
    profile = [
        ("NAME_FIRST", "Marisol"),
        ("NAME_LAST", "Quintero"),
        ("EMAIL_ADDRESS", "marisol.quintero@example.net"),
        ("PHONE_HOME_WHOLE_NUMBER", "5550104477"),
        ("COMPANY_NAME", "Quintero Designs"),
        ("ADDRESS_HOME_LINE1", "12 Main Street"),
    ]
    cdp.send(
        "Autofill.trigger", {"fieldId": field, "address": {"fields": [{"name": n, "value": v} for n, v in profile]}}
    )
    phone.wait_for_function("document.querySelector('#id_first_name').value !== ''")
    assert phone.locator("#id_email").input_value() == "marisol.quintero@example.net"
    assert phone.locator("#id_message").input_value() == ""

    phone.get_by_label("Any time").check()
    phone.get_by_label("New patient consultation").check()
    phone.get_by_label("I agree that the clinic may contact me").check()
    phone.get_by_role("button", name="Send my request").click()
    phone.wait_for_url("**/contact/thank-you/")
    saved = ContactRequest.objects.get()
    assert (saved.first_name, saved.flagged_as_possible_spam) == ("Marisol", False)
