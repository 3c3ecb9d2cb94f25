"""Browser tests never wait with Playwright's `wait_for_function`: it builds its predicate with `new Function`,
which the app's Content-Security-Policy (no 'unsafe-eval') refuses in Chromium 156 (seen first in CI).
They wait for a selector, or poll with tests/browser/page_waits.wait_until."""

from __future__ import annotations

import re
from pathlib import Path

BROWSER_TESTS = Path(__file__).parent / "browser"
FORBIDDEN = re.compile(r"\.wait_for_function\(")


def test_no_browser_test_waits_with_an_evaluated_string():
    offending = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(BROWSER_TESTS.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert offending == [], "use page_waits.wait_until or a selector wait instead:\n" + "\n".join(offending)
