"""'Open this analysis in the query editor with my choices': a link to /sparql holding the analysis's
own query with the page's choices bound as a VALUES block.

The choices are the checked values from read_params (IRIs from the analysis's own choice lists, whole
numbers, ISO dates), made RDF terms by the query's parameter types and written by binding.bind, the same
code that runs the page's query: nothing typed by a user is pasted into the text. The whole query goes
in the link's query string, which url_for URL-encodes."""

from __future__ import annotations

from flask import url_for

from ...binding import bind
from ...gaps.analysis import GapAnalysis

EXPLAINED = "# Your choices from the analysis page are in the VALUES block after the first 'WHERE {'.\n"


def bound_query(gap: GapAnalysis, bound: dict[str, str]) -> str:
    """The analysis's query text with `bound` (and the query's defaults) as a VALUES block."""
    terms = gap.query.terms(bound)  # the same conversion, and defaults, as running the page's query
    return EXPLAINED + bind(gap.query.text, terms) if terms else gap.query.text


def editor_link(gap: GapAnalysis, bound: dict[str, str]) -> str:
    """The editor's address (relative) with this query in it, shown as a page."""
    return url_for("sparql.endpoint", query=bound_query(gap, bound), view="html")
