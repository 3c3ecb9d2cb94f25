"""Change since a snapshot in a real Chromium (issue 17): a commissioner takes a named snapshot with the staff
button, then a gap analysis page compares with it through its form and shows the difference column in
words; the trend line and the searches section draw; every page axe-clean (axe runs as a script, so with
JavaScript on); the same address with JavaScript off shows the same column."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from axe_check import assert_accessible
from playwright.sync_api import expect
from staff_helpers import make_staff

from graph_app.gaps import snapshots
from graph_app.gaps.analysis import run_gap
from graph_app.private import open_private_db

KENT = "https://w3id.org/se7-local-offer/id/area/kent"


def test_change_since_a_snapshot_on_a_gap_page(live_server, served, browser, embedded_store, library):
    user, password = make_staff(served, "moderator")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server + "/staff/login", timeout=120_000)
        page.fill("#email", user.email)
        page.fill("#password", password)
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state()
        page.goto(live_server + "/staff/gaps/snapshots", timeout=120_000)
        assert_accessible(page)
        name = f"Before the panel {secrets.token_hex(3)}"
        page.fill("#name", name)
        page.get_by_role("button", name="Take the snapshot").click()
        expect(page.locator("#snapshots")).to_be_visible()
        expect(page.locator("table")).to_contain_text(name)

        # a second snapshot whose Kent figures differ from today's: the first cell had 2 more services then
        rows = run_gap(embedded_store, library, "coverage_matrix").rows
        first = next(r for r in rows if r["area"]["iri"] == KENT)
        then = [{**r, "services": r["services"] + 2} if r is first else r for r in rows]
        columns = [["area", "Council"], ["need", "Need"], ["age_band", "Age band"], ["services", "Services"]]
        earlier = f"Earlier pilot {secrets.token_hex(3)}"
        snapshots.take(
            open_private_db(served),
            earlier,
            "a-browser-test-version",
            None,
            {"coverage_matrix": {"columns": columns, "rows": then}},
        )

        # and Kent's figures of ten days ago, so its trend line has two days to draw
        ten_days_ago = datetime.now(UTC) - timedelta(days=10)
        snapshots.record_version(
            open_private_db(served), "a-browser-test-older-version", None, {KENT: {"coverage_matrix": 5}}, ten_days_ago
        )
        page.goto(live_server + "/gaps/coverage-matrix?area=kent", timeout=120_000)
        page.select_option(
            "#gap-since",
            label=next(o for o in page.locator("#gap-since option").all_inner_texts() if o.startswith(earlier)),
        )
        page.get_by_role("button", name="Show the change").click()
        page.wait_for_load_state()
        assert "since=" in page.url and "area=kent" in page.url
        expect(page.locator("#change-summary")).to_contain_text(f"Change since {earlier}")
        table = page.locator("#gap-table")
        expect(table.locator("th", has_text=f"Change since {earlier}")).to_have_count(1)
        changes = table.locator("td.se7-change")
        assert changes.first.inner_text().strip() == "▼ down 2"
        assert changes.nth(1).inner_text().strip() == "= no change"
        marks = page.locator("table.se7-heatmap .se7-change")  # the one changed cell on the heatmap too
        expect(marks).to_have_count(1)
        assert marks.first.locator("[aria-hidden=true]").inner_text() == "▼"
        assert marks.first.locator(".govuk-visually-hidden").inner_text() == "down 2"  # read out instead
        expect(page.locator("#searches")).to_be_visible()
        expect(page.locator("#trend")).to_contain_text("Kent over time")
        expect(page.locator("#trend svg[role=img]")).to_have_count(1)  # drawn, and checked by axe below
        assert_accessible(page)
        compared = page.url
    finally:
        context.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(compared, timeout=120_000)
        assert page.locator("#gap-table td.se7-change").first.inner_text().strip() == "▼ down 2"
    finally:
        context.close()
