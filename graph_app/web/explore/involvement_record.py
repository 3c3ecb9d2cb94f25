"""The first screen of a way to get involved (issue 19): a consultation's or survey's page says whether it is
open (until when), coming (from when) or closed (on what day, and what the council did); a training
session's says when, online or in person, where and for whom; a youth forum's when it meets; each links to
all the ways to get involved in its council. A council's own page links to that list too. A record part
(core/record_parts.py), so the HTML page and its JSON twin get the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from pyoxigraph import NamedNode

from ...slugs import COUNCILS
from ..core.area import council_names
from ..core.graph import get_graph
from .involvement_page import Opportunity, opportunities

KINDS = ("consultation", "training", "youth-forum")  # the IRI kinds of involvement records


@dataclass(frozen=True)
class InvolvementPart:
    page_url: str  # /get-involved?area=kent
    council_name: str
    item: Opportunity | None = None  # None on a council's own page


def involvement_part(record_iri: str, today: date | None = None) -> InvolvementPart | None:
    """What a record page shows about getting involved, or None for records of other kinds."""
    graph = get_graph()
    path = record_iri.removeprefix(graph.id_base)
    kind, _, slug = path.partition("/")
    names = council_names()
    if kind == "area" and slug in COUNCILS:
        return InvolvementPart(url_for("involvement.page", area=slug), names.get(slug, slug))
    if kind not in KINDS:
        return None  # every other record page: no query at all
    rows = graph.library.select(graph.store, "navigate/involvement_record", record=NamedNode(record_iri))
    if not rows:
        return None
    council = rows[0]["area"].value.rsplit("/", 1)[-1]
    item = opportunities(graph, rows, today or date.today())[0]
    return InvolvementPart(url_for("involvement.page", area=council), names.get(council, council), item)
