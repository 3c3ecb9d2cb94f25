"""Quality and outcomes (issue 19) in Chromium, served by `graph-app serve`: a sample school's page says its
inspection in one plain line on a phone's first screen, with the report link and "(sample)", works without
JavaScript, shows where its leavers went as a table, and has no axe-core violations at 1280 and 390 pixels (axe
itself needs JavaScript, so it runs in a second page with it on); the search filter by inspection works from the
form without JavaScript."""

from __future__ import annotations

import re

import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
WIDTHS = ((1280, 900), (390, 844))


@pytest.fixture(scope="module")
def school(embedded_store) -> str:
    """A sample school with an inspection and destinations (read from the store, not named here)."""
    rows = embedded_store.select(
        f"SELECT ?s WHERE {{ ?s a <{LO}School> ; <{LO}isSample> true ; <{LO}inspection> ?i ; "
        f"<{LO}destinationFigure> ?f }} ORDER BY ?s LIMIT 1"
    )
    return "/id/" + rows[0]["s"].value.removeprefix(ID)


def test_a_schools_inspection_on_the_first_screen(live_server, school, page_no_js, page):
    page.goto(live_server + school, timeout=120_000)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page = page_no_js  # no JavaScript: the line and the table are plain HTML
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + school, timeout=120_000)
    line = page.locator("p.se7-inspection")
    expect(line).to_be_visible()
    text = " ".join(line.inner_text().split())
    assert re.fullmatch(
        r"Ofsted \(the Office for Standards in Education\): (Outstanding|Good|Requires improvement|Inadequate), "
        r"inspected (January|February|March|April|May|June|July|August|September|October|November|December) "
        r"\d{4} — read the report \(sample\)",
        text,
    ), text
    box = line.bounding_box()
    assert box is not None and box["y"] + box["height"] < 844  # whole on a phone's first screen
    report = line.get_by_role("link", name="read the report")
    assert report.get_attribute("href").startswith("https://example.org/inspection-report/")
    table = page.locator("section.se7-destinations table")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() == 4
    expect(table.locator("tbody tr").first).to_contain_text("(sample)")


def test_the_search_filter_by_inspection_without_javascript(live_server, page_no_js):
    page = page_no_js
    page.goto(f"{live_server}/search?kind=setting&area=all", timeout=120_000)
    page.locator("details.search-filters-toggle summary").click()
    page.select_option("#filter-rated", "good-or-outstanding")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "rated=good-or-outstanding" in page.url
    expect(page.locator("#filter-rated option[selected]")).to_have_attribute("value", "good-or-outstanding")
    assert page.locator(".search-result").count() > 0
