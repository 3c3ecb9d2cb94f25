"""Answer-first record pages (issue 14) in a real Chromium: a sample service's and setting's answer part is
short and quick to tab through at 1280 px, the contact is on the first screen, the professionals'
disclosure works without JavaScript, statutory steps name the chosen council's contact (or ask for a
council), and the changed page kinds have no axe-core violations at 1280 and 390 px."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible

WIDE, NARROW = 1280, 390
FIRST_SCREEN = 900  # px: a laptop's window at 1280 wide
MAX_ANSWER_HEIGHT = 2500  # px, from the top of the page to the end of the closed professionals' disclosure
MAX_TAB_STOPS = 40  # before that disclosure
KINDS = {"service": "/kinds/service", "setting": "/kinds/setting"}


def _first(page, base: str, kind: str) -> str:
    page.goto(base + KINDS[kind])
    return page.locator(f"main a[href^='/id/{kind}/']").first.get_attribute("href")


def _tabs_to_disclosure(page) -> int:
    """Press Tab from the top until the disclosure's summary has focus; the number of presses."""
    page.locator("body").focus()
    for count in range(1, 200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#connections > summary')"):
            return count
    raise AssertionError("the disclosure was never reached by keyboard")


@pytest.mark.parametrize("kind", list(KINDS))
def test_answer_part_is_short_and_quick_to_tab_through(live_server, browser, kind):
    context = browser.new_context(viewport={"width": WIDE, "height": FIRST_SCREEN})
    page = context.new_page()
    page.goto(live_server + _first(page, live_server, kind))
    disclosure = page.locator("#connections")
    assert disclosure.evaluate("d => d.tagName === 'DETAILS' && !d.open")
    bottom = page.evaluate(
        "() => { const r = document.querySelector('#connections').getBoundingClientRect();"
        " return r.bottom + window.scrollY; }"
    )
    full = page.evaluate("document.documentElement.scrollHeight")
    # a setting's answers to the SE7 questions beside the area-wide offer are its own long section (shown
    # once, linkless): the target holds for everything else on its page
    answers = page.evaluate(
        "() => { const a = document.querySelector('.se7-answers-section');"
        " return a ? a.getBoundingClientRect().height : 0; }"
    )
    stops = _tabs_to_disclosure(page)
    print(
        f"{kind}: answer part {bottom:.0f} px (of which SE7 answers {answers:.0f} px), whole page {full} px, "
        f"{stops} tab stops before the disclosure"
    )
    limit = MAX_ANSWER_HEIGHT + (answers if kind == "setting" else 0)
    assert bottom <= limit, f"{kind}: the answer part is {bottom:.0f} px tall"
    assert stops <= MAX_TAB_STOPS, f"{kind}: {stops} tab stops before the disclosure"
    # no graph-noise groups outside the disclosure, and answers only in their own section
    outside = page.evaluate("""() => [...document.querySelectorAll('main h2, main h3')]
        .filter(h => !h.closest('#connections')).map(h => h.textContent)""")
    assert not [h for h in outside if "comes from" in h or "In the list of" in h], outside
    context.close()


def test_a_services_contact_is_on_the_first_screen(live_server, browser):
    context = browser.new_context(viewport={"width": WIDE, "height": FIRST_SCREEN})
    page = context.new_page()
    page.goto(live_server + _first(page, live_server, "service"))
    phone = page.locator("#summary-heading ~ dl a[href^='tel:']").first
    assert phone.is_visible()
    assert phone.bounding_box()["y"] + phone.bounding_box()["height"] <= FIRST_SCREEN
    next_steps = page.locator("#next-steps-heading ~ ul li")
    assert 3 <= next_steps.count() <= 5
    context.close()


def test_the_disclosure_opens_without_javascript(live_server, page_no_js):
    page_no_js.goto(live_server + _first(page_no_js, live_server, "service"))
    group = page_no_js.locator("#connections .se7-link-group").first
    assert not group.is_visible()
    page_no_js.locator("#connections > summary").click()
    assert group.is_visible()


def test_a_statutory_step_names_the_chosen_councils_contact(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + "/id/step/ehc-01-request")
    ask = page.get_by_role("link", name="Choose your council to see who to write to")
    assert ask.is_visible()
    ask.click()
    page.locator("#area-medway").check()
    page.get_by_role("button", name="Save area").click()
    assert page.url.endswith("/id/step/ehc-01-request")  # back where the family was
    box = page.locator("section[aria-labelledby='local-contact-heading']")
    assert "Who to contact in Medway" in box.inner_text()
    assert box.locator("a[href^='http']").count() >= 1
    assert "Not yet checked by the council" in box.inner_text()
    context.close()


PAGES = {
    "service": "/kinds/service",
    "setting": "/kinds/setting",
    "need": "/id/need/anxiety",
    "step": "/id/step/ehc-01-request",
    "topic": "/id/heading/education",
    "question": "/id/question/parent-carer-01",
    "pathway": "/id/pathway/resolving-disagreements",
    "stage": "/id/resolution-stage/appeal-to-tribunal",
    "provider": "/kinds/provider",
}


@pytest.mark.parametrize("width", [WIDE, NARROW])
@pytest.mark.parametrize("kind", list(PAGES))
def test_changed_record_pages_have_no_axe_violations(live_server, browser, kind, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    path = PAGES[kind]
    if path.startswith("/kinds/"):
        page.goto(live_server + path)
        path = page.locator(f"main a[href^='/id/{kind}/']").first.get_attribute("href")
    page.goto(live_server + path)
    assert page.locator("h1").count() == 1
    page.locator("#connections > summary").click()  # check what the disclosure holds as well
    assert_accessible(page)
    context.close()
