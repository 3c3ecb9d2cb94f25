"""The district drill-down in a real Chromium (issue 17): "Where in Kent are there no open-access services
for autistic 11-15-year-olds?" answered from the coverage page in three clicks, axe-clean on a wide screen
and on a phone, the map and the table beside it."""

from __future__ import annotations

import re

import pytest
from axe_check import assert_accessible

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_three_clicks_from_the_coverage_page_to_the_districts_with_none(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server + "/gaps/coverage-matrix", timeout=120_000)
    assert_accessible(page)
    # 1: choose Kent
    page.locator("nav[aria-labelledby='by-district']").get_by_role("link", name="Kent", exact=True).click()
    page.wait_for_load_state()
    assert "area=kent" in page.url
    assert page.locator("svg[role='group'] path.se7-district").count() == 12  # the overview map
    assert_accessible(page)
    # 2: drill down to the need and age band
    page.select_option("#district-need", "autism")
    page.select_option("#district-age", "11-15")
    page.get_by_role("button", name="Show districts").click()
    page.wait_for_load_state()
    summary = page.locator("#results + p").inner_text()
    none, total = (int(n) for n in re.match(r"(\d+) of (\d+) districts", summary).groups())
    assert total == 12 and 0 < none < 12
    assert page.locator("#district-table tbody tr").count() == 12
    assert page.locator("svg[role='group'] path[role='img']").count() == 12
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the wide table scrolls, not the page
    assert_accessible(page)
    # 3: only the districts with none
    page.get_by_role("link", name="Show only the districts with none").click()
    page.wait_for_load_state()
    rows = page.locator("#district-table tbody tr")
    assert rows.count() == none
    for i in range(none):
        assert "None (0)" in rows.nth(i).locator("td").first.inner_text()
    assert page.get_by_text("Martin Chorley").count() >= 1  # the boundaries' attribution
    assert_accessible(page)
    page.screenshot(path=f"/tmp/gap-districts-{width}.png", full_page=True)


def test_a_district_number_opens_its_services(live_server, page):
    page.goto(live_server + "/gaps/districts?area=kent&need=autism&age_band=11-15", timeout=120_000)
    first = page.locator("#district-table tbody tr").first
    link = first.locator("td").first.get_by_role("link")  # the district's own services
    shown = int(re.search(r"\d+", link.inner_text()).group(0))
    link.click()
    page.wait_for_load_state()
    assert page.locator("#services li").count() == shown
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_districts_combinations_with_none_are_accessible(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server + "/gaps/districts?area=kent", timeout=120_000)
    page.locator("#district-dartford td").nth(1).get_by_role("link").click()  # no open-access service at all
    page.wait_for_load_state()
    assert "district=dartford" in page.url and "show=none" in page.url
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_drill_down_works_without_javascript(live_server, page_no_js):
    page = page_no_js
    page.goto(live_server + "/gaps/coverage-matrix", timeout=120_000)
    page.locator("nav[aria-labelledby='by-district']").get_by_role("link", name="Kent", exact=True).click()
    page.select_option("#district-need", "autism")
    page.select_option("#district-age", "11-15")
    page.get_by_role("button", name="Show districts").click()
    page.get_by_role("link", name="Show only the districts with none").click()
    page.wait_for_load_state()
    assert "show=none" in page.url
    assert page.locator("#district-table tbody tr").count() >= 1
