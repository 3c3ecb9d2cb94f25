"""In Chromium: a council admin opens their council's content, edits the statement under a heading, previews
it (the reading age shown, nothing saved), saves it and sees it first on the public heading page; an admin of
another council is refused (403). axe-core checks the list, the form with its preview and the heading page.
The app runs as `graph-app serve` on a copy of the build, since saving changes the store."""

from __future__ import annotations

import secrets

import pytest
from axe_check import assert_accessible
from live_helpers import copy_build
from playwright.sync_api import expect
from server_process import app_server

from graph_app.private import open_private_db
from graph_app.private.accounts import create_user

pytestmark = pytest.mark.slow

ID = "https://w3id.org/se7-local-offer/id/"
EDIT = "/staff/records/council-statement/kent-education-travel-policy/edit"
HEADING = "/id/heading/education-travel-policy"


@pytest.fixture(scope="module")
def council_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("council-content-browser") / "data")
    with app_server(settings) as url:
        yield url, settings


def _sign_in(page, url: str, settings, council: str) -> None:
    password = "correct horse " + secrets.token_hex(8)
    email = f"admin-{secrets.token_hex(4)}@staff.example.org"
    create_user(open_private_db(settings), email, "Council Admin", "admin", None, password, council_iri=council)
    page.goto(url + "/staff/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def test_a_council_admin_previews_saves_and_sees_their_statement_on_the_heading_page(council_site, page):
    url, settings = council_site
    _sign_in(page, url, settings, ID + "area/kent")
    page.goto(url + "/staff/council-content/")
    assert "Council content: Kent" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.click(f"a[href='{EDIT}']")
    assert page.locator("#lo-statementText-hint").is_visible()  # the shape's guidance under the field
    page.fill("#rdfs-label", "Help with travel to school in Kent")
    page.fill(
        "#lo-statementText",
        "You can ask us for help to get to school.\n\nFill in the form and we will write to you within four weeks.",
    )
    page.check("#lo-isSample-no")
    page.click("button:has-text('Preview')")
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    assert "we will write to you within four weeks." in preview.inner_text()
    assert "Reading age about" in preview.inner_text()
    assert page.input_value("#rdfs-label") == "Help with travel to school in Kent"  # the form keeps what was typed
    assert_accessible(page)

    public = page.context.new_page()
    public.goto(url + HEADING + "?area=kent")
    assert "Help with travel to school in Kent" not in public.locator("main").inner_text()  # not saved yet

    page.check("#checked-whole-record")  # "Did you check the whole record?" (issue 18): yes, today
    page.click("button:has-text('Save and publish')")
    assert "Saved and published" in page.locator(".govuk-notification-banner").inner_text()

    public.goto(url + HEADING + "?area=kent")
    section = public.locator("section.se7-council-statement")
    assert section.locator("h2").inner_text() == "Help with travel to school in Kent"
    assert "we will write to you within four weeks" in section.inner_text()
    assert "Last reviewed:" in section.inner_text() and "Sample text" not in section.inner_text()
    # the chosen council's statement is the first section of the page's main column
    first = public.locator(".govuk-grid-column-two-thirds section").first
    assert first.get_attribute("class").startswith("se7-council-statement")
    assert_accessible(public)


def test_an_admin_of_another_council_is_refused(council_site, page):
    url, settings = council_site
    _sign_in(page, url, settings, ID + "area/medway")
    response = page.goto(url + EDIT)
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "You cannot see this page"


def test_the_preview_works_without_javascript(council_site, page_no_js):
    url, settings = council_site
    _sign_in(page_no_js, url, settings, ID + "area/kent")
    page_no_js.goto(url + EDIT.replace("travel-policy", "moving-area"))
    page_no_js.fill("#lo-statementText", "Tell both councils when you move. We pass your child's plan on.")
    page_no_js.click("button:has-text('Preview')")
    preview = page_no_js.locator("#preview").inner_text()
    assert "Tell both councils when you move." in preview and "Reading age about" in preview


def test_the_se7_regions_admin_edits_what_the_seven_councils_say_together(council_site, page):
    url, settings = council_site
    _sign_in(page, url, settings, ID + "area/se7")
    page.goto(url + "/staff/council-content/")
    assert "Council content: SE7" in page.locator("h1").inner_text()
    page.click("a[href='/staff/records/council-statement/se7-education-moving-area/edit']")
    page.fill("#rdfs-label", "Moving between the seven councils")
    page.fill("#lo-statementText", "Tell both councils when you move. They talk to each other so help carries on.")
    page.check("#lo-isSample-no")
    page.check("#checked-whole-record")  # "Did you check the whole record?" (issue 18): yes, today
    page.click("button:has-text('Save and publish')")
    assert "Saved and published" in page.locator(".govuk-notification-banner").inner_text()

    public = page.context.new_page()
    public.goto(url + "/id/heading/education-moving-area?area=")  # no council chosen: the region's text leads
    section = public.locator("section.se7-council-statement")
    expect(section.locator("h2")).to_have_text("Moving between the seven councils")
    assert "What the seven SE7 councils say together" in section.inner_text()
    public.goto(url + "/id/heading/education-moving-area?area=kent")  # under Kent's own
    section = public.locator("section.se7-council-statement")
    assert section.locator("h3").inner_text() == "Moving between the seven councils"
    assert_accessible(public)
