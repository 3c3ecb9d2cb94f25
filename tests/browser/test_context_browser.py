"""The family's context in a real Chromium: choose Medway once, then the map of a need lists Medway's
services first with "Elsewhere in SE7 (n)" collapsed, "See all" lands on search with need, area and age
set, the chip's plain link removes only the council; no axe-core violations at 1280 and 390 px."""

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_check import assert_accessible

NEED = "/id/need/autism"


@pytest.mark.parametrize("width", [1280, 390])
def test_chosen_council_first_then_see_all_then_chip(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "se7_area", "value": "medway", "url": live_server}])
    try:
        page.goto(f"{live_server}/map/neighbourhood?node={NEED}&age=4")
        chips = page.locator(".context-chips .search-chip")
        assert chips.first.inner_text().startswith("Showing Medway")
        elsewhere = page.locator(".mindmap__elsewhere").first
        assert "Elsewhere in SE7 (" in elsewhere.inner_text()
        page.screenshot(path=f"/tmp/shots/context-neighbourhood-{width}.png", full_page=True)
        assert_accessible(page)
        more = page.locator(".mindmap__group a[href^='/search?']").first
        with page.expect_navigation():
            more.click()
        args = parse_qs(urlsplit(page.url).query)
        assert args["need"] == ["autism"] and args["area"] == ["medway"] and args["age"] == ["4"]
        page.screenshot(path=f"/tmp/shots/context-see-all-{width}.png", full_page=True)
        # the chip's remove link clears the council only
        with page.expect_navigation():
            page.locator(".search-chip[data-param=area] a").click()
        args = parse_qs(urlsplit(page.url).query)
        assert args["area"] == ["all"] and args["need"] == ["autism"] and args["age"] == ["4"]
    finally:
        page.context.clear_cookies()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_to_z_with_council_and_age_in_the_address(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/a-z/service/1?area=medway&age=4")
    assert page.locator(".context-chips").inner_text().count("·") == 2
    summary = page.locator(".context-elsewhere summary")
    assert summary.inner_text().startswith("Elsewhere in SE7 (")
    summary.click()  # the collapsed list opens; its links keep the context
    link = page.locator(".context-elsewhere a").first
    assert "area=medway" in link.get_attribute("href") and "age=4" in link.get_attribute("href")
    page.screenshot(path=f"/tmp/shots/context-a-to-z-{width}.png", full_page=True)
    assert_accessible(page)
