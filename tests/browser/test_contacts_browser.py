"""In Chromium (issue 16): a council admin checks a contact detail and families then see it. Before, a family
sees "Contact details are being checked" and never the unchecked value; a signed-in admin sees every value
tagged "Not checked". The admin edits one through the shared record form: a future "checked on" date is
refused with the error beside the field, then "I checked this against the source" saves it checked today,
and a family's page shows it. axe-core checks the staff list and the form with its error. The app runs as
`graph-app serve` on a copy of the build, since saving changes the store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_check import assert_accessible
from live_helpers import copy_build
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow

SLUG = "surrey-iass-telephone"
NUMBER = "01632 960 123"  # Ofcom's range kept for drama: no real person answers it
CONTACT = "/id/contact/surrey-iass"


@pytest.fixture(scope="module")
def contacts_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("contacts-browser") / "data")
    with app_server(settings) as url:
        yield url, settings


def _sign_in_as_admin(page, url: str, settings) -> None:
    user, password = make_staff(settings, "admin")
    page.goto(url + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def test_an_admin_checks_a_contact_detail_and_families_then_see_it(contacts_site, browser):
    url, settings = contacts_site
    family = browser.new_context()
    reader = family.new_page()
    reader.goto(url + CONTACT)
    details = reader.locator(".se7-contact-page")
    assert "Contact details are being checked: use their website." in details.inner_text()
    assert NUMBER not in reader.content()

    staff = browser.new_context()
    page = staff.new_page()
    _sign_in_as_admin(page, url, settings)
    page.goto(url + "/contact?area=brighton-and-hove")
    assert page.locator("text=01273 290000").count() >= 1  # the unchecked switchboard, for staff only
    assert page.locator(".se7-not-checked").count() >= 1
    page.goto(url + "/staff/contacts/")
    assert_accessible(page)
    page.click(f"a[href='/staff/records/contact-value/{SLUG}/edit']")
    page.fill("#rdf-value", NUMBER)
    page.fill("#lo-checkedOn", (date.today() + timedelta(days=2)).isoformat())
    page.check("input[name='lo-verificationStatus'][value$='#Verified']")  # one answer: radios (issue 18)
    page.click("button:has-text('Save and publish')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#lo-checkedOn-error")).to_contain_text("cannot be in the future")
    assert page.input_value("#rdf-value") == NUMBER  # what was typed is kept
    assert_accessible(page)

    page.fill("#lo-checkedOn", "")
    page.check("#checked-against-source")
    page.click("button:has-text('Save and publish')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    row = page.locator(f"tr#{SLUG}")
    assert NUMBER in row.inner_text() and "Checked" in row.inner_text()

    reader.goto(url + CONTACT)
    text = reader.locator(".se7-contact-page").inner_text()
    assert NUMBER in text and f"checked on {date.today().day} {date.today():%B %Y}" in text
    assert reader.locator(f".se7-contact-page a[href='tel:{NUMBER.replace(' ', '')}']").count() == 1
    assert "Contact details are being checked" not in text
    reader.goto(url + "/contact?area=surrey")
    assert NUMBER in reader.locator("main").inner_text()
    assert_accessible(reader)
    family.close()
    staff.close()
