"""Waiting for a page's own state under its Content-Security-Policy.

Playwright's `wait_for_function` builds its predicate with `new Function`, which a page whose policy has no
'unsafe-eval' refuses: Chromium 156 applies the page's policy to it (older versions let it through, so the
failure showed first in CI). `page.evaluate` runs through the DevTools protocol, which the policy does not
govern, so polling with it is the reliable wait."""

from __future__ import annotations

import time

POLL_SECONDS = 0.05


def wait_until(page, expression: str, timeout_s: float = 30.0) -> None:
    """Wait until the JavaScript `expression` is truthy in the page, or fail naming it."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"{expression!r} was still false after {timeout_s:.0f} s on {page.url}")
        page.wait_for_timeout(POLL_SECONDS * 1000)
