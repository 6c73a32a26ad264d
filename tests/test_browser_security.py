"""In Chromium: the Content-Security-Policy blocks nothing the site itself needs, for patients or editors."""

import pytest

from tests.staff import authenticator, totp_code

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
    device = authenticator(
        django_user_model.objects.create_superuser("chief", "chief@example.org", "correct-horse-battery")
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.fill("#id_code", totp_code(device))  # the second step: the code the authenticator shows now
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    assert page.url.endswith("/admin/")
    page.goto(live_site + "/topics/sciatica/")
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1
    assert [m for m in messages if "Content Security Policy" in m or "Refused to" in m] == []
    context.close()


def stored_values(topic):
    """How many values a topic's blocks store: what the editor's inputs grow with (the browser counts them)."""

    def count(value):
        if isinstance(value, dict):
            return sum(count(item) for item in value.values())
        if isinstance(value, list):
            return sum(count(item) for item in value)
        return 1

    return count(topic.body.raw_data)


def test_the_page_editor_saves_the_largest_demo_topic_within_the_field_limit(live_site, browser, django_user_model):
    """The admin's page editor builds its StreamField inputs in JavaScript: count what a save really posts, for the
    three demo topics that store the most values."""
    from django.conf import settings

    from topics.models import TopicPage

    device = authenticator(
        django_user_model.objects.create_superuser("chief", "chief@example.org", "correct-horse-battery")
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_site + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.fill("#id_code", totp_code(device))  # the second step: the code the authenticator shows now
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    counts = {}
    for topic in sorted(TopicPage.objects.all(), key=stored_values, reverse=True)[:3]:  # the three biggest bodies
        page.goto(f"{live_site}/admin/pages/{topic.pk}/edit/")
        page.wait_for_selector("form#page-edit-form [data-streamfield-stream-container]")
        counts[topic.slug] = page.evaluate("[...new FormData(document.getElementById('page-edit-form'))].length")
    largest = max(counts, key=counts.get)
    print(f"page editor fields per demo topic: {sorted(counts.values())}, largest {largest} = {counts[largest]}")
    assert counts[largest] * 5 <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 2000  # headroom, yet far below 10,000
    page.goto(f"{live_site}/admin/pages/{TopicPage.objects.get(slug=largest).pk}/edit/")
    page.wait_for_selector("form#page-edit-form [data-streamfield-stream-container]")
    with page.expect_navigation():
        page.click("button[type=submit][name='action-save'], button.button-longrunning[type=submit]")
    assert "/edit/" in page.url and page.locator(".messages .success").count() == 1
    context.close()
