"""The mind map, related topics and paths in a real Chromium: the walk home map -> need -> service ->
related -> path with JavaScript on (the picture is drawn, clicking expands, the trail is kept) and off
(lists), keyboard-only use of the map, and no axe-core violations.
The picture is measured: label boxes never overlap (on load and after two expansions, at 1280 and 390 px),
labels are never under 12 px, the layout is the same on two loads, and an expansion moves nothing drawn."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible
from playwright.sync_api import expect


def home(page, live_server) -> None:
    page.goto(live_server + "/")
    if page.locator("[data-map-node][data-kind='need']").count() == 0:  # explore's old home answers "/" for now
        page.goto(live_server + "/")


def map_page(page, live_server, path: str) -> None:
    """A node page shows the map; until node.html includes it, its own map page shows the same partial."""
    page.goto(live_server + path)
    if page.locator("[data-mindmap]").count() == 0:
        page.goto(f"{live_server}/map/neighbourhood?node={path}")
    elif page.locator("#connections:not([open]) [data-mindmap]").count():  # a record keeps it under "All connections"
        page.locator("#connections > summary").click()


def walk(page, live_server) -> None:
    home(page, live_server)
    page.locator(".mindmap__groups a", has_text="Communication and interaction").first.click()
    assert page.locator("h1").inner_text() == "Communication and interaction"
    page.locator("a[href^='/id/service/']").first.click()
    service = page.url.split("/id/", 1)[1]
    assert "/id/service/" in page.url
    page.goto(f"{live_server}/related?node=/id/{service}")
    related = page.locator(".related__list li").first
    assert "hares:" in related.inner_text() or "linked" in related.inner_text()
    with page.expect_navigation():
        related.get_by_role("link", name="How is this connected").click()
    assert page.locator(".path-chain__node").count() >= 2
    assert page.locator(".path-chain__node a").first.get_attribute("href") == f"/id/{service}"


def test_walk_with_javascript(live_server, page):
    walk(page, live_server)


def test_walk_without_javascript(live_server, page_no_js):
    walk(page_no_js, live_server)
    home(page_no_js, live_server)
    assert page_no_js.locator("[data-map-picture]").is_hidden()
    assert page_no_js.locator(".mindmap__expand").count() == 0  # the list alone, with plain links


MAP = "document.querySelector('[data-mindmap]').mindmap"
# every drawn label's box as rendered (CSS px, relative to the stage), with its node's full name and font size
LABEL_BOXES = """() => {
  const stage = document.querySelector('[data-map-canvas]').getBoundingClientRect();
  return [...document.querySelectorAll('[data-map-canvas] [data-map-box]')].map(box => {
    const label = box.querySelector('.mindmap__label');
    const r = label.getBoundingClientRect();
    return {key: box.dataset.col + ':' + box.dataset.row, name: box.title, x: r.left - stage.left,
            y: r.top - stage.top, w: r.width, h: r.height, font: parseFloat(getComputedStyle(label).fontSize),
            button: (b => [b.left - stage.left, b.top - stage.top, b.width, b.height])(box.getBoundingClientRect())};
  });
}"""


def label_boxes(page) -> list[dict]:
    return page.evaluate(LABEL_BOXES)


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of labels (and of node boxes) whose rectangles intersect."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            for ra, rb in (
                ((a["x"], a["y"], a["w"], a["h"]), (b["x"], b["y"], b["w"], b["h"])),
                (a["button"], b["button"]),
            ):
                if ra[0] < rb[0] + rb[2] and rb[0] < ra[0] + ra[2] and ra[1] < rb[1] + rb[3] and rb[1] < ra[1] + ra[3]:
                    found.append((a["name"], b["name"]))
    return found


def expandable(page) -> list[str]:
    """Drawn record nodes not yet expanded (keys col:row), in drawing order."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-map-canvas] [data-map-box][data-iri]')]
        .filter(b => !b.dataset.expanded && !b.classList.contains('mindmap__node--centre'))
        .map(b => b.dataset.col + ':' + b.dataset.row)""")


def expand(page, key: str) -> None:
    col, row = key.split(":")
    box = page.locator(f"[data-map-canvas] [data-map-box][data-col='{col}'][data-row='{row}']")
    box.scroll_into_view_if_needed()
    box.click()
    try:
        page.wait_for_selector(f"[data-map-box][data-col='{col}'][data-row='{row}'][data-expanded='true']")
    except Exception as error:
        raise AssertionError(f"{key} was not expanded: {page.locator('[role=status]').all_inner_texts()}") from error


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
@pytest.mark.parametrize("path", ["/id/need/autism", "/"])
def test_map_labels_readable_stable_and_never_overlapping(browser, live_server, width, height, path):
    def load():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        map_page(page, live_server, path)
        page.wait_for_selector("[data-map-canvas] [data-map-box]")
        return context, page

    context, page = load()
    try:
        first = label_boxes(page)
        assert len(first) > 5
        assert overlaps(first) == []
        assert min(b["font"] for b in first) >= 12
        assert all(b["w"] > 0 and b["h"] > 0 for b in first)
        # at most six children drawn per node ("+n more" stands for the rest)
        per_parent = page.evaluate(MAP + ".nodes.map(n => n.children.length)")
        assert max(per_parent) <= 6
        # labels are cut to their box, with the full name on hover (title) and on focus (the panel)
        assert all(b["x"] + b["w"] <= b["button"][0] + b["button"][2] + 0.5 for b in first)
        page.locator("[data-map-box]").nth(1).focus()
        name = page.locator("[data-map-box]").nth(1).get_attribute("title")
        assert page.locator("[data-map-selected-name]").inner_text() == name
        # two expansions: only new nodes are placed; what was drawn stays where it was; still no overlap
        for _ in range(2):
            before = {b["key"]: (b["x"], b["y"], b["name"], b["button"]) for b in label_boxes(page)}
            count = len(before)
            expand(page, expandable(page)[0])
            after_boxes = label_boxes(page)
            after = {b["key"]: (b["x"], b["y"], b["name"], b["button"]) for b in after_boxes}
            assert len(after) > count
            assert all(after[key] == value for key, value in before.items()), "an expansion moved a drawn node"
            assert overlaps(after_boxes) == []
            assert min(b["font"] for b in after_boxes) >= 12
        # the same layout on a second load
        context2, page2 = load()
        try:
            assert label_boxes(page2) == first
        finally:
            context2.close()
    finally:
        context.close()


def test_open_page_action_and_more_node(live_server, page):
    page.goto(live_server + "/")
    page.wait_for_selector("[data-map-canvas] [data-map-box]")
    more = page.locator("[data-map-box].mindmap__node--more")
    assert more.count() >= 1, "the home map has more than six groups: a '+n more' node stands for the rest"
    drawn = page.locator("[data-map-box]").count()
    more.first.click()
    assert page.locator("[data-map-box]").count() > drawn
    member = page.locator("[data-map-box][data-iri^='http']").first
    name = member.get_attribute("title")
    member.focus()
    open_page = page.locator("[data-map-open]")
    expect(open_page).to_be_visible()
    open_page.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == name


def test_only_opened_pages_go_into_the_trail(live_server, page):
    map_page(page, live_server, "/id/need/autism")
    page.wait_for_selector("[data-map-canvas] [data-map-box]")
    expand(page, expandable(page)[0])
    trail = [a.get_attribute("href") for a in page.locator("[data-map-trail-list] a").all()]
    assert trail == ["/id/need/autism"], "expanding a node is not visiting its page"
    page.goto(live_server + "/")
    page.goto(live_server + "/map/neighbourhood?node=/id/area/kent")  # the map of Kent is not Kent's page
    trail = [a.get_attribute("href") for a in page.locator("[data-map-trail-list] a").all()]
    assert trail == ["/id/need/autism"]


def test_map_picture_is_one_tab_stop_with_arrow_keys(live_server, page):
    map_page(page, live_server, "/id/need/autism")
    page.wait_for_selector("[data-map-canvas] [data-map-box]")
    assert page.locator("[data-map-canvas] [tabindex='0']").count() == 1
    page.locator("[data-map-canvas] [tabindex='0']").focus()
    centre = page.evaluate("document.activeElement.title")
    page.keyboard.press("ArrowRight")  # to the first group
    page.keyboard.press("ArrowRight")  # to its first member
    member = page.evaluate("document.activeElement.title")
    assert member != centre and page.locator("[data-map-selected-name]").inner_text() == member
    page.keyboard.press("Enter")  # expands it beside itself
    page.wait_for_selector("[data-map-box][data-expanded='true']")
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.title") == centre
    assert page.locator("[data-map-canvas] [tabindex='0']").count() == 1


def test_map_works_with_the_keyboard_only(live_server, page):
    map_page(page, live_server, "/id/need/autism")
    page.wait_for_selector("[data-map-canvas] [data-map-box]")
    first_link = page.locator(".mindmap__groups a").first
    first_link.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "mindmap__expand" in focused
    page.keyboard.press("Enter")
    page.wait_for_selector(".mindmap__groups--nested")
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    selected = page.locator("[data-map-box].mindmap__node--selected").get_attribute("data-iri")
    assert selected == page.locator("[data-map-node]").first.get_attribute("data-iri")
    page.keyboard.press("ArrowDown")  # arrows move through the list too
    assert page.evaluate("document.activeElement.tagName") in ("A", "BUTTON")
    for _ in range(80):  # Tab leaves the map: no keyboard trap
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('[data-mindmap]')"):
            break
    assert not page.evaluate("!!document.activeElement.closest('[data-mindmap]')")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/id/need/autism",
        "/map/neighbourhood?node=/id/need/autism",
        "/path?from=/id/need/autism&to=/id/area/kent",
        "/path",
        "/related?node=/id/need/dyslexia",
        "/a-z/service",
        "/a-z/answer/1",
    ],
)
def test_map_pages_have_no_axe_violations(live_server, page, path):
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_accessible(page)


# ---- touch: the page scrolls until the map is deliberately entered ---------------------------------


def swipe(page, cdp, x: float, y: float, dx: float, dy: float) -> None:
    """A real touch swipe through Chromium's input pipeline (CDP touch events, as a finger sends them;
    Input.synthesizeScrollGesture did not move this headless page at all, even away from the map)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x + dx * i / 10, "y": y + dy * i / 10}]},
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(500)  # the fling settles


