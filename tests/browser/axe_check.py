"""axe-core accessibility checks for browser tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and axe's best practices. resultTypes: every violating node is still reported in full; the
# passes, incomplete and inapplicable lists (never read here) keep one node per rule, which spares axe a
# CSS selector for every node of the page: 3 to 5 times faster on long pages (bench/test_suite_time.md)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@cache
def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8") + "\n;0"


# What Chromium says when axe is evaluated in a document that a click's navigation is replacing
# (the old document is gone, the new one not yet there): the check must wait and run on the new page
_MID_NAVIGATION = ("Execution context was destroyed", "reading 'documentElement'", "navigat")


def _run_axe(page) -> dict:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluated through the DevTools protocol, so a strict
    Content-Security-Policy on the page does not block it; injected once per document).
    A test may call it straight after a click that navigates: it waits for the new
    document to load, and runs again if the document was replaced while axe ran."""
    for attempt in range(4):
        page.wait_for_load_state("load")
        try:
            result = _run_axe(page)
            break
        except PlaywrightError as error:
            if attempt == 3 or not any(sign in str(error) for sign in _MID_NAVIGATION):
                raise
            page.wait_for_timeout(100)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
