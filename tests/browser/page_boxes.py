"""Where an element is on the page, for first-screen checks: measured only once it is visible, so a page still
settling (fonts, a script moving a block) gives its position rather than no box at all."""

from __future__ import annotations

TRIES = 30  # 100 ms apart: a page that settles later than 3 s after showing the element is a failure to report


def box_of(locator) -> dict[str, float]:
    """The element's box (x, y, width, height in CSS pixels from the page's top), waiting for it to show. A box
    read between "visible" and the read itself can still be None while the page lays itself out again (seen
    once in a full run: the home page's first link, at 390 px), so it is read again until it is there."""
    for _ in range(TRIES):
        locator.wait_for(state="visible")
        box = locator.bounding_box()
        if box is not None:
            return box
        locator.page.wait_for_timeout(100)
    raise AssertionError(f"{locator} is on the page but has had no box for {TRIES / 10:.0f} s")


def top_of(locator) -> float:
    """How far down the page the element starts."""
    return box_of(locator)["y"]
