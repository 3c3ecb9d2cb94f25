"""The page frame in a real Chromium: no axe-core violations on the home page, the glossary, the area
chooser and an error page; the area chooser works with JavaScript off and the choice persists; the
service navigation collapses into a menu button on a phone when JavaScript runs."""

import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect

PAGES = ["/", "/glossary", "/area", "/no-such-page", "/glossary?lang=pl"]


@pytest.mark.parametrize("path", PAGES)
def test_frame_has_no_axe_violations(live_server, page, path):
    page.goto(live_server + path)
    assert page.locator("h1").count() == 1
    assert page.locator("main#main-content").count() == 1
    assert_accessible(page)


def test_error_page_says_what_went_wrong(live_server, page):
    response = page.goto(live_server + "/id/need/no-such-need")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"


def test_with_an_area_chosen_the_header_has_no_axe_violations(live_server, page):
    page.goto(live_server + "/glossary")
    page.locator("summary", has_text="Choose your area").click()
    page.select_option("#area-choice", "east-sussex")
    page.get_by_role("button", name="Save area").click()
    assert page.url == live_server + "/glossary"
    assert page.locator(".se7-header__area").inner_text().endswith("East Sussex")
    assert_accessible(page)


def test_area_chooser_works_without_javascript_and_persists(live_server, page_no_js):
    page = page_no_js
    page.goto(live_server + "/glossary?lang=en")
    assert page.locator(".se7-header__area").count() == 0
    page.locator("summary", has_text="Choose your area").click()
    page.select_option("#area-choice", "kent")
    page.get_by_role("button", name="Save area").click()
    assert page.url == live_server + "/glossary?lang=en"  # back where the reader was
    assert page.locator(".se7-header__area").inner_text().endswith("Kent")
    for path in ("/", "/id/need/autism", "/no-such-page"):
        page.goto(live_server + path)
        assert page.locator("header.se7-area--kent").count() == 1
        assert page.locator("#area-choice").input_value() == "kent"
    page.goto(live_server + "/area")
    page.get_by_label("All SE7 areas").check()
    page.get_by_role("button", name="Save area").click()
    assert page.locator(".se7-header__area").count() == 0


def test_skip_link_moves_to_main_content(live_server, page):
    page.goto(live_server + "/glossary")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_govuk_frontend_runs_and_the_menu_collapses_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server + "/glossary")
    page.wait_for_selector("body.govuk-frontend-supported", state="attached")  # see page_waits
    toggle = page.locator(".govuk-service-navigation__toggle")
    expect(toggle).to_be_visible()
    assert not page.locator("#navigation").is_visible()
    toggle.click()
    expect(page.get_by_role("link", name="Help for you")).to_be_visible()
    assert errors == []
    context.close()


def test_menu_is_open_without_javascript_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    expect(page.get_by_role("link", name="Glossary", exact=True).first).to_be_visible()
    assert not page.locator(".govuk-service-navigation__toggle").is_visible()
    context.close()
