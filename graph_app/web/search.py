"""Search in families' own words (see search_index.py)."""

from __future__ import annotations

from flask import Blueprint, request

from .graph import get_graph
from .shaping import node_link
from .twin import respond, twin_route

search = Blueprint("search", __name__)


@twin_route(search, "/search")
def results() -> object:
    graph = get_graph()
    text = request.args.get("q", "").strip()[:200]
    hits = graph.search.search(text, limit=30) if text and graph.search else []
    found = [node_link(h.iri, h.label, graph.id_base) for h in hits]
    return respond("search.html", q=text, results=found)
