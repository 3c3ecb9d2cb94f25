"""In Chromium (issue 18, "editing opening times and a contact"): an editor gives a service opening times and
a contact of its own through its task list's parts (repeatable sub-forms), is told plainly when a time cannot
be read, publishes, and the family page says "Mondays and Wednesdays, 9:30am to 3pm" with the contact's
phone; a second, staff-only contact is kept off the family page. The same edit works with JavaScript off.
Each part and the family page are axe-clean at 1280 and 390 px. The app runs as `graph-app serve` on a copy
of the build, since publishing changes the store."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from live_helpers import LO, copy_build, current_store
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("opening-times-browser") / "data")
    rows = current_store(settings).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p "
        f"FILTER NOT EXISTS {{ ?s <{LO}hasSchedule> ?h }} }} ORDER BY ?s LIMIT 2"
    )
    services = [(r["s"].value.rsplit("/", 1)[-1], r["p"].value) for r in rows]
    with app_server(settings) as url:
        yield url, settings, services


def _sign_in(page, url, settings, provider) -> None:
    user, password = make_staff(settings, "editor", provider)
    page.goto(url + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def _accessible_at_both_widths(page) -> None:
    if getattr(page, "no_js", False):  # axe-core runs as a script: the JavaScript run checks it
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)


def _edit(page, url: str, slug: str) -> None:
    """Opening times (one wrong time first), a public contact and a staff-only one, then publish."""
    page.goto(url + f"/staff/records/service/{slug}/parts/cost")
    expect(page.locator("#sub-schedule")).to_be_visible()
    page.check("#sub-schedule-1-lo-byDay")  # Monday
    page.check("#sub-schedule-1-lo-byDay-WE")
    page.fill("#sub-schedule-1-lo-opensAt", "9:30")
    page.fill("#sub-schedule-1-lo-closesAt", "half three")
    page.fill("#sub-schedule-1-rdfs-comment", "Term time only")
    _accessible_at_both_widths(page)
    page.click("#save-part")
    # the time that cannot be read is named on its own box and in the summary, what was typed kept
    expect(page.locator("#sub-schedule-1-lo-closesAt-error")).to_contain_text(
        "Opening times 1: Enter a time such as 9:30am, 5pm or 17:00"
    )
    expect(page.locator(".govuk-error-summary a[href='#sub-schedule-1-lo-closesAt']")).to_be_visible()
    expect(page.locator("#sub-schedule-1-lo-closesAt")).to_have_value("half three")
    assert page.is_checked("#sub-schedule-1-lo-byDay-WE")
    _accessible_at_both_widths(page)
    page.fill("#sub-schedule-1-lo-closesAt", "3pm")
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")

    page.goto(url + f"/staff/records/service/{slug}/parts/contact")
    expect(page.locator("#sub-contact")).to_be_visible()
    n = page.locator("input[name='sub-contact-count']").input_value()
    page.fill(f"#sub-contact-{n}-rdfs-label", "Bookings team")
    page.fill(f"#sub-contact-{n}-schema-contactType", "bookings")
    page.fill(f"#sub-contact-{n}-schema-telephone", "01632 960321")
    page.fill(f"#sub-contact-{n}-schema-email", "bookings@example.org.uk")
    page.fill(f"#sub-contact-{n}-schema-url", "https://example.org.uk/bookings")
    page.check(f"#sub-contact-{n}-public")
    if getattr(page, "no_js", False):
        # without JavaScript: save, and the part comes back with it filled and an empty set to add another
        page.click("#save-part")
        expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")
        page.goto(url + f"/staff/records/service/{slug}/parts/contact")
        expect(page.locator(f"#sub-contact-{n}-rdfs-label")).to_have_value("Bookings team")
        m = page.locator("input[name='sub-contact-count']").input_value()
        assert int(m) == int(n) + 1
    else:
        # with it, "Add another" copies the empty set at once (renumbered, emptied, focused)
        page.click("button:has-text('Add another: contact')")
        m = str(int(n) + 1)
        assert page.evaluate("document.activeElement.id") == f"sub-contact-{m}-rdfs-label"
        assert page.locator("input[name='sub-contact-count']").input_value() == str(int(m) + 1)
        _accessible_at_both_widths(page)
    page.fill(f"#sub-contact-{m}-rdfs-label", "Manager's mobile")
    page.fill(f"#sub-contact-{m}-schema-telephone", "07700 900654")
    page.check(f"#sub-contact-{m}-public-no")
    page.click("#save-part")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in your draft")

    page.click("#preview-link")
    expect(page.locator("#preview-note")).to_contain_text("This is a preview")
    preview = page.locator("#preview-record").inner_text()
    assert "Mondays and Wednesdays, 9:30am to 3pm" in preview and "01632 960321" in preview
    assert "07700 900654" not in preview
    page.check("#checked-whole-record-no")
    page.click("#publish-changes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")


def _family_sees_it(page, url: str, slug: str) -> None:
    family = page.context.new_page()
    family.no_js = getattr(page, "no_js", False)
    family.goto(url + f"/id/service/{slug}")
    text = family.locator("main").inner_text()
    assert "Mondays and Wednesdays, 9:30am to 3pm. Term time only" in text
    assert "01632 960321" in text and "bookings@example.org.uk" in text
    assert "07700 900654" not in family.content()
    _accessible_at_both_widths(family)
    family.close()


def test_an_editor_edits_opening_times_and_a_contact(site, page):
    url, settings, services = site
    slug, provider = services[0]
    _sign_in(page, url, settings, provider)
    _edit(page, url, slug)
    _family_sees_it(page, url, slug)
    # the staff-only contact is still there for staff, marked so
    page.goto(url + f"/staff/records/service/{slug}/parts/contact")
    expect(page.locator("input[value='07700 900654']")).to_have_count(1)


def test_the_same_edit_with_javascript_off(site, page_no_js):
    url, settings, services = site
    slug, provider = services[1]
    page_no_js.no_js = True
    _sign_in(page_no_js, url, settings, provider)
    _edit(page_no_js, url, slug)
    _family_sees_it(page_no_js, url, slug)
