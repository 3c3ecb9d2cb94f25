"""In Chromium (issue 18): an editor gives a service a price and a place it runs through its task list
parts (repeatable sub-forms), previews and publishes; the family page then says "£7.50 a session" and the
place with its accessibility. The parts, the preview and the family page are axe-clean at 1280 and 390 px.
The app runs as `graph-app serve` on a copy of the build, since publishing changes the store."""

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
    settings = copy_build(built, tmp_path_factory.mktemp("prices-places-browser") / "data")
    row = current_store(settings).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p "
        f"FILTER NOT EXISTS {{ ?s <{LO}hasCostOption> ?c }} }} ORDER BY DESC(?s) LIMIT 1"
    )[0]
    with app_server(settings) as url:
        yield url, settings, row["s"].value.rsplit("/", 1)[-1], row["p"].value


def _sign_in(page, url, settings, provider) -> None:
    user, password = make_staff(settings, "editor", provider)
    page.goto(url + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def test_an_editor_adds_a_price_and_a_place_and_families_see_them(site, page):
    url, settings, slug, provider = site
    _sign_in(page, url, settings, provider)
    page.goto(url + f"/staff/records/service/{slug}/parts/cost")
    expect(page.locator("#sub-cost")).to_be_visible()
    page.fill("#sub-cost-1-lo-amount", "7.50")
    page.check(f"input[name='sub-cost-1-lo-pricePer'][value='{ID}price-unit/session']")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")
    page.goto(url + f"/staff/records/service/{slug}/parts/how")
    expect(page.locator("#sub-venue")).to_be_visible()
    page.fill("#sub-venue-1-rdfs-label", "Oak Hall community centre")
    page.fill("#sub-venue-1-schema-streetAddress", "1 High Street")
    page.fill("#sub-venue-1-schema-addressLocality", "Tonbridge")
    page.fill("#sub-venue-1-schema-postalCode", "TN1 1AA")
    page.check(f"input[name='sub-venue-1-lo-hasAccessibility'][value='{ID}accessibility-feature/step-free-access']")
    page.check(f"input[name='sub-venue-1-lo-hasAccessibility'][value='{ID}accessibility-feature/quiet-space']")
    page.fill("#sub-venue-1-lo-accessibilityDetails", "The ramp is by the side door.")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")
    page.click("#preview-link")
    expect(page.locator("#preview-note")).to_contain_text("This is a preview")
    preview = page.locator("#preview-record").inner_text()
    assert "7.50" in preview and "Oak Hall community centre" in preview
    assert_accessible(page)
    page.check("#checked-whole-record-no")
    page.click("#publish-changes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    family = page.context.new_page()
    family.goto(url + f"/id/service/{slug}")
    text = family.locator("main").inner_text()
    assert "£7.50 a session" in text
    assert "Oak Hall community centre, 1 High Street, Tonbridge, TN1 1AA. Quiet space, Step-free access" in text
    for width in (1280, 390):
        family.set_viewport_size({"width": width, "height": 900})
        assert_accessible(family)
    # the saved items come back filled on the parts, with the choices kept
    page.goto(url + f"/staff/records/service/{slug}/parts/cost")
    expect(page.locator("#sub-cost-1-lo-amount")).to_have_value("7.50")
    expect(page.locator(f"input[name='sub-cost-1-lo-pricePer'][value='{ID}price-unit/session']")).to_be_checked()


def test_an_organisations_profile_form_is_reached_from_the_dashboard_and_axe_clean(site, page):
    """Providers edit their own organisation's profile (issue 18): the dashboard's link opens it; its form
    (name, about, website, address, its own contacts) is axe-clean at 1280 and 390 px."""
    url, settings, _, provider = site
    _sign_in(page, url, settings, provider)
    page.goto(url + "/staff/records/")
    page.click("text=Edit your organisation's profile")
    expect(page.locator("h1")).to_contain_text("Edit")
    assert page.url.endswith(f"/staff/records/provider/{provider.rsplit('/', 1)[-1]}/edit")
    expect(page.locator("#sub-contact")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
