"""In Chromium, as an editor: the page editor's live preview and checks panels show the page."""

import pytest

from cta.models import CallToAction
from topics.models import TopicPage

pytestmark = pytest.mark.browser


def preview_frame(page):
    page.click("[data-side-panel-toggle='preview']")
    # Wagtail loads each preview into a second iframe and swaps it in as #w-preview-iframe once loaded.
    return page.frame_locator("#w-preview-iframe")


def test_editor_sees_the_live_preview_of_a_topic(live_site, editor_page):
    topic = TopicPage.objects.get(slug="sciatica")
    editor_page.goto(f"{live_site}/admin/pages/{topic.pk}/edit/")
    frame = preview_frame(editor_page)
    heading = frame.locator("h1")
    heading.wait_for(timeout=15000)
    assert topic.title in heading.inner_text()
    assert editor_page.csp_messages == []


def test_editor_sees_the_preview_of_a_call_to_action(live_site, editor_page):
    cta = CallToAction.objects.order_by("pk").first()
    editor_page.goto(f"{live_site}/admin/snippets/cta/calltoaction/edit/{cta.pk}/")
    frame = preview_frame(editor_page)
    frame.get_by_text(cta.heading).first.wait_for(timeout=15000)
    assert editor_page.csp_messages == []


def test_editor_checks_panel_runs_on_the_preview(live_site, editor_page):
    topic = TopicPage.objects.get(slug="sciatica")
    editor_page.goto(f"{live_site}/admin/pages/{topic.pk}/edit/")
    editor_page.click("[data-side-panel-toggle='checks']")
    panel = editor_page.locator("[data-side-panel='checks']")
    # The content metrics and accessibility checks run inside the framed preview of the page.
    panel.get_by_text("Issues found").wait_for(timeout=15000)
    editor_page.wait_for_function(
        "() => /Words\\s+[1-9]/.test(document.querySelector(\"[data-side-panel='checks']\").innerText)"
    )
    assert editor_page.csp_messages == []


def test_readability_panel_is_not_hidden_behind_the_save_bar(live_site, editor_page):
    topic = TopicPage.objects.get(slug="sciatica")
    editor_page.goto(f"{live_site}/admin/pages/{topic.pk}/edit/")
    panel = editor_page.locator("[data-readability]")
    panel.scroll_into_view_if_needed()
    editor_page.wait_for_timeout(300)
    box = panel.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    on_top = editor_page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y);"
        " return el && el.closest('[data-readability]') ? 'panel' : (el ? el.outerHTML.slice(0, 200) : 'none'); }",
        [x, y],
    )
    assert on_top == "panel"