def test_a_swipe_over_the_map_scrolls_the_page_until_the_map_is_entered(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 700}, has_touch=True)
    page = context.new_page()
    try:
        home(page, live_server)
        viewport = page.locator("[data-map-viewport]")
        viewport.wait_for()
        button = page.locator("[data-map-explore]")
        assert button.inner_text() == "Explore the map" and button.get_attribute("aria-pressed") == "false"
        assert viewport.evaluate("v => getComputedStyle(v).touchAction") == "pan-y"
        assert viewport.evaluate("v => getComputedStyle(v).overflowX") == "hidden"
        cdp = context.new_cdp_session(page)

        def over_map() -> tuple[float, float]:
            viewport.evaluate("v => v.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(200)
            box = viewport.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + 150
            assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('[data-map-viewport]') !== null")
            return x, y

        x, y = over_map()
        before = page.evaluate("window.scrollY")
        swipe(page, cdp, x, y, 0, -200)  # finger moves up, starting over the map: the page scrolls down
        assert page.evaluate("window.scrollY") > before + 100, "the swipe over the map did not scroll the page"
        x, y = over_map()
        swipe(page, cdp, x, y, -200, 0)  # sideways over the inactive map: nothing inside it moves
        assert viewport.evaluate("v => v.scrollLeft") == 0

        # the control: a map that captured touches (touch-action: none) keeps the page still, so the
        # measurement above can fail
        viewport.evaluate("v => { v.style.touchAction = 'none'; }")
        x, y = over_map()
        before = page.evaluate("window.scrollY")
        swipe(page, cdp, x, y, 0, -200)
        assert abs(page.evaluate("window.scrollY") - before) < 5
        viewport.evaluate("v => { v.style.touchAction = ''; }")

        # entered: the sideways scroller is back
        # (waited for, not read at once: under load the tap's handler runs after the next line would)
        button.scroll_into_view_if_needed()
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_have_text("Stop exploring the map")
        expect(viewport).to_have_css("overflow-x", "auto")
    finally:
        context.close()


def test_map_fetches_carry_the_pages_context(live_server, page):
    """The map of a page opened with ?area=medway&need=autism asks for a node's links with the same
    context (read from the page, not the cookie: the browser has none), and the links it adds keep it."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/map/neighbourhood.json" in request.url else None)
    page.goto(live_server + "/map/neighbourhood?node=/id/area/kent&area=medway&need=autism")
    assert page.locator("body").get_attribute("data-context") == "area=medway&need=autism"
    page.wait_for_selector("[data-map-canvas] [data-map-box]")
    expand(page, expandable(page)[0])
    assert asked, "expanding a node fetched its links"
    assert all("area=medway" in url and "need=autism" in url for url in asked), asked
    added = page.locator(".mindmap__groups--nested a[href^='/id/']")
    assert added.count() > 0
    assert all("area=medway" in (href or "") for href in (a.get_attribute("href") for a in added.all()))


def test_path_suggestions_carry_the_pages_context(live_server, page):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/search/suggest" in request.url else None)
    page.goto(live_server + "/path?area=medway")
    page.locator("#path-from").press_sequentially("autis")
    page.wait_for_selector("#path-from-suggestions option", state="attached")
    assert asked and all("area=medway" in url for url in asked), asked
    labels = page.evaluate("[...document.querySelectorAll('#path-from-suggestions option')].map(o => o.label)")
    assert any(label.endswith("(Need)") for label in labels), labels  # families' names for kinds
