"""Compare councils and the board report in a real Chromium (issue 17): two councils chosen with the
checkboxes and JavaScript off, the figures shown equal to the JSON twin's, zero axe-core violations at
1280 and 390 px; the report printed to PDF by Chromium has its one-page summary on the first page, a page
header and numbered pages. Screenshots go to /work/notes/shots/ (or SE7_SHOTS) for the issue's note."""

from __future__ import annotations

import os
import re
from pathlib import Path

from axe_check import assert_accessible
from page_boxes import top_of
from staff_helpers import make_staff

SHOTS = Path(os.environ.get("SE7_SHOTS", "/work/notes/shots"))
MM = 96 / 25.4  # CSS pixels per millimetre


def _shot(page, name: str, **options) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), **options)


def test_two_councils_compared_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server + "/gaps/compare", timeout=120_000)
        page.get_by_label("Kent").check()
        page.get_by_label("Surrey").check()
        page.get_by_role("button", name="Compare").click()
        page.wait_for_load_state()
        assert "council=kent" in page.url and "council=surrey" in page.url
        table = page.locator("table.se7-compare-table")
        headings = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        assert headings[1:] == ["Kent", "Surrey", "SE7 average"]
        twin = page.request.get(live_server + "/gaps/compare.json?council=kent&council=surrey").json()
        assert len(twin["figures"]) == table.locator("tbody tr").count()
        for figure in twin["figures"]:
            row = table.locator(f"#figure-{figure['analysis'].replace('-', '_')}")
            cells = row.locator("td")
            for index, slug in enumerate(("kent", "surrey")):
                count = figure["councils"][slug]["count"]
                assert cells.nth(index).locator(".se7-count").inner_text().startswith(f"{count:,}"), figure["analysis"]
        assert page.locator(".se7-diff .govuk-visually-hidden").first.inner_text().endswith("SE7 average")
        assert page.locator("#council-kent").is_checked() and not page.locator("#council-medway").is_checked()
        compared = page.url
    finally:
        context.close()
    # axe-core runs as a script: the same page again with JavaScript on
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(compared, timeout=120_000)
        assert_accessible(page)
        _shot(page, "compare-councils-1280.png")
        _shot(page, "compare-councils-1280-full.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls, not the page
        assert_accessible(page)
        _shot(page, "compare-councils-390.png", full_page=True)
    finally:
        context.close()


def test_the_home_page_leads_professionals_to_the_comparison(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/", timeout=120_000)
    entry = page.get_by_role("link", name="For professionals").first
    assert top_of(entry) < 844  # on the first screen of a phone
    start = page.get_by_role("heading", name="Tell us three things")
    assert top_of(start) < 844  # and the families' start stays on it
    entry.click()
    page.get_by_role("link", name="Compare councils").click()
    assert page.locator("h1").inner_text() == "Compare councils"


def test_report_first_page_printed(live_server, page):
    page.goto(live_server + "/gaps/report/kent", timeout=120_000)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages >= 3, pages  # the summary alone on page 1, the commentary, then the detail
    page_rules = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules] } catch (e) { return [] } })
              .filter(r => r instanceof CSSPageRule).map(r => r.cssText).join(' ')"""
    )
    assert "counter(page)" in page_rules and "@top-left" in page_rules and "Kent" in page_rules
    # the first printed page: the page laid out at A4's printable width, the summary within its height
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round((210 - 28) * MM), "height": round((297 - 36) * MM)})
    summary = page.locator(".se7-report-summary")
    box = summary.bounding_box()
    top = top_of(page.locator("h1"))
    assert box["y"] + box["height"] - top <= (297 - 36) * MM, box
    assert page.evaluate("getComputedStyle(document.querySelector('.se7-report-summary')).breakAfter") == "page"
    first_page = page.locator("main").inner_text()[:4000]
    assert "Summary" in first_page and "SE7 average" in first_page and "Change since the last report" in first_page
    assert not page.locator(".govuk-service-navigation").is_visible()
    _shot(page, "report-first-page.png", clip={"x": 0, "y": 0, "width": round(182 * MM), "height": round(261 * MM)})


def test_a_commissioner_writes_the_reports_commentary(live_server, served, page):
    user, password = make_staff(served, "moderator")
    page.goto(live_server + "/staff/login", timeout=120_000)
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    page.goto(live_server + "/gaps/report/brighton-and-hove", timeout=120_000)
    page.get_by_role("link", name="Write or change the commentary and actions").click()
    assert page.locator("h1").inner_text() == "Commentary and actions: Brighton and Hove"
    assert_accessible(page)
    note = "Waits for autism assessments <em>are</em> the board's first concern."
    page.fill("#commentary", note)
    page.fill("#action-1", "Commission an open-access autism service for 11 to 15")
    page.fill("#owner-1", "Head of joint commissioning")
    page.fill("#due-1", "2027-06-30")
    page.get_by_role("button", name="Save a new version").click()
    page.wait_for_load_state()
    assert page.url.endswith("/gaps/report/brighton-and-hove#commentary")
    section = page.locator(".se7-report-commentary")
    assert note in section.inner_text()  # shown as text, the tags escaped
    assert section.locator("em").count() == 0
    assert "Head of joint commissioning" in section.locator("#actions").inner_text()
    assert_accessible(page)
