"""In Chromium (issue 18, governance): "a change waiting for approval and approved". Kent's admin switches on
"changes need approval"; a Kent provider editor saves a change, is told it waits, and the public page is
unchanged; Kent's moderator finds it in the queue, reads the side-by-side comparison (the changed words marked)
and approves it; the public page then shows it; the moderator reads the version comparison and rolls the record back
to its original version. The queue, the comparisons and the versions page are axe-clean at 1280 and 390 px.
Screenshots go to /work/notes/shots/ (or SE7_SHOTS) for the issue's note. The app runs as `graph-app serve` on
a copy of the build, since approving publishes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from axe_check import assert_accessible
from live_helpers import LO, copy_build, current_store
from playwright.sync_api import expect
from server_process import app_server

from graph_app.private import accounts, open_private_db

pytestmark = pytest.mark.slow
ID = "https://w3id.org/se7-local-offer/id/"
KENT = ID + "area/kent"
SHOTS = Path(os.environ.get("SE7_SHOTS", "/work/notes/shots"))
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def approvals_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("approvals-browser") / "data")
    rows = current_store(settings).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p ; <{LO}locatedIn> ?a . "
        f"{{ FILTER(?a = <{KENT}>) }} UNION {{ ?a <{LO}partOfArea> <{KENT}> }} "
        f"?p <{LO}locatedIn> ?pa . {{ FILTER(?pa = <{KENT}>) }} UNION {{ ?pa <{LO}partOfArea> <{KENT}> }} }} "
        "ORDER BY ?s LIMIT 1"
    )
    assert rows, "the sample has no Kent service"
    with app_server(settings) as url:
        yield url, settings, rows[0]["s"].value.rsplit("/", 1)[-1], rows[0]["p"].value


def _account(settings, role: str, provider: str | None = None, councils: tuple[str, ...] = ()) -> tuple[str, str]:
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{secrets.token_hex(4)}@approvals-browser.example.org"
    accounts.create_user(open_private_db(settings), email, f"Kent {role}", role, provider, password, councils=councils)
    return email, password


def _signed_in(browser, url: str, email: str, password: str, width: int = 1280):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(url + "/staff/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    return page


def _shot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), full_page=True)


def _at_each_width(page, name: str) -> None:
    """axe-clean at 1280 and 390 px, with a screenshot at each width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        _shot(page, f"{name}-{width}.png")


def test_a_change_waiting_for_approval_and_approved(approvals_site, browser):
    url, settings, slug, provider = approvals_site
    admin = _signed_in(browser, url, *_account(settings, "admin", councils=(KENT,)))
    admin.goto(url + "/staff/approvals/")
    admin.click("button:has-text('Switch on'):has-text('Kent')")
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("changes now wait for approval")
    admin.context.close()

    # the editor saves; the change waits and families still see the page as it was
    words = f"Friendly otters {secrets.token_hex(2)} every Saturday morning."
    editor = _signed_in(browser, url, *_account(settings, "editor", provider))
    editor.goto(url + f"/staff/records/service/{slug}/edit")
    editor.fill("[name='dcterms-description']", words)
    if editor.locator("#checked-whole-record-no").count():
        editor.check("#checked-whole-record-no")
    editor.locator("form:has([name='dcterms-description']) button[type='submit']:not([value='preview'])").first.click()
    editor.wait_for_load_state()
    assert editor.url.endswith("/staff/approvals/mine")
    expect(editor.locator(".govuk-notification-banner")).to_contain_text("waiting for approval")
    expect(editor.locator("main table")).to_contain_text("Waiting for approval")
    editor.goto(url + f"/id/service/{slug}")
    assert "Friendly otters" not in editor.content()

    # the moderator finds it in the queue, reads the comparison and approves it
    moderator = _signed_in(browser, url, *_account(settings, "moderator", councils=(KENT,)))
    moderator.goto(url + "/staff/approvals/")
    link = moderator.locator("main .se7-approval-list a.govuk-link").first
    assert link.count() == 1
    _at_each_width(moderator, "approval-queue")
    moderator.set_viewport_size({"width": 1280, "height": 900})
    link.click()
    moderator.wait_for_load_state()
    table = moderator.locator("table.se7-diff")
    assert "Friendly otters" in table.inner_text()
    inserted = table.locator("ins")
    assert inserted.count() >= 1 and "added:" in inserted.first.inner_text()
    _at_each_width(moderator, "approval-comparison")
    moderator.set_viewport_size({"width": 1280, "height": 900})
    moderator.click("button:has-text('Approve and publish')")
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Approved and published")
    assert "No changes are waiting for approval." in moderator.content()

    editor.goto(url + f"/id/service/{slug}")
    assert words in editor.locator("main").inner_text()

    # the version it became: compared word by word with the one before; then rolled back to the original
    moderator.goto(url + f"/staff/records/service/{slug}/versions")
    _at_each_width(moderator, "versions")
    moderator.set_viewport_size({"width": 1280, "height": 900})
    with moderator.expect_navigation():  # count() below does not wait: the comparison must have loaded
        moderator.click("a:has-text('Version 1')")
    assert moderator.locator("table.se7-diff ins").count() >= 1
    _at_each_width(moderator, "version-comparison")
    moderator.goto(url + f"/staff/records/service/{slug}/versions")
    moderator.click("button:has-text('Roll back to the original version')")
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Rolled back to version 0")
    moderator.context.close()
    editor.goto(url + f"/id/service/{slug}")
    assert "Friendly otters" not in editor.locator("main").inner_text()
    editor.goto(url + "/staff/approvals/mine")
    expect(editor.locator("main table")).to_contain_text("Approved")
    editor.context.close()
