"""Formats and access points (issue 19) in Chromium, served by `graph-app serve`: a family prints My child
(the link works without JavaScript; under print media the site's navigation, search box, footer and buttons
are gone and the list is black on white, each item whole; page.pdf() makes the PDF), a pathway page opens
with its easy read box and names the council's SENDIASS beside the flowchart. No axe-core violations at
1280 and 390 pixels (axe needs JavaScript, so it runs in a page with it on)."""

from __future__ import annotations

import re

import pytest
from axe_check import assert_accessible
from page_boxes import top_of
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

MY_CHILD = "age=7&area=kent&need=autism"
WIDTHS = ((1280, 900), (390, 844))
HIDDEN_ON_PAPER = (
    ".govuk-service-navigation",
    ".se7-search",
    ".govuk-footer",
    ".se7-language-choice",
    ".se7-area-choice",
    ".govuk-back-link",
)


def _accessible_at_both_widths(page, url: str) -> None:
    page.goto(url, timeout=120_000)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)


def _style(page, selector: str, prop: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).{prop}")


def test_a_family_prints_my_child_without_javascript(live_server, page_no_js):
    page = page_no_js
    page.goto(f"{live_server}/my-child?{MY_CHILD}", timeout=120_000)
    page.get_by_role("link", name="Print or save this list").click()
    expect(page.locator("h1")).to_contain_text("Support for a 7 year old in Kent with autism")
    assert page.url.endswith(f"/my-child/print?{MY_CHILD}")
    items = page.locator(".se7-print-item")
    count = items.count()
    assert count > 5
    assert page.locator(".se7-print-button").count() == 0  # no script: the page says to use Print instead
    page.emulate_media(media="print")
    for selector in HIDDEN_ON_PAPER:
        assert not page.locator(selector).first.is_visible(), selector
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".se7-sample-notice")).to_be_visible()  # sample records are on it: said on paper
    expect(page.locator(".se7-sample-strip")).to_be_visible()
    assert page.locator("main").inner_text().count("Phone:") >= 3
    for index in range(count):
        expect(items.nth(index)).to_be_visible()
    assert _style(page, ".se7-print-item", "breakInside") == "avoid"  # a record never splits across pages
    assert _style(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
    assert _style(page, "body", "color") == "rgb(0, 0, 0)"
    assert _style(page, ".se7-header__bar", "backgroundColor") == "rgb(255, 255, 255)"  # no council colour
    printed_on = page.locator("main p", has_text="Printed on").first.inner_text()
    assert re.search(r"Printed on \d{1,2} \w+ \d{4}\.", printed_on)


def test_the_printed_pdf_and_the_print_button(live_server, page):
    page.goto(f"{live_server}/my-child/print?{MY_CHILD}", timeout=120_000)
    button = page.get_by_role("button", name="Print this page")
    expect(button).to_be_visible()  # added by the script on screen
    page.emulate_media(media="print")
    expect(button).to_be_hidden()  # never on paper
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= 20, pages


def test_my_child_itself_prints_without_its_furniture(live_server, page):
    page.goto(f"{live_server}/my-child?{MY_CHILD}", timeout=120_000)
    page.emulate_media(media="print")
    for selector in HIDDEN_ON_PAPER[:5]:
        assert not page.locator(selector).first.is_visible(), selector
    assert not page.locator("main form").first.is_visible()  # "Change your answers" is for the screen
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".govuk-summary-card").first).to_be_visible()
    assert _style(page, ".govuk-summary-card", "breakInside") == "avoid"
    # a link in the content prints its address after it
    after = page.evaluate(
        "getComputedStyle(document.querySelector('main .govuk-summary-card a.govuk-link'), '::after').content"
    )
    assert "/id/" in after, after


def test_a_pathway_opens_with_easy_read_and_names_who_to_call(live_server, page_no_js):
    page = page_no_js
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/id/pathway/care-mental-health?area=kent", timeout=120_000)
    box = page.locator("section.se7-easy-read")
    expect(box.get_by_role("heading", name="Easy read")).to_be_visible()
    assert top_of(box) < top_of(page.locator(".se7-lead").first)
    assert top_of(box) < 844  # on a phone's first screen
    box.locator("summary").click()  # folded to one line, so the answer keeps the first screen
    expect(box.locator("li").nth(4)).to_be_visible()
    box.get_by_role("link", name="Read the full version").click()
    assert page.url.endswith("#full-version")
    talk = page.locator("#talk-it-through")
    expect(talk).to_contain_text("Free, confidential advice from Kent's SENDIASS")
    expect(talk.get_by_role("link", name="Information, Advice and Support Kent (IASK)", exact=True)).to_be_visible()
    assert top_of(talk) < top_of(page.locator("#pathway-steps"))  # before the steps
    page.emulate_media(media="print")
    expect(talk).to_be_visible()  # the number to call stays on paper
    expect(box).to_be_visible()


def test_no_council_chosen_offers_the_choice(live_server, page_no_js):
    page = page_no_js
    page.goto(f"{live_server}/id/pathway/ehc-needs-assessment?area=all", timeout=120_000)
    page.locator("#talk-it-through").get_by_role("link", name="Choose your council to see who to call").click()
    page.wait_for_load_state()
    assert "/area" in page.url


@pytest.mark.parametrize(
    "path",
    [
        f"/my-child/print?{MY_CHILD}",
        "/search/print?q=swimming&area=kent",
        "/id/pathway/care-mental-health?area=kent",
        "/id/heading/ehc-assessment",
    ],
)
def test_accessible(live_server, page, path):
    _accessible_at_both_widths(page, live_server + path)
