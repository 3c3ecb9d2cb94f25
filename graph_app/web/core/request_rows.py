"""A record's rows read once per request: a service page and its schema.org description (publish/) both read
the record's opening times, prices and places; the second asks the store again for the same rows (issue 20)."""

from __future__ import annotations

from flask import g, has_request_context
from pyoxigraph import NamedNode

from .graph import Graph


def record_rows(graph: Graph, name: str, node: str) -> list:
    """The rows of the named query `name` about `node`, run once per request and store version (a publish
    within the request is another version). Shared by the request's callers: read them, never change them."""
    if not has_request_context():  # a dump or a background job: nothing to share
        return graph.library.select(graph.store, name, node=NamedNode(node))
    kept: dict[tuple[str, str, str], list] = g.setdefault("_record_rows", {})
    key = (name, node, graph.store.version())
    if key not in kept:
        kept[key] = graph.library.select(graph.store, name, node=NamedNode(node))
    return kept[key]
