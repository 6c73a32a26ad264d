"""In Chromium: a clinician's first login sets up two-factor login (QR code, key, recovery codes), and the next login
asks for the authenticator's code; both steps' pages pass axe at WCAG 2.2 AA."""

from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp

from tests.test_browser_accessibility import WCAG_TAGS, violations_summary

pytestmark = pytest.mark.browser


def code_for(secret, at_step_offset=0):
    """What an authenticator app with this key shows (the next step's code with at_step_offset=1)."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=at_step_offset):06d}"


def no_axe_violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)


def password_step(page, live_site):
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", "maya")
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_enrol_save_recovery_codes_log_out_and_log_in_with_the_code(live_site, browser):
    from editorial.setup import CLINICIANS
    from tests.factories import UserFactory

    UserFactory(username="maya", password="correct-horse-battery", groups=[CLINICIANS])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Refused to" in m.text else None)
    third_party = []
    page.on("request", lambda r: third_party.append(r.url) if not r.url.startswith(live_site) else None)

    password_step(page, live_site)
    assert "/admin/two-factor/enrol/" in page.url
    assert page.locator("h1").inner_text() == "Set up two-factor login"
    assert page.locator("svg.qr-code").is_visible()
    secret = page.locator("code.twofactor-secret").inner_text()
    no_axe_violations(page)
    page.fill("#id_code", "12345x")  # a typo first: a clear message at the field
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert "A code is 6 digits" in page.locator(".messages").inner_text()
    page.wait_for_timeout(1100)  # django-otp waits 1 s after a wrong code (a typo is not one: no wait needed)
    page.fill("#id_code", code_for(secret))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")

    assert page.locator("h1").inner_text() == "Save your recovery codes"
    assert "shown only once" in page.locator("[role=alert]").inner_text()
    codes = page.locator(".twofactor-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    no_axe_violations(page)
    assert third_party == []  # the QR code and everything else came from the site (the dashboard has Gravatars)
    with page.expect_navigation():
        page.click("text=I have saved them: continue")
    assert page.url == live_site + "/admin/"

    page.click(".sidebar-footer__account")  # log out from the sidebar's account menu
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    assert "/admin/login/" in page.url

    third_party.clear()
    password_step(page, live_site)
    assert "/admin/two-factor/verify/" in page.url
    assert page.locator("h1").inner_text() == "Enter the 6-digit code"
    no_axe_violations(page)
    assert third_party == []
    page.fill("#id_code", code_for(secret, at_step_offset=1))  # the enrolment used this step's code
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert page.url == live_site + "/admin/"
    assert refused == []
    context.close()
