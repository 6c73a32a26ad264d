"""In Chromium: the Content-Security-Policy blocks nothing the site itself needs, for patients or editors."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/topics/", "/topics/sciatica/", "/search/?q=mig", "/contact/"])
def test_public_pages_break_no_csp_rule(live_site, phone, path):
    messages = []
    phone.on("console", lambda message: messages.append(message.text))
    phone.goto(live_site + path)
    if path.startswith("/search/"):
        phone.locator("#header-search").fill("fibro")  # the type-ahead's fetch() is allowed by connect-src
        phone.wait_for_selector("#header-search-suggestions a")
    phone.wait_for_load_state("networkidle")
    assert [m for m in messages if "Content Security Policy" in m or "Refused to" in m] == []


def test_editor_sees_the_userbar_without_csp_errors(live_site, browser, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.org", "correct-horse-battery")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith("/admin/")
    page.goto(live_site + "/topics/sciatica/")
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1
    assert [m for m in messages if "Content Security Policy" in m or "Refused to" in m] == []
    context.close()
