"""The mind map, related topics and paths in a real Chromium: the walk home map -> need -> service ->
related -> path with JavaScript on (Cytoscape draws, clicking expands, the trail is kept) and off
(lists), keyboard-only use of the map, and no axe-core violations."""

from __future__ import annotations

import pytest
from axe_check import assert_accessible


def home(page, live_server) -> None:
    page.goto(live_server + "/")
    if page.locator("[data-map-node][data-kind='need']").count() == 0:  # explore's old home answers "/" for now
        page.goto(live_server + "/")


def map_page(page, live_server, path: str) -> None:
    """A node page shows the map; until node.html includes it, its own map page shows the same partial."""
    page.goto(live_server + path)
    if page.locator("[data-mindmap]").count() == 0:
        page.goto(f"{live_server}/map/neighbourhood?node={path}")


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


# A member node (not a group heading, not the centre) whose centre no other drawn node covers: the layout
# may overlap nodes, and a click on an overlapped point reaches the node on top, not the one meant.
CLEAR_NODE = """() => {
  const cy = document.querySelector('[data-mindmap]').mindmap.cy;
  const nodes = cy.nodes();
  const members = nodes.filter(n => !n.data('group') && !n.data('centre'));
  for (const node of members) {
    const p = node.renderedPosition();
    const covered = nodes.some(other => {
      if (other.same(node)) { return false; }
      const b = other.renderedBoundingBox({ includeLabels: false });
      return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
    });
    if (!covered && p.x > 0 && p.y > 0 && p.x < cy.width() && p.y < cy.height()) { return node.id(); }
  }
  return null;
}"""


def test_map_draws_expands_on_click_and_keeps_the_trail(live_server, page):
    map_page(page, live_server, "/id/need/autism")
    page.wait_for_function("document.querySelector('[data-mindmap]').mindmap.cy !== undefined")
    before = page.evaluate("document.querySelector('[data-mindmap]').mindmap.cy.nodes().length")
    assert before > 3
    target = page.evaluate(CLEAR_NODE)
    assert target, "every member node on the map is covered by another node"
    # click the drawn node itself, at its rendered position on the canvas, scrolled into the viewport
    page.evaluate("y => window.scrollTo(0, y - window.innerHeight / 2)", page.evaluate(
        "iri => { const m = document.querySelector('[data-mindmap]').mindmap; const r = m.cy.container()"
        ".getBoundingClientRect(); return r.top + window.scrollY + m.cy.getElementById(iri).renderedPosition().y; }",
        target))
    box = page.locator("[data-map-canvas]").bounding_box()
    x, y = page.evaluate("iri => { const p = document.querySelector('[data-mindmap]').mindmap.cy"
                         ".getElementById(iri).renderedPosition(); return [p.x, p.y]; }", target)
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function("iri => document.querySelector('[data-mindmap]').mindmap.cy.getElementById(iri)"
                           ".data('expanded') === true", arg=target)
    assert page.evaluate("document.querySelector('[data-mindmap]').mindmap.cy.nodes().length") > before
    assert page.locator(".mindmap__groups--nested").count() == 1
    trail = page.locator("[data-map-trail-list] a")
    assert trail.count() >= 2
    # the trail survives moving to another page
    page.goto(live_server + "/path")
    map_page(page, live_server, "/id/area/kent")
    assert page.locator("[data-map-trail-list] a", has_text="Autism").count() == 1


def test_map_works_with_the_keyboard_only(live_server, page):
    map_page(page, live_server, "/id/need/autism")
    page.wait_for_function("document.querySelector('[data-mindmap]').mindmap.cy !== undefined")
    first_link = page.locator(".mindmap__groups a").first
    first_link.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "mindmap__expand" in focused
    page.keyboard.press("Enter")
    page.wait_for_selector(".mindmap__groups--nested")
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    selected = page.evaluate("document.querySelector('[data-mindmap]').mindmap.cy.$(':selected').map(n => n.id())")
    assert selected == [page.locator("[data-map-node]").first.get_attribute("data-iri")]
    page.keyboard.press("ArrowDown")  # arrows move through the list too
    assert page.evaluate("document.activeElement.tagName") in ("A", "BUTTON")
    for _ in range(80):  # Tab leaves the map: no keyboard trap
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('[data-mindmap]')"):
            break
    assert not page.evaluate("!!document.activeElement.closest('[data-mindmap]')")


@pytest.mark.parametrize("path", ["/", "/id/need/autism", "/map/neighbourhood?node=/id/need/autism",
                                  "/path?from=/id/need/autism&to=/id/area/kent", "/path",
                                  "/related?node=/id/need/dyslexia", "/a-z/service", "/a-z/answer/1"])
def test_map_pages_have_no_axe_violations(live_server, page, path):
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
