"""In Chromium: after a provider editor changes a service's cost, the service's page shows "What changed and
when" (the change credited to the provider, never the editor), and the page stays axe-clean at desktop and
phone widths; the version comparison shows the cost alone. The app runs as `graph-app serve` on a copy of
the build, since saving changes the store."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from live_helpers import LO, copy_build, current_store
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def history_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("history-browser") / "data")
    with app_server(settings) as url:
        row = current_store(settings).select(
            f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider ; "
            f'<{LO}cost> ?cost FILTER(lang(?cost) = "") }} ORDER BY ?service LIMIT 1'
        )[0]
        yield url, settings, row["provider"].value, row["service"].value.rsplit("/", 1)[-1]


def test_a_saved_cost_shows_in_what_changed_and_when(history_site, page):
    url, settings, provider, slug = history_site
    user, password = make_staff(settings, "editor", provider)
    page.goto(url + f"/id/service/{slug}")
    assert page.locator("#history-heading").count() == 0  # never changed: nothing to show
    page.goto(url + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    page.goto(url + f"/staff/records/service/{slug}/edit")
    page.locator("#lo-cost").first.fill("£6 a session, free with a personal budget")
    page.check("#checked-whole-record-no")  # only the cost was looked at: the date stays (issue 18)
    page.click("button:has-text('Save and publish')")
    page.wait_for_load_state()
    page.goto(url + f"/staff/records/service/{slug}/versions/1")
    fields = page.locator("tbody .govuk-table__cell:nth-child(2)").all_inner_texts()  # Record, Field, before, after
    assert set(fields) == {"Cost"}, fields
    page.goto(url + f"/id/service/{slug}")
    section = page.locator("section.se7-history")
    expect(section).to_be_visible()
    text = section.inner_text()
    assert "cost changed, by" in text and user.name not in text and user.email not in page.content()
    assert section.locator("time").get_attribute("datetime")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(section).to_be_visible()
    assert_accessible(page)
