"""A gap analysis page and a joint commissioning report in a real Chromium: zero axe-core violations,
and the parameter form works with JavaScript switched off."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect


@pytest.mark.parametrize(
    "path",
    [
        "/gaps",
        "/gaps/coverage-matrix?area=medway",
        "/gaps/not-reviewed?area=kent",
        "/gaps/comments-by-topic",
        "/gaps/report/medway",
        "/gaps/coverage-matrix?area=kent&cover=most&settings=true",  # the two fixed-choice selects
        "/gaps/waiting-times?area=kent",
        "/gaps/places?area=kent",
        "/gaps/care-pathways-without-adult-pathway",
    ],
)
def test_gap_pages_have_no_axe_violations(live_server, page, path):
    page.goto(live_server + path, timeout=120_000)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_parameter_form_works_without_javascript(live_server, page_no_js):
    page_no_js.goto(live_server + "/gaps/coverage-matrix", timeout=120_000)
    page_no_js.select_option("#gap-area", "medway")
    page_no_js.select_option("#gap-need", "specialist-dental")
    page_no_js.get_by_role("button", name="Show results").click()
    page_no_js.wait_for_load_state()
    assert "area=medway" in page_no_js.url and "need=specialist-dental" in page_no_js.url
    heatmap = page_no_js.locator("table.se7-heatmap")
    assert heatmap.count() == 1
    row = heatmap.locator("tr", has_text="Specialist dental needs")
    assert row.locator("td").last.inner_text().strip() == "None"
    assert page_no_js.locator("#gap-area").input_value() == "medway"


def test_report_prints_without_navigation(live_server, page):
    page.goto(live_server + "/gaps/report/medway", timeout=120_000)
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".se7-tools").is_visible()
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_text("Median last review")).to_be_visible()
