"""Real-browser checks on a phone viewport: axe-core at WCAG 2.2 AA, the patient's main path, screenshots."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PAGES = {
    "home": "/",
    "topic-index": "/topics/",
    "topic-page": "/topics/sciatica/",
    "search-results": "/search/?q=back+pain",
    "search-empty": "/search/",
    "contact": "/contact/",
    "not-found": "/no-such-page/",
    "costs": "/costs-and-insurance/",
    "accessibility": "/accessibility/",
    "accessibility-es": "/es/accesibilidad/",
    "referrals": "/referrals/",
    "referrals-es": "/es/referidos/",
}


def violations_summary(results):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    )


@pytest.mark.parametrize("name,path", PAGES.items(), ids=list(PAGES))
def test_page_has_no_axe_violations_on_a_phone(live_site, phone, name, path):
    response = phone.goto(live_site + path)
    assert response.status < 500
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)


def test_patient_path_home_search_topic_contact(live_site, phone):
    phone.goto(live_site + "/")
    search_box = phone.get_by_label("Search by condition, symptom or treatment")
    search_box.fill("migrane")
    search_box.press("Enter")
    phone.wait_for_url("**/search/?q=migrane*")
    main = phone.locator("main")
    assert "migraine" in main.inner_text().lower()
    main.locator(".search-results a").first.click()
    phone.wait_for_url("**/topics/refractory-migraine/")
    assert "migraine" in phone.locator("h1").inner_text().lower()
    phone.locator("main a[href*='/contact/'], main a.button").first.click()
    phone.wait_for_load_state()
    assert phone.locator("h1").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_focus_is_visible_and_skip_link_works(live_site, phone):
    phone.goto(live_site + "/topics/sciatica/")
    phone.keyboard.press("Tab")
    skip = phone.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # moved on screen when focused
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main-content"


def test_body_text_is_readable(live_site, phone):
    phone.goto(live_site + "/topics/fibromyalgia/")
    size = phone.locator(".topic__body p").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 16
    width = phone.locator(".topic").evaluate("el => el.getBoundingClientRect().width")
    char = phone.evaluate(
        "(() => { const s = document.createElement('span'); s.textContent = 'x'.repeat(100);"
        " document.querySelector('.topic__body p').appendChild(s); const w = s.getBoundingClientRect().width;"
        " s.remove(); return w / 100; })()"
    )
    assert width / char <= 80  # about 75 characters a line at most


def test_topic_page_makes_no_third_party_requests_and_stays_light(live_site, phone):
    requests = []
    phone.on("requestfinished", lambda request: requests.append(request))
    phone.goto(live_site + "/topics/low-dose-ketamine-infusions/")
    phone.wait_for_load_state("networkidle")
    assert requests
    assert all(request.url.startswith(live_site) for request in requests), [r.url for r in requests]
    text_bytes = sum(
        request.sizes()["responseBodySize"]
        for request in requests
        if request.resource_type in {"document", "stylesheet", "script"}
    )
    assert text_bytes < 100_000


def test_the_spanish_visiting_page_shows_the_location_and_its_own_map_on_a_phone(live_site, phone):
    """The demo's location in Spanish: hours, directions and the map (the site's own image, described), nothing
    loaded from another site, no sideways scrolling, and no axe violations."""
    hosts = set()
    phone.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    response = phone.goto(live_site + "/es/como-visitarnos/")
    assert response.status == 200
    location = phone.locator("section.location").first
    assert "Clínica Lakeshore" in location.locator("h2").inner_text()
    assert "lunes" in location.locator(".location__hours").inner_text().lower()
    image = location.locator(".location__map img")
    assert image.get_attribute("alt").startswith("Mapa, no a escala")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.bounding_box()["width"] <= 390
    assert hosts == {live_site.split("/")[2]}  # nothing from a map provider or any other site
    assert phone.evaluate("document.scrollingElement.scrollWidth <= document.documentElement.clientWidth")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "visiting-es.png"), full_page=True)
    results = Axe().run(phone, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, violations_summary(results)
