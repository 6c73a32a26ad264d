"""Take the guides' screenshots from the real site and admin: `make screenshots` writes docs/screenshots/*.png.

Builds a throwaway SQLite database with the demo content (dev settings), adds a little activity the reports need
(a topic waiting for clinical review, call-to-action clicks, searches that found nothing, page feedback), serves it
with `manage.py runserver` on a free port and drives Debian's Chromium through Playwright, signed in as the demo
accounts. Phone shots are 390x844, desktop shots 1280x800; each PNG is reduced to a 256-colour palette.
"""

import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def password(username):
    """The demo account's password, as `load_demo_content` sets it (editorial/setup.py)."""
    variable = "DEV_ADMIN_PASSWORD" if username == "admin" else f"DEV_{username.upper()}_PASSWORD"
    return os.environ.get(variable, f"clinic-demo-{username}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603 (fixed arguments)


def add_activity():
    """What the reports show once the site has been used: one topic waiting for a clinician, page feedback."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from feedback.models import PageFeedbackComment, PageFeedbackDay
    from topics.models import TopicPage

    editor = get_user_model().objects.get(username="editor")
    topic = TopicPage.objects.get(slug="tapering-off-opioids", locale__language_code="en").specific
    topic.save_revision(user=editor)
    topic.get_workflow().start(topic, editor)

    today = timezone.localdate()
    answers = {"neck-pain": (9, 7), "sciatica": (21, 3), "fibromyalgia": (12, 5), "nerve-blocks": (8, 1)}
    for slug, (yes, no) in answers.items():
        page = TopicPage.objects.get(slug=slug, locale__language_code="en")
        for days_ago in range(3):
            PageFeedbackDay.objects.create(page=page, day=today - timedelta(days=days_ago), yes=yes, no=no)
    neck = TopicPage.objects.get(slug="neck-pain", locale__language_code="en")
    for text in ("I wanted to know how long the exercises take to help.", "Is there anything for pain at night?"):
        PageFeedbackComment.objects.create(page=neck, day=today, text=text)


@contextlib.contextmanager
def dev_server(env):
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("The development server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def save(png_bytes, name):
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    path = OUTPUT / f"{name}.png"
    image.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}  {image.width}x{image.height}  {path.stat().st_size // 1024} KB")


def log_in(browser, url, username, **context_options):
    context = browser.new_context(**(context_options or DESKTOP))
    page = context.new_page()
    page.goto(url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password(username))
    with page.expect_navigation():
        page.click("button[type=submit]")
    # The second step: the demo authenticator's code (twofactor/demo.py). The same account may log in again within
    # one 30-second step on this throwaway database, so its last used step is forgotten first.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twofactor.demo import demo_code

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.fill("#id_code", demo_code(device))
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    return page


def edit_url(url, slug, language="en"):
    from topics.models import TopicPage

    page = TopicPage.objects.get(slug=slug, locale__language_code=language)
    return f"{url}/admin/pages/{page.pk}/edit/"


def patient_pages(browser, url):
    page = browser.new_context(**PHONE).new_page()
    page.goto(url + "/topics/sciatica/")
    save(page.screenshot(), "topic-page-phone")
    page.goto(url + "/es/temas/ciatica/")
    save(page.screenshot(), "topic-page-phone-es")
    page.goto(url + "/search/?q=migrane")
    save(page.screenshot(), "search-misspelling-phone")
    for query in ("tens machine", "acupunture", "tens machine", "physio near me"):  # searches that find nothing
        page.goto(url + "/search/?q=" + query.replace(" ", "+"))
    page.context.close()


def editor_screens(browser, url):
    page = log_in(browser, url, "editor")
    page.goto(edit_url(url, "sciatica"))
    page.click("[data-side-panel-toggle='preview']")
    page.frame_locator("#w-preview-iframe").locator("h1").wait_for()
    page.wait_for_timeout(1000)  # the preview swaps in its second iframe
    save(page.screenshot(), "editor-live-preview")

    page.goto(edit_url(url, "dolor-neuropatico", "es"))  # a long sentence and a medical word with a plainer one
    page.click("[data-side-panel-toggle='checks']")
    page.wait_for_function(
        "() => /Words\\s+[1-9]/.test(document.querySelector(\"[data-side-panel='checks']\").innerText)"
    )
    page.locator("[data-side-panel='checks'] [data-checks-panel]").first.wait_for()
    page.wait_for_timeout(500)
    save(page.screenshot(), "editor-checks-panel")

    page.goto(url + "/admin/reports/content-checks/")
    save(page.screenshot(), "content-checks-report")
    page.context.close()


def clinician_screens(browser, url):
    page = log_in(browser, url, "clinician")
    page.goto(edit_url(url, "tapering-off-opioids"))
    approve = page.locator("button[data-workflow-action-name='approve']").first
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").last.click()
    approve.click()
    page.get_by_text("Content checks of the version you are approving").wait_for()
    page.wait_for_timeout(500)
    save(page.screenshot(), "clinical-review-approval")

    page.goto(url + "/admin/reports/topics-due-for-review/")
    save(page.screenshot(), "review-report")
    page.context.close()


def marketing_screens(browser, url):
    from cta.models import CallToAction

    patient = browser.new_context(**PHONE).new_page()
    for cta in CallToAction.objects.filter(locale__language_code="en", live=True)[:4]:
        for _ in range(cta.pk % 5 + 2):
            patient.goto(f"{url}/go/cta/{cta.pk}/")
    patient.context.close()

    page = log_in(browser, url, "marketer")
    book = CallToAction.objects.get(name="Book a consultation", locale__language_code="en")
    page.goto(f"{url}/admin/snippets/cta/calltoaction/edit/{book.pk}/")
    page.click("[data-side-panel-toggle='preview']")
    page.frame_locator("#w-preview-iframe").locator("a").first.wait_for()
    page.wait_for_timeout(1000)
    save(page.screenshot(), "cta-snippet-preview")
    page.goto(url + "/admin/reports/cta-clicks/")
    save(page.screenshot(), "cta-clicks-report")
    page.goto(url + "/admin/reports/page-feedback/")
    save(page.screenshot(), "page-feedback-report")
    page.context.close()

    page = log_in(browser, url, "admin")
    page.goto(url + "/admin/reports/zero-result-searches/")
    save(page.screenshot(), "searches-with-no-results")
    page.context.close()


def main():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clinic-screenshots-") as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.dev",
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo_content", env=env)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        add_activity()

        from playwright.sync_api import sync_playwright

        with dev_server(env) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            patient_pages(browser, url)
            editor_screens(browser, url)
            clinician_screens(browser, url)
            marketing_screens(browser, url)
            browser.close()


if __name__ == "__main__":
    main()
