"""The answer on a phone's first screen (issue 14), in a real Chromium at 390 x 844 with the council chosen
through the address: a topic's first local service, the first search result and My child's summary start
within the first 844 px, the search filters come after the results behind a "Filters (n)" toggle that
opens without JavaScript, and My child's privacy note follows its summary."""

from __future__ import annotations

import pytest
from page_boxes import top_of
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
FIRST_SCREEN = PHONE["height"]

# (page, what must start on the first screen): a topic's services in the chosen council, the first search
# result of the list (a guessed need's services are results too; a best match above them does not count),
# and My child's summary with its first line
ANSWERS = {
    "topic-education-kent": ("/id/heading/education?area=kent", ".se7-topic-local .se7-link-list a"),
    "topic-short-breaks-west-sussex": (
        "/id/heading/short-breaks?area=west-sussex",
        ".se7-topic-local .se7-link-list a",
    ),
    "search-speech-therapy-kent": ("/search?q=speech+therapy&area=kent", ".search-result a"),
    "search-autism-medway": ("/search?q=autism&area=medway", ".search-result a"),
    "search-after-school-club-surrey": (
        "/search?q=after+school+club&area=surrey",
        ".search-result a",
    ),
    "my-child-kent": ("/my-child?age=7&area=kent&need=autism", "#summary ~ ul li"),
    "my-child-for-me-surrey": (
        "/my-child?for=me&age=19&area=surrey&need=moderate-learning-difficulty",
        "#summary ~ ul li",
    ),
}


def _top(page, selector: str) -> float:
    """The page y of the first visible element matching the selector."""
    found = page.evaluate(
        """selector => {
            const el = [...document.querySelectorAll(selector)].find(e => e.getClientRects().length);
            return el ? el.getBoundingClientRect().top + window.scrollY : null;
        }""",
        selector,
    )
    assert found is not None, f"nothing visible matches {selector}"
    return found


@pytest.mark.parametrize("case", list(ANSWERS))
def test_the_answer_starts_on_a_phones_first_screen(live_server, browser, case):
    path, selector = ANSWERS[case]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")  # GOV.UK Frontend folds the menu once its module has run
    top = _top(page, selector)
    print(f"{case}: {selector} starts at {top:.0f} px")
    assert top < FIRST_SCREEN, f"{case}: the answer ({selector}) starts at {top:.0f} px, below the first screen"
    context.close()


def test_search_results_come_before_the_filters_which_open_without_javascript(live_server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search?q=speech+therapy&area=kent")
    toggle = page.locator("details.search-filters-toggle")
    assert toggle.locator("summary").inner_text().startswith("Filters (")
    assert _top(page, ".search-result a") < _top(page, "details.search-filters-toggle")
    area = page.locator("#filter-area")
    assert not area.is_visible()
    toggle.locator("summary").click()
    expect(area).to_be_visible()
    context.close()


def test_my_childs_privacy_note_follows_its_summary(live_server, page):
    page.goto(live_server + "/my-child?age=7&area=kent&need=autism")
    note = page.get_by_text("Nothing you entered is stored")
    expect(note).to_be_visible()
    assert _top(page, "#summary") < top_of(note)
