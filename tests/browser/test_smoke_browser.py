"""Pages render in a real Chromium, with and without JavaScript, with no axe-core violations."""

import pytest
from axe_check import assert_accessible, axe_violations
from playwright.sync_api import expect

PAGES = ["/", "/id/need/autism", "/kinds/service", "/search?q=autistic"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(live_server, page, path):
    page.goto(live_server + path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_home_to_need_to_service_without_javascript(live_server, page_no_js):
    page_no_js.goto(live_server + "/")
    page_no_js.get_by_role("link", name="Communication and interaction", exact=True).click()
    page_no_js.get_by_role("link", name="Autism", exact=True).first.click()
    assert page_no_js.locator("h1").inner_text() == "Autism"
    page_no_js.locator("a[href^='/id/service/']").first.click()
    expect(page_no_js.locator("body")).to_contain_text("Invented sample record")


def test_the_axe_check_reports_every_violating_node(live_server, page):
    """axe_check runs axe with resultTypes=violations (for speed): each violating node is still reported."""
    page.goto(live_server + "/glossary")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        for (let i = 0; i < 3; i++) {
            const img = document.createElement('img');
            img.src = '/none.png';
            main.append(img);
        }
        main.append(document.createElement('button'));
    }""")
    found = {v["id"]: len(v["nodes"]) for v in axe_violations(page)}
    assert found["image-alt"] == 3 and found["button-name"] == 1, found
