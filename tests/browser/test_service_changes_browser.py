"""Service changes (issue 19) in Chromium, served by `graph-app serve`: the sample's closed Kent service says when
it closed on its first screen and offers open alternatives that lead to open services; the changes page lists
the council's changes and links to its feed, which a real feed parser reads as Atom; the search result is
marked closed. Every page works without JavaScript and has no axe-core violations at 1280 and 390 pixels (axe
itself needs JavaScript, so it runs in a second page with it on)."""

from __future__ import annotations

import urllib.request

import feedparser
import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

CLOSED = "friday-night-social-bramblehurst-family-hub"
WIDTHS = ((1280, 900), (390, 844))


def _accessible_at_both_widths(page, url: str) -> None:
    page.goto(url, timeout=120_000)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)


def test_a_closed_service_with_alternatives(live_server, page_no_js, page):
    _accessible_at_both_widths(page, f"{live_server}/id/service/{CLOSED}")
    page = page_no_js  # no JavaScript: the notice and the alternatives are plain HTML
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/id/service/{CLOSED}", timeout=120_000)
    section = page.locator("section.se7-closed")
    expect(section).to_be_visible()
    heading = section.locator("#closed-heading")
    assert heading.inner_text().strip() == "This service closed on 16 October 2026."
    assert heading.locator("time").get_attribute("datetime") == "2026-10-16"
    # on a phone's first screen: above the fold of a 390 x 844 window
    box = heading.bounding_box()
    assert box is not None and box["y"] < 844
    links = section.locator(".se7-alternatives a")
    assert links.count() >= 1
    first = links.first.get_attribute("href")
    page.goto(live_server + first)
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("section.se7-closed").count() == 0  # an alternative is open


def test_the_changes_page_and_its_feed(live_server, page_no_js, page):
    _accessible_at_both_widths(page, f"{live_server}/changes?area=kent&since=2026-09-01")
    page = page_no_js
    page.goto(f"{live_server}/id/area/kent", timeout=120_000)
    page.click('a:has-text("What has changed in this council\'s Local Offer")')
    page.wait_for_load_state()
    assert "/changes?area=kent" in page.url
    expect(page.locator("h1")).to_contain_text("What has changed in Kent")
    page.goto(f"{live_server}/changes?area=kent&since=2026-09-01")
    items = page.locator(".se7-changes__item")
    assert items.count() == 3
    closed = items.filter(has_text="Friday Night Social")
    expect(closed.locator(".govuk-tag")).to_have_text("Closed")
    feed_link = page.locator("a:has-text('Atom feed')").get_attribute("href")
    with urllib.request.urlopen(f"{live_server}{feed_link}&since=2026-09-01", timeout=60) as response:
        assert response.headers.get_content_type() == "application/atom+xml"
        feed = feedparser.parse(response.read())
    assert not feed.bozo and feed.version == "atom10" and len(feed.entries) == 3
    assert all(entry.link.startswith(live_server) for entry in feed.entries)


def test_search_marks_a_closed_service(live_server, page_no_js, page):
    page_no_js.goto(f"{live_server}/search?q=Friday+Night+Social&area=all", timeout=120_000)
    tag = page_no_js.locator(".search-result__closed")
    expect(tag.first).to_have_text("Closed on 16 October 2026")
    _accessible_at_both_widths(page, f"{live_server}/search?q=Friday+Night+Social&area=all")
