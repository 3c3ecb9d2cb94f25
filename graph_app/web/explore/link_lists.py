"""Long lists of links, paged cheaply: sorting thousands of IRIs in a query costs about 100 ms at scale 30
(oxigraph decodes every string to compare it), so a hub's full list is fetched unsorted and sorted in
Python once per store version, and each page is a slice of it. Short lists are paged in the query."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..core.graph import Graph

SORT_IN_QUERY_UP_TO = 200  # links; above this a list is sorted once per build instead


def _sampled(row: dict) -> bool:
    return "isSample" in row and row["isSample"].value == "true"


def in_links_page(graph: Graph, node: str, prop: str, count: int, page: int, per_page: int) -> list[tuple[str, bool]]:
    """One page (plus one row, to tell whether there is a next page) of the records linking to `node` by
    `prop`, ordered by IRI, which follows the name (slugs are made from names)."""
    if count <= SORT_IN_QUERY_UP_TO:
        rows = graph.library.select(
            graph.store,
            "navigate/in_links",
            page=page,
            per_page=per_page + 1,
            node=NamedNode(node),
            property=NamedNode(prop),
        )
        return [(r["source"].value, _sampled(r)) for r in rows]

    def compute() -> list[tuple[str, bool]]:
        rows = graph.library.select(
            graph.store, "navigate/in_links_all", node=NamedNode(node), property=NamedNode(prop)
        )
        return sorted((r["source"].value, _sampled(r)) for r in rows)

    everything = graph.memo(f"in_links:{node}|{prop}", compute)
    start = (page - 1) * per_page
    return everything[start : start + per_page + 1]


def kind_members_page(graph: Graph, cls: str, page: int, per_page: int) -> list[tuple[str, bool]]:
    """One page (plus one row) of every node of a class, ordered by IRI."""

    def compute() -> list[tuple[str, bool]]:
        rows = graph.library.select(graph.store, "navigate/kind_members", **{"class": NamedNode(cls)})
        return sorted((r["node"].value, _sampled(r)) for r in rows)

    everything = graph.memo(f"kind_members:{cls}", compute)
    start = (page - 1) * per_page
    return everything[start : start + per_page + 1]
