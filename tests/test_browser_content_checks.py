"""In Chromium: the clinic's content checks appear in the editor's Checks panel, run on the live preview."""

import pytest

from contentchecks.models import PlainWord
from topics.models import TopicPage

pytestmark = pytest.mark.browser


def test_checks_panel_shows_the_clinic_checks_with_the_plain_word_suggestion(live_site, editor_page):
    # The demo sciatica page says "pressed nerve"; an editor adds it to Plain words.
    PlainWord.objects.create(term="pressed nerve", plain_alternative="squeezed nerve", language="en")
    topic = TopicPage.objects.get(slug="sciatica", locale__language_code="en")
    editor_page.goto(f"{live_site}/admin/pages/{topic.pk}/edit/")
    editor_page.click("[data-side-panel-toggle='checks']")
    panel = editor_page.locator("[data-side-panel='checks'] [data-checks-panel]")
    jargon = panel.locator("[data-content-checker-row]", has_text="Medical word with a plainer alternative").first
    jargon.wait_for(timeout=20000)
    assert "Say “squeezed nerve”" in jargon.inner_text()
    # The row points at the element of the preview that holds the word.
    selector = jargon.locator("[data-content-checker-selector-text]").inner_text()
    frame = editor_page.frame_locator("#w-preview-iframe")
    assert "pressed nerve" in frame.locator(selector).first.inner_text().lower()
    assert editor_page.errors == []


def test_userbar_checks_on_a_page_list_the_missing_care_card(live_site, editor_page):
    # An editor publishes the demo CRPS condition page without its urgent-help care card.
    topic = TopicPage.objects.get(slug="complex-regional-pain-syndrome", locale__language_code="en")
    body = topic.body
    del body[[block.block_type for block in body].index("urgent_help")]
    topic.body = body
    topic.save_revision().publish()
    editor_page.goto(live_site + topic.url)
    userbar = editor_page.locator("wagtail-userbar")
    userbar.locator("#wagtail-userbar-trigger").click()
    userbar.locator("#checker-trigger").click()
    dialog = userbar.locator("#checker-results")
    row = dialog.locator(".w-content-checker__row", has_text="No urgent-help care card").first
    row.wait_for(timeout=20000)
    assert "when to get help right away" in row.inner_text()
    assert editor_page.errors == []
