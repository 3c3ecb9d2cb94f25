"""/gaps/report/<council>/print.css: the report's page header on paper (the council's name and the date)
in @page margin boxes, which only CSS can fill; the rest of the print rules are css/report-print.css."""

from __future__ import annotations

from datetime import date

from flask import Response, abort

from ...slugs import SLUG
from ..core.graph import get_graph
from ..core.i18n import translate
from .choices import gaps, options


def css_string(text: str) -> str:
    """Text as a CSS string: anything but plain letters, digits and spaces written as a hex escape, so no
    label can end the string or the rule."""
    body = "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x}" for ch in text)
    return f'"{body}"'


@gaps.get("/gaps/report/<council>/print.css")
def report_print_css(council: str) -> Response:
    choice = next((o for o in options(get_graph())["area"] if o.slug == council), None) if SLUG.match(council) else None
    if choice is None:
        abort(404, description=translate("There is no council called {council}.", council=repr(council[:60])))
    title = translate("Joint commissioning report: {council}", council=choice.label)
    made = translate("Made {date}", date=date.today().isoformat())
    body = (
        "@page {\n"
        f"  @top-left {{ content: {css_string(title)}; font: 8pt Arial, sans-serif; }}\n"
        f"  @top-right {{ content: {css_string(made)}; font: 8pt Arial, sans-serif; }}\n"
        "}\n"
    )
    response = Response(body, mimetype="text/css")
    response.headers["Cache-Control"] = "no-cache"
    return response
