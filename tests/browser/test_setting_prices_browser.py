"""In Chromium (issue 18): a setting's editor gives it a price, its places and its usual wait on the task
list's "Cost and times" part (the same sub-form a service has), previews and publishes; the family page then
says "£6 an hour", and its places and wait are among the record's details. The part, the preview and the
family page are axe-clean at 1280 and 390 px. The app runs as `graph-app serve` on a copy of the build,
since publishing changes the store."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from live_helpers import LO, copy_build, current_store
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("setting-prices-browser") / "data")
    row = current_store(settings).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Setting> ; <{LO}runBy> ?p "
        f"FILTER NOT EXISTS {{ ?s <{LO}hasCostOption> ?c }} FILTER NOT EXISTS {{ ?s <{LO}capacity> ?n }} }} "
        "ORDER BY DESC(?s) LIMIT 1"
    )[0]
    with app_server(settings) as url:
        yield url, settings, row["s"].value.rsplit("/", 1)[-1], row["p"].value


def test_a_settings_editor_gives_a_price_places_and_wait_and_families_see_them(site, page):
    url, settings, slug, provider = site
    user, password = make_staff(settings, "editor", provider)
    page.goto(url + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    page.goto(url + f"/staff/records/setting/{slug}/parts/cost")
    expect(page.locator("#sub-cost")).to_be_visible()
    page.fill("#sub-cost-1-lo-amount", "6")
    page.check(f"input[name='sub-cost-1-lo-pricePer'][value='{ID}price-unit/hour']")
    page.fill("#lo-capacity", "420")
    page.fill("#lo-waitingWeeks", "3")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")
    page.click("#preview-link")
    expect(page.locator("#preview-note")).to_contain_text("This is a preview")
    preview = page.locator("#preview-record").inner_text()
    assert "420" in preview and "6" in preview
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.check("#checked-whole-record-no")
    page.click("#publish-changes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    family = page.context.new_page()
    family.goto(url + f"/id/setting/{slug}")
    assert "£6 an hour" in family.locator("main").inner_text()
    # places and the wait are with the record's other facts, under "More details", as a service's are
    family.click("#connections summary")
    details = family.locator("#connections").inner_text()
    assert "420" in details and "3" in details
    for width in (1280, 390):
        family.set_viewport_size({"width": width, "height": 900})
        assert_accessible(family)
    # the saved price comes back filled on the part
    page.goto(url + f"/staff/records/setting/{slug}/parts/cost")
    expect(page.locator("#sub-cost-1-lo-amount")).to_have_value("6")
    expect(page.locator("#lo-capacity")).to_have_value("420")
