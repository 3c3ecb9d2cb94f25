"""Search in a real Chromium: the autocomplete combobox with JavaScript (type, arrow, Enter), the plain
form without it, and no axe-core violations on the results page."""

from axe_check import assert_accessible
from page_boxes import top_of


def test_autocomplete_combobox_navigates_with_arrow_and_enter(live_server, page):
    page.goto(live_server + "/search")
    box = page.locator("#search-q")
    box.click()
    box.press_sequentially("fussy ea", delay=30)
    assert box.get_attribute("role") == "combobox"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    listbox.wait_for(state="visible", timeout=15000)
    page.screenshot(path="/tmp/search-autocomplete.png")
    assert box.get_attribute("aria-expanded") == "true"
    status = page.locator(".search-suggest:has(#search-q) [role=status]")
    assert status.inner_text().strip().endswith("or press Enter to search.")
    options = listbox.locator("[role=option]")
    assert options.count() >= 1
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    first_label = options.first.locator(".search-suggest__label").inner_text()
    with page.expect_navigation():
        box.press("Enter")
    assert "/id/" in page.url
    assert page.locator("h1").inner_text().strip() == first_label.strip()


def test_header_search_box_is_enhanced_on_the_results_page(live_server, page):
    page.goto(live_server + "/search?q=autism")
    header_box = page.locator("#site-search")
    assert header_box.get_attribute("role") == "combobox"


def test_search_form_submits_without_javascript(live_server, page_no_js):
    page_no_js.goto(live_server + "/search")
    page_no_js.fill("#search-q", "won't eat solid food")
    with page_no_js.expect_navigation():
        page_no_js.locator("#search-q").press("Enter")
    assert "q=won" in page_no_js.url
    assert page_no_js.locator("a[href='/id/need/slcn-feeding']").count() >= 1
    page_no_js.locator(".search-filters-toggle summary").click()  # filters come after results, in <details>
    page_no_js.select_option("#filter-kind", "service")
    with page_no_js.expect_navigation():
        page_no_js.get_by_role("button", name="Apply filters").click()
    assert "kind=service" in page_no_js.url
    assert page_no_js.locator("a[href^='/id/service/']").count() >= 1


def test_results_page_has_no_axe_violations(live_server, page):
    page.goto(live_server + "/search?q=gets+upset+by+loud+noises&area=kent")
    assert page.locator("h1").count() == 1
    page.screenshot(path="/tmp/search-results.png", full_page=True)
    assert_accessible(page)


def test_empty_search_page_has_no_axe_violations(live_server, page):
    page.goto(live_server + "/search")
    assert_accessible(page)


def test_chosen_council_filter_is_kept_when_the_words_change_and_the_chip_removes_it(live_server, page):
    page.context.add_cookies([{"name": "se7_area", "value": "medway", "url": live_server}])
    page.goto(live_server + "/search?q=autism")
    chip = page.locator(".search-chip[data-param=area]")
    assert "Showing Medway" in chip.inner_text()
    box = page.locator("#search-q")
    box.fill("speech therapy")
    with page.expect_navigation():
        page.locator(".search-words button").click()
    assert "q=speech+therapy" in page.url and "area=medway" in page.url
    assert "Showing Medway" in page.locator(".search-chip[data-param=area]").inner_text()
    page.set_viewport_size({"width": 390, "height": 800})
    results_top = top_of(page.locator("#result-count"))
    assert results_top < top_of(page.locator(".search-filters-toggle")), "results before filters"
    page.screenshot(path="/tmp/search-chip-390.png", full_page=True)
    with page.expect_navigation():
        page.locator(".search-chip[data-param=area] a").click()
    assert "area=all" in page.url
    assert page.locator(".search-chip[data-param=area]").count() == 0
    assert page.locator("#search-elsewhere").count() == 0
