"""In Chromium: a provider editor edits a service, fails validation, corrects it, saves, and the change shows in
search; a second editor's stale save is refused with a message; another provider's record is 403; an editor adds
a school, choosing its type after being told to. axe-core checks the dashboard, the edit form with its errors
shown and the version compare page. The app runs as
`graph-app serve` on a copy of the build, since saving changes the store."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from live_helpers import LO, copy_build, current_store
from playwright.sync_api import expect
from server_process import app_server
from staff_helpers import make_staff

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def editing_site(built, tmp_path_factory):
    settings = copy_build(built, tmp_path_factory.mktemp("editing-browser") / "data")
    with app_server(settings) as url:
        store = current_store(settings)
        rows = store.select(
            f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; "
            f"<{LO}providedBy> ?provider }} ORDER BY ?provider ?service"
        )
        firsts: dict[str, str] = {}
        for row in rows:
            firsts.setdefault(row["provider"].value, row["service"].value.rsplit("/", 1)[-1])
        (provider, slug), (_, other) = list(firsts.items())[:2]
        yield url, settings, provider, slug, other


def _sign_in(page, url: str, settings, provider: str) -> str:
    user, password = make_staff(settings, "editor", provider)
    page.goto(url + "/staff/login")
    page.fill("#email", user.email)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    return user.name


def test_an_editor_fixes_validation_errors_saves_and_finds_the_change_in_search(editing_site, page):
    url, settings, provider, slug, _ = editing_site
    _sign_in(page, url, settings, provider)
    page.goto(url + "/staff/records/")
    assert page.locator(f"a[href='/staff/records/service/{slug}/tasks']").count() == 1  # its task list (issue 18)
    assert_accessible(page)

    page.click(f"a[href='/staff/records/service/{slug}/tasks']")
    page.click(f"a[href='/staff/records/service/{slug}/edit']")  # every part on one page
    page.fill("#rdfs-label", "")
    page.fill("#lo-minAge", "five")
    page.fill("#dcterms-description", "Swimming with a friendly narwhal puppet every Friday.")
    page.check("#checked-whole-record")  # "Did you check the whole record?" Yes (issue 18)
    page.click("button:has-text('Save and publish')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.locator("#rdfs-label-error").is_visible() and page.locator("#lo-minAge-error").is_visible()
    assert page.input_value("#lo-minAge") == "five"  # what was typed is kept
    assert page.input_value("#dcterms-description") == "Swimming with a friendly narwhal puppet every Friday."
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.click(".govuk-error-summary a[href='#rdfs-label']")
    assert page.evaluate("document.activeElement.id") == "rdfs-label"

    page.fill("#rdfs-label", "Narwhal swimming club")
    page.fill("#lo-minAge", "5")
    assert page.is_checked("#checked-whole-record")  # the answer is kept with the rest of the form
    page.click("button:has-text('Save and publish')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    # "Still correct" (issue 18): a read-only review of every field, then a confirm button
    page.click(f"a[href='/staff/records/service/{slug}/reviewed']")
    expect(page.locator("#record-fields")).to_contain_text("Narwhal swimming club")
    assert page.locator("#record-fields input, #record-fields textarea, #record-fields select").count() == 0
    assert_accessible(page)
    page.click("button:has-text('Yes, it is all still correct')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as checked today")
    page.goto(url + "/search?q=narwhal")
    assert page.locator(f"main a[href='/id/service/{slug}']").count() >= 1
    page.goto(url + f"/id/service/{slug}")
    expect(page.locator("h1")).to_contain_text("Narwhal swimming club")
    page.goto(url + f"/staff/records/service/{slug}/versions")
    assert_accessible(page)
    with page.expect_navigation():  # count() below does not wait: the comparison must have loaded
        page.click("a:has-text('Version 1')")
    assert page.locator("text=Narwhal swimming club").count() >= 1
    assert_accessible(page)


def test_a_second_editors_stale_save_is_refused_with_a_message(editing_site, browser):
    url, settings, provider, slug, _ = editing_site
    first, second = browser.new_context().new_page(), browser.new_context().new_page()
    first_name = _sign_in(first, url, settings, provider)
    _sign_in(second, url, settings, provider)
    for editor in (first, second):
        editor.goto(url + f"/staff/records/service/{slug}/edit")
    first.fill("#dcterms-description", "The first editor's version.")
    first.check("#checked-whole-record-no")
    first.click("button:has-text('Save and publish')")
    expect(first.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    second.fill("#dcterms-description", "The second editor's version.")
    second.check("#checked-whole-record-no")
    second.click("button:has-text('Save and publish')")
    message = second.locator("#stale-message").inner_text()
    assert f"{first_name} saved a change to this record" in message
    assert second.input_value("#dcterms-description") == "The second editor's version."
    assert_accessible(second)
    second.goto(url + f"/id/service/{slug}")
    assert "The first editor's version." in second.content()
    first.context.close()
    second.context.close()


def test_an_editor_cannot_change_another_providers_record(editing_site, page):
    url, settings, provider, _, other = editing_site
    _sign_in(page, url, settings, provider)
    response = page.goto(url + f"/staff/records/service/{other}/edit")
    assert response.status == 403
    expect(page.locator("h1")).to_contain_text("You cannot see this page")


def test_an_editor_adds_a_school_choosing_its_type_after_an_error(editing_site, page):
    url, settings, _, _, _ = editing_site
    row = current_store(settings).select(
        f"SELECT ?provider WHERE {{ ?s a <{LO}Setting> ; <{LO}runBy> ?provider }} ORDER BY ?provider LIMIT 1"
    )[0]
    _sign_in(page, url, settings, row["provider"].value)
    page.goto(url + "/staff/records/")
    page.click("a:has-text('Add a new early years setting, school or college')")
    expect(page.locator("#task-list")).to_be_visible()  # a new record's task list (issue 18)
    page.goto(url + "/staff/records/new/setting")  # here, every part on one page
    page.fill("#rdfs-label", "Pangolin Lane School")
    page.fill("#dcterms-description", "A small school with a pangolin mascot and a calm base for pupils.")
    page.fill("#lo-minAge", "4")
    page.fill("#lo-maxAge", "11")
    page.select_option("#lo-locatedIn", index=1)  # one place (issue 18: a list grouped by council)
    for first_choice in ("#lo-inLocalOfferOf", "#lo-usesQuestionSet", "#lo-hasContact"):
        page.check(first_choice)
    page.click("button:has-text('Save and publish')")
    # no type chosen: the error is next to the radios, and what was typed is kept
    for error in ("#type-SettingPhase-error", "#type-SettingKind-error"):
        expect(page.locator(error)).to_be_visible()
    assert page.input_value("#rdfs-label") == "Pangolin Lane School"
    assert page.input_value("#lo-locatedIn")
    assert_accessible(page)
    page.click(".govuk-error-summary a[href='#type-SettingPhase']")
    assert page.evaluate("document.activeElement.id") == "type-SettingPhase"

    page.get_by_label("School", exact=True).check()
    page.get_by_label("Specialist setting", exact=True).check()
    page.click("button:has-text('Save and publish')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved and published")
    page.goto(url + "/search?q=pangolin")
    page.click("main a[href='/id/setting/pangolin-lane-school']")
    expect(page.locator("h1")).to_contain_text("Pangolin Lane School")
    assert page.locator("main", has_text="Special school").count() == 1
