"""A patient on a phone reads the ketamine article, goes to a topic it links, subscribes, confirms from the email
and unsubscribes from the link in the next email."""

import time
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from blog.subscriptions import clear_limits

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ADDRESS = "marisol.quintero@example.net"


class LocalRequest:
    META = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def fresh_limits():
    """The live server sees every browser as 127.0.0.1: start from empty counters, and leave none behind."""
    clear_limits(LocalRequest(), ADDRESS)
    yield
    clear_limits(LocalRequest(), ADDRESS)


def wait_for_mail(count):
    """Emails go out after the response, from the server's thread: wait for them to reach the outbox."""
    for _ in range(100):
        if len(mail.outbox) >= count:
            return mail.outbox[count - 1]
        time.sleep(0.05)
    raise AssertionError("no email arrived")


def link_in(message, kind):
    return next(line for line in message.body.split() if f"/subscribe/{kind}/" in line)


def test_patient_reads_an_article_subscribes_confirms_and_unsubscribes(live_site, phone, fresh_limits):
    from blog.models import ArticlePage, Subscriber

    mail.outbox = []
    phone.goto(live_site + "/blog/")
    phone.get_by_role("link", name="Could ketamine infusions help you rely less on opioids?").click()
    phone.wait_for_url("**/blog/ketamine-infusions-instead-of-opioids/")
    topics = phone.get_by_role("navigation", name="Topics in this article")
    topics.get_by_role("link", name="Tapering off opioids", exact=False).click()
    phone.wait_for_url("**/topics/tapering-off-opioids/")
    assert phone.get_by_role("link", name="Could ketamine infusions help you rely less on opioids?").is_visible()
    phone.go_back()

    box = phone.locator("#subscribe-email-article")
    box.fill(ADDRESS)
    phone.get_by_role("button", name="Subscribe").first.click()  # forgot the consent box
    phone.wait_for_selector(".error-summary")
    assert "Tick the box to agree to receive our emails." in phone.locator(".error-summary").inner_text()
    assert not Subscriber.objects.exists()
    axe = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert axe.violations_count == 0, [(v["id"], v["help"]) for v in axe.response["violations"]]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    form = phone.locator("main")  # the footer has the same form
    form.get_by_label("Email address").fill(ADDRESS)
    form.get_by_label("Email me when the clinic publishes a new article").check()
    form.get_by_role("button", name="Subscribe").click()
    phone.wait_for_url("**/subscribe/check-your-inbox/")
    assert phone.locator("h1").inner_text() == "Check your inbox"

    confirmation = wait_for_mail(1)
    assert confirmation.to == [ADDRESS]
    phone.goto(link_in(confirmation, "confirm"))
    assert Subscriber.objects.get().confirmed_at is None  # opening the link alone confirms nothing
    phone.get_by_role("button", name="Confirm my subscription").click()
    phone.wait_for_selector("text=You are subscribed")
    assert Subscriber.objects.get().confirmed_at is not None

    # The next article goes out to the new subscriber; its unsubscribe link deletes the address.
    article = ArticlePage.objects.get(slug="what-your-first-visit-is-like")
    new = ArticlePage(title="Sleeping better with pain", slug="sleeping-better", standfirst="Small changes help.")
    new.author, new.locale_id = "The care team", article.locale_id
    article.get_parent().add_child(instance=new)
    new.save_revision().publish()
    update = wait_for_mail(2)
    assert update.subject == "New on our blog: Sleeping better with pain"
    # Links in article emails use the site's address (Settings -> Sites: localhost); the test server has its own port.
    phone.goto(live_site + urlsplit(link_in(update, "unsubscribe")).path)
    phone.get_by_role("button", name="Unsubscribe").click()
    phone.wait_for_selector("text=You are unsubscribed")
    assert not Subscriber.objects.exists()


def test_footer_form_subscribes_from_any_page_with_javascript_off(browser, live_site, fresh_limits):
    from blog.models import Subscriber

    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_site + "/topics/sciatica/")
    page.locator("#subscribe-email-footer").fill(ADDRESS)
    page.locator("#subscribe-consent-footer").check()
    page.locator(".site-footer").get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/subscribe/check-your-inbox/")
    assert Subscriber.objects.get().email == ADDRESS
    context.close()
