"""A named query's rows kept once per store version, for queries about a topic, a pathway, a pathway's step or
a need whose answer is the same for every reader (no council, age or language among its parameters): the page
picks the reader's council and language from them in Python. There are a few hundred of those at any scale, so
what is kept stays small; queries about a single service or setting are not kept here (100,000 of them at
national scale)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..core.graph import Graph


def rows_per_version(graph: Graph, name: str, **values: NamedNode) -> list:
    """The rows of `name` with `values` bound, run once per store version. They are shared by every request:
    read them, never change them."""
    key = "rows:" + name + "".join(f"|{k}={v}" for k, v in sorted(values.items()))
    return graph.memo(key, lambda: graph.library.select(graph.store, name, **values))
