"""A pathway drawn as a flowchart: a server-rendered SVG of its ordered steps, one box per step joined
by arrows, each with its deadline. It is an image (role="img" with <title> and <desc>); the page puts
an ordered list of the same steps right next to it as the text alternative. All text is escaped here."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from ..core.i18n import translate, translate_plural

WIDTH = 640
BOX_X, BOX_WIDTH = 20, 440
BADGE_X, BADGE_WIDTH = 480, 140
LINE_HEIGHT = 22
PADDING = 10
GAP = 28  # room for the arrow between boxes
CHARS_PER_LINE = 54  # what fits in a 440-unit box at 16px (arial, about 7.5 units a character, 20 of padding)


@dataclass
class FlowStep:
    position: int
    label: str
    timescale: str | None = None
    deadline_weeks: Decimal | None = None
    responsible: str | None = None
    if_wrong: str | None = None
    url: str | None = None
    iri: str = ""
    current: bool = False  # the step whose page this is


def deadline_text(weeks: Decimal | None) -> str | None:
    """'Start: week 0' or 'By week 6' from a statutory deadline in weeks."""
    if weeks is None:
        return None
    if weeks == 0:
        return translate("Start: week 0")
    return translate("By week {weeks}", weeks=f"{weeks.normalize():f}")


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, CHARS_PER_LINE) or [""]


def flowchart_svg(title: str, steps: list[FlowStep], onward: str | None = None, ident: str = "flowchart") -> Markup:
    """The SVG of the steps in order; `onward` names the pathway that follows (drawn dashed at the end)."""
    ordered = sorted(steps, key=lambda s: s.position)
    parts: list[str] = []
    y = 10
    boxes = [(f"{s.position}. {s.label}", deadline_text(s.deadline_weeks), s.current, False) for s in ordered]
    if onward:
        boxes.append((translate("Then: {name}", name=onward), None, False, True))
    for index, (text, deadline, current, dashed) in enumerate(boxes):
        lines = _lines(text)
        height = len(lines) * LINE_HEIGHT + 2 * PADDING
        css = (
            "flowchart__box"
            + (" flowchart__box--current" if current else "")
            + (" flowchart__box--onward" if dashed else "")
        )
        parts.append(f'<g class="flowchart__step" data-step="{index + 1}">')
        parts.append(f'<rect class="{css}" x="{BOX_X}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="6"/>')
        for number, line in enumerate(lines):
            baseline = y + PADDING + (number + 1) * LINE_HEIGHT - 6
            parts.append(f'<text class="flowchart__label" x="{BOX_X + PADDING}" y="{baseline}">{escape(line)}</text>')
        if deadline:
            badge_y = y + height / 2 - 16
            parts.append(
                f'<rect class="flowchart__deadline-box" x="{BADGE_X}" y="{badge_y:g}" '
                f'width="{BADGE_WIDTH}" height="32" rx="16"/>'
            )
            parts.append(
                f'<text class="flowchart__deadline" x="{BADGE_X + BADGE_WIDTH / 2:g}" y="{badge_y + 21:g}" '
                f'text-anchor="middle">{escape(deadline)}</text>'
            )
        parts.append("</g>")
        y += height
        if index < len(boxes) - 1:
            middle = BOX_X + BOX_WIDTH / 2
            parts.append(
                f'<path class="flowchart__arrow" d="M{middle:g} {y + 2} V{y + GAP - 4}" '
                f'marker-end="url(#{escape(ident)}-arrowhead)"/>'
            )
            y += GAP
    height = y + 10
    deadlines = [d for _t, d, _c, _o in boxes if d]
    steps_text = "; ".join(f"{s.position}. {s.label}" for s in ordered)
    said = [
        translate_plural(
            "{count} step in order: {steps}",
            "{count} steps in order: {steps}",
            len(ordered),
            steps=steps_text,
        )
    ]
    if deadlines:
        said.append(translate("Deadlines: {deadlines}", deadlines=", ".join(deadlines)))
    if onward:
        said.append(translate("Then: {name}", name=onward))
    description = ". ".join(said)
    ident = escape(ident)
    head = (
        f'<svg class="flowchart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" focusable="false">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}.</desc>'
        f'<defs><marker id="{ident}-arrowhead" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path class="flowchart__arrowhead" d="M0 0 L10 5 L0 10 z"/>'
        f"</marker></defs>"
    )
    return Markup(head + "".join(parts) + "</svg>")
