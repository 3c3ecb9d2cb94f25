"""'My child' in a real Chromium: fill in the form and follow a result, with and without JavaScript,
and no axe-core violations on the empty form, the error state and the map."""

import pytest
from axe_check import assert_accessible


def fill_and_submit(page, base: str) -> None:
    page.goto(base + "/my-child")
    page.fill("#age", "7")
    page.select_option("#area", "kent")
    page.check("#need-autism")
    page.get_by_role("button", name="Show my child's map").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False])
def test_fill_the_form_and_follow_a_result(live_server, page, page_no_js, javascript):
    browser_page = page if javascript else page_no_js
    fill_and_submit(browser_page, live_server)
    assert "age=7" in browser_page.url and "area=kent" in browser_page.url and "need=autism" in browser_page.url
    assert "7 year old in Kent with autism" in browser_page.locator("h1").inner_text()
    assert browser_page.locator("#without-assessment").count() == 1
    service = browser_page.locator("#without-assessment ~ * a[href^='/id/service/']").first
    name = service.inner_text()
    service.click()
    browser_page.wait_for_load_state()
    assert "/id/service/" in browser_page.url
    assert browser_page.locator("h1").inner_text().strip() == name.strip()


def test_errors_link_to_the_field_and_keep_the_input(live_server, page_no_js):
    page_no_js.goto(live_server + "/my-child")
    page_no_js.fill("#age", "seven")
    with page_no_js.expect_navigation():  # without JavaScript the form is sent and the page comes back
        page_no_js.get_by_role("button", name="Show my child's map").click()
    summary = page_no_js.locator(".govuk-error-summary")
    assert summary.count() == 1
    assert page_no_js.input_value("#age") == "seven"
    summary.get_by_role("link", name="Age must be a whole number of years, like 7").click()
    assert page_no_js.url.endswith("#age")


@pytest.mark.parametrize(
    "path",
    [
        "/my-child",
        "/my-child?age=seven&area=atlantis",
        "/my-child?age=7&area=kent&need=autism",
        "/my-child?age=16&area=tunbridge-wells&need=mental-health&need=not-sure",
        "/my-child/settings?age=7&area=kent&need=not-sure",
        "/my-child?for=child&age=4&area=surrey&need=speech-language-communication",
        "/my-child?for=me&age=19&area=kent&need=moderate-learning-difficulty",
    ],
)
def test_my_child_pages_have_no_axe_violations(live_server, page, path):
    page.goto(live_server + path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)
