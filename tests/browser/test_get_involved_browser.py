"""How to get involved (issue 19) in Chromium, served by `graph-app serve`: a family follows the footer link
from a record page without JavaScript, chooses their council, and reads the forum, what is open now (with a
date) and past consultations marked closed; every record's link leads to its own page. The page has no
axe-core violations at 1280 and 390 pixels (axe needs JavaScript, so it runs in a second page with it on)."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

WIDTHS = ((1280, 900), (390, 844))


def test_get_involved_is_accessible_and_works_without_javascript(live_server, page_no_js, page):
    page.goto(f"{live_server}/get-involved?area=kent", timeout=120_000)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.goto(f"{live_server}/get-involved", timeout=120_000)
    assert_accessible(page)  # the council choice
    page.goto(f"{live_server}/id/consultation/kent-travel-policy-consultation", timeout=120_000)
    for width, height in WIDTHS:  # a record's own page, with its status and "what we did" on the first screen
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)

    page = page_no_js
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/id/need/autism", timeout=120_000)
    page.locator("footer a", has_text="How to get involved").click()
    expect(page.locator("h1")).to_contain_text("How to get involved")
    page.locator("main a", has_text="Kent").first.click()
    expect(page.locator("h1")).to_contain_text("How to get involved in Kent")
    forum = page.locator("section[aria-labelledby=forum-heading]")
    expect(forum).to_contain_text("Kent Parents and Carers Together (Kent PACT)")
    open_now = page.locator("section[aria-labelledby=open-heading]")
    expect(open_now.locator("h2")).to_have_text("Have your say now")
    closed = page.locator("section[aria-labelledby=closed-heading] .se7-involvement__item")
    assert closed.count() >= 1
    expect(closed.first.locator(".govuk-tag--grey")).to_have_text("Closed")
    assert closed.first.locator("time").get_attribute("datetime")
    expect(page.locator("section[aria-labelledby=closed-heading]")).to_contain_text("What we did:")
    # a record's own page
    closed.first.locator("h3 a").click()
    expect(page.locator("h1")).to_be_visible()
    assert "/id/consultation/" in page.url
