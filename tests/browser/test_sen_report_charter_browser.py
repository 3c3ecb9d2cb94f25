"""SEN information reports and the charter (issue 19) in Chromium, served by `graph-app serve`: a school's page
links to its SEN information report (its own address, not the school's website); the home page shows the SE7
councils' commitment under "About this Local Offer", and the chosen council's before it. Both pages work
without JavaScript and have no axe-core violations at 1280 and 390 pixels (axe itself needs JavaScript, so
it runs in a second page with it on)."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect

from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

pytestmark = pytest.mark.slow

LO = "https://w3id.org/se7-local-offer/def#"
WIDTHS = ((1280, 900), (390, 844))


def _accessible_at_both_widths(page, url: str) -> None:
    page.goto(url, timeout=120_000)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)


@pytest.fixture(scope="module")
def school_with_report(built) -> tuple[str, str]:
    store = EmbeddedStore(Layout(built.data_dir).current().store_path)
    row = store.select(f"SELECT ?s ?r WHERE {{ ?s <{LO}senInformationReport> ?r }} ORDER BY ?s LIMIT 1")[0]
    return row["s"].value.rsplit("/", 1)[-1], row["r"].value


def test_a_school_page_links_to_its_sen_information_report(live_server, page_no_js, page, school_with_report):
    slug, report = school_with_report
    _accessible_at_both_widths(page, f"{live_server}/id/setting/{slug}")
    page_no_js.goto(f"{live_server}/id/setting/{slug}", timeout=120_000)
    link = page_no_js.get_by_role("link", name="Read this school's SEN (special educational needs) information report")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == report


def test_the_home_page_shows_the_charter_under_about_this_local_offer(live_server, page_no_js, page):
    _accessible_at_both_widths(page, f"{live_server}/?area=kent")
    page = page_no_js
    page.goto(f"{live_server}/?area=", timeout=120_000)
    about = page.locator("section.se7-about-offer")
    expect(about.get_by_role("heading", name="About this Local Offer")).to_be_visible()
    expect(about.locator("#charter-se7")).to_be_visible()
    expect(about.locator(".se7-sample-notice").first).to_contain_text("Sample text")
    links = about.locator(".se7-link-list a")
    assert links.count() == 7  # each council's commitment
    page.goto(f"{live_server}/?area=kent", timeout=120_000)
    about = page.locator("section.se7-about-offer")
    expect(about.locator("#charter-kent")).to_contain_text("Kent County Council")
    statements = about.locator("section.se7-charter__statement h3")
    assert statements.first.get_attribute("id") == "charter-kent"  # the chosen council's first
    about.locator("#charter-kent").locator("xpath=..").get_by_role("link", name="About this statement").click()
    expect(page.locator("h1")).to_contain_text("Our commitment to families: Kent County Council")
