"""A patient searches on a phone: type-ahead with JavaScript, plain results without it."""

import pytest

pytestmark = pytest.mark.browser


def test_type_ahead_suggests_topics_from_the_header_search(live_site, phone):
    phone.goto(live_site + "/")
    box = phone.locator("#header-search")
    box.press_sequentially("siat", delay=40)
    suggestion = phone.locator("#header-search-suggestions a", has_text="Sciatica")
    suggestion.wait_for(state="visible")
    suggestion.click()
    phone.wait_for_url("**/topics/sciatica/")
    assert phone.locator("h1").inner_text() == "Sciatica"


def test_search_works_without_javascript(live_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_site + "/search/")
        page.locator("#search-page-q").fill("migrane")
        page.locator("#search-page-q").press("Enter")
        page.wait_for_url("**/search/?q=migrane")
        assert "Showing results for migraine" in page.locator("main").inner_text()
        assert page.locator("main .search-result a").first.inner_text() == "Refractory migraine"
    finally:
        context.close()


def test_a_clinic_topic_comes_before_a_library_page_with_the_same_title(live_site, phone):
    from tests.factories import TopicPageFactory
    from topics.models import TopicIndexPage

    TopicPageFactory(
        parent=TopicIndexPage.objects.get(locale__language_code="en"),
        title="Fibromyalgia",
        slug="fibromyalgia-medlineplus",
        source="medlineplus",
        source_id="1",
    )
    phone.goto(live_site + "/search/?q=fibromyalgia")
    results = phone.locator("main .search-result")
    assert results.nth(0).locator("a").get_attribute("href") == "/topics/fibromyalgia/"
    assert "Clinic guide" in results.nth(0).inner_text()
    assert results.nth(1).locator("a").get_attribute("href") == "/topics/fibromyalgia-medlineplus/"
    assert "From MedlinePlus" in results.nth(1).inner_text()
