"""A named query's rows kept once per store version, for the queries of a topic or pathway page whose answer
is the same for every reader (no council, age or language among its parameters): the page picks the reader's
council and language from them in Python. A topic or a pathway is one of ~160, so what is kept stays small;
queries about a single record are not kept here (there are 100,000 of them at national scale)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..core.graph import Graph


def rows_per_version(graph: Graph, name: str, **values: NamedNode) -> list:
    """The rows of `name` with `values` bound, run once per store version. They are shared by every request:
    read them, never change them."""
    key = "rows:" + name + "".join(f"|{k}={v}" for k, v in sorted(values.items()))
    return graph.memo(key, lambda: graph.library.select(graph.store, name, **values))
