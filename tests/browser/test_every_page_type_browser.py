"""One page of every page type in a real Chromium (issue 14, mobile and accessibility): zero axe-core
violations (WCAG 2.2 AA) at 1280 and 390 px wide; at 320 px the page reflows (WCAG 1.4.10: the document is
no wider than the viewport; a scroll region inside it is allowed) and every visible control is a 24 x 24 px
target or has the spacing WCAG 2.5.8 allows. The URLs are found in the running app (its A-Z and JSON
twins, the My child form), not written down, so a renamed record does not silently drop a page type."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import requests
from axe_check import axe_violations

from graph_app.namespaces import KINDS

PAGE_TYPES = [
    "home",
    "search",
    "search-empty",
    "mychild-form",
    "mychild-result",
    "records",
    "glossary",
    "a-z",
    "related",
    "path",
    "area",
    "gaps",
    "gaps-analysis",
    "report",
    "sparql",
    "dumps",
    "void",
    "vocabulary",
    "comment-form",
    "feedback-form",
    "you-said-we-did",
    "staff-sign-in",
    "standard-pages",
]

# WCAG 2.5.8 in the page: a target is fine when its box is at least 24 x 24 px; an undersized one passes
# when a 24 px circle on its centre touches no other target and no other undersized target's circle.
TAP_TARGETS_JS = r"""
() => {
  const MIN = 24, R = 12;
  const seen = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (el.matches('input[type=hidden]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || !el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // visually hidden until focused (skip links)
    seen.push({el, r});
  }
  const small = seen.filter(t => t.r.width < MIN - 0.01 || t.r.height < MIN - 0.01);
  const centre = t => [t.r.left + t.r.width / 2, t.r.top + t.r.height / 2];
  const distanceToRect = ([x, y], r) =>
    Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const labelHolds = (a, b) => a.el.labels && [...a.el.labels].some(l => l.contains(b.el));
  // a control and its own label, or a target inside another, are one target
  const related = (a, b) => a.el.contains(b.el) || b.el.contains(a.el) || labelHolds(a, b) || labelHolds(b, a);
  const describe = el => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(part + '#' + e.id); break; }
      const cls = [...e.classList].slice(0, 2).join('.');
      if (cls) part += '.' + cls;
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const offenders = [];
  for (const t of small) {
    const c = centre(t);
    const clash = seen.find(o => o !== t && !related(t, o) && (
      distanceToRect(c, o.r) < R - 0.01
      || (small.includes(o) && Math.hypot(c[0] - centre(o)[0], c[1] - centre(o)[1]) < 2 * R - 0.01)));
    if (clash) {
      const text = (t.el.innerText || t.el.value || t.el.getAttribute('aria-label') || '').trim().slice(0, 40);
      offenders.push({selector: describe(t.el), text, size: `${Math.round(t.r.width)}x${Math.round(t.r.height)}`,
                      near: describe(clash.el) + ' "' + (clash.el.innerText || '').trim().slice(0, 30) + '"'});
    }
  }
  return offenders;
}
"""

# What sticks out past the right edge, outside any scroll region (to name the culprit when reflow fails)
OVERFLOW_JS = r"""
() => {
  const width = document.documentElement.clientWidth, out = [];
  const clipped = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && r.width > 0 && !clipped(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map(c => '.' + c).join('');
      out.push(`${name} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 8);
}
"""


def _json(base: str, path: str) -> dict:
    response = requests.get(base + path, timeout=120)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response.json()


def _records(base: str) -> dict[str, str]:
    """One record page per kind that has records in this build: the first entry of each kind's A-Z."""
    found = {}
    for kind in KINDS:
        response = requests.get(f"{base}/a-z/{kind}/1.json", timeout=120)
        if response.status_code == 200 and response.json().get("entries"):
            found[kind] = response.json()["entries"][0]["url"]
    return found


def _mychild_result(browser, base: str) -> str:
    """The address the My child form leads to, filled in as a family would (age, the first council, the
    first need)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/my-child", timeout=120_000)
    form = page.locator("main form")
    form.locator("input[name=age]").fill("7")
    council = form.locator("select[name=area] option").nth(1).get_attribute("value")
    form.locator("select[name=area]").select_option(council)
    form.locator("input[name=need]").first.check(force=True)
    form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()
    url = page.url.removeprefix(base)
    context.close()
    return url


@pytest.fixture(scope="module")
def urls(live_server, browser) -> dict[str, list[str]]:
    base = live_server
    records = _records(base)
    assert {"service", "setting", "need", "pathway", "step"} <= set(records), records
    need_label = _json(base, records["need"] + ".json")
    need_label = need_label.get("label") or need_label.get("page", {}).get("label") or "autism"
    gaps = _json(base, "/gaps.json")
    analysis = gaps["analyses"][0]["name"]
    council = gaps["councils"][0]
    service = records["service"]
    return {
        "home": ["/"],
        "search": ["/search?q=" + quote(str(need_label))],
        "search-empty": ["/search?q=zqxjvwk"],
        "mychild-form": ["/my-child"],
        "mychild-result": [_mychild_result(browser, base)],
        "records": list(records.values()),
        "glossary": ["/glossary"],
        "a-z": ["/a-z/need/1"],
        "related": ["/related?node=" + quote(records["need"])],
        "path": ["/path?from=" + quote(records["need"]) + "&to=" + quote(service)],
        "area": ["/area"],
        "gaps": ["/gaps"],
        "gaps-analysis": [f"/gaps/{analysis}?area={council['slug']}"],
        "report": [council["url"]],
        "sparql": ["/sparql"],
        "dumps": ["/dumps/"],
        "void": ["/.well-known/void"],  # the dataset description, as a browser asks for it
        "vocabulary": ["/def"],
        "comment-form": ["/comments/new?page=" + quote(service)],
        "feedback-form": ["/feedback/new?about=" + quote(service.removeprefix("/id/"))],
        "you-said-we-did": ["/you-said-we-did"],
        "staff-sign-in": ["/staff/login"],
        # issue 16: the pages every council site has, linked from every footer
        "standard-pages": ["/accessibility", "/privacy", "/cookies", "/about-the-data", "/contact?area=kent"],
    }


def _open(browser, base: str, path: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    response = page.goto(base + path, timeout=120_000)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert page.evaluate("document.contentType") == "text/html", f"{path} is not an HTML page"
    return context, page


def _axe(page, path: str) -> dict:
    violations = axe_violations(page)
    return {path: violations} if violations else {}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_axe_violations_at_1280_and_390_and_it_reflows_at_320_with_24px_targets(browser, live_server, urls, kind):
    """One visit a page: axe at 1280 px, then the same page narrowed to 390 px for axe again, then to 320 px
    (the CSS answers a resize as a load; opening each page once per width took minutes of the suite for
    nothing more)."""
    wide, found, problems = {}, {}, {}
    for path in urls[kind]:
        context, page = _open(browser, live_server, path, 1280)
        try:
            wide |= _axe(page, path)
            page.set_viewport_size({"width": 390, "height": 900})
            assert page.evaluate("document.documentElement.clientWidth") == 390, path  # the resize took
            found |= _axe(page, path)
            page.set_viewport_size({"width": 320, "height": 900})
            assert page.evaluate("document.documentElement.clientWidth") == 320, path
            width = page.evaluate("document.documentElement.scrollWidth")
            offenders = page.evaluate(TAP_TARGETS_JS)
            if width > 320:
                problems[path] = {"scrollWidth": width, "sticking out": page.evaluate(OVERFLOW_JS)}
            if offenders:
                problems.setdefault(path, {})["targets under 24 px"] = offenders
        finally:
            context.close()
    assert wide == {}, "axe at 1280 px: " + json.dumps(wide, indent=1)
    assert found == {}, "axe at 390 px: " + json.dumps(found, indent=1)
    assert problems == {}, "at 320 px: " + json.dumps(problems, indent=1)
