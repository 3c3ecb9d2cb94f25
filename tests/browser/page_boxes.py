"""Where an element is on the page, for first-screen checks: measured only once it is visible, so a page still
settling (fonts, a script moving a block) gives its position rather than no box at all."""

from __future__ import annotations


def box_of(locator) -> dict[str, float]:
    """The element's box (x, y, width, height in CSS pixels from the page's top), waiting for it to show."""
    locator.wait_for(state="visible")
    box = locator.bounding_box()
    assert box is not None, f"{locator} is on the page but has no box"
    return box


def top_of(locator) -> float:
    """How far down the page the element starts."""
    return box_of(locator)["y"]
