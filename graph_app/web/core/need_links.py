"""Which records are linked to the family's needs (the `need` part of core/context.py): the need itself
and what links to it first, what links to a broader need it comes under next, the rest after. The map, related
lists and suggestions order by this one rule, so a parent who said "autism" sees autism's services,
pathways and topics first wherever they look."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import g
from pyoxigraph import NamedNode

from .context import family_context, known_needs
from .graph import get_graph

DIRECT = 0  # the need itself, or linked to it
BROADER = 1  # linked to the broader need it comes under
UNLINKED = 2

T = TypeVar("T")


def _links_of(slug: str) -> dict[str, int]:
    """IRI -> DIRECT or BROADER for one need, once per store version (one entry per need: the set of needs
    is fixed by the data, so the cache cannot be grown by the address)."""
    graph = get_graph()
    need = known_needs()[slug]

    def compute() -> dict[str, int]:
        found: dict[str, int] = {need: DIRECT}
        for row in graph.library.select(graph.store, "navigate/context_need_links", need=NamedNode(need)):
            rank = DIRECT if row["hub"].value == need else BROADER
            node = row["node"].value
            found[node] = min(rank, found.get(node, UNLINKED))
        return found

    return graph.memo("need_links:" + slug, compute)


def need_ranks() -> dict[str, int]:
    """IRI -> DIRECT or BROADER for the context's needs (the best over them); empty without needs."""
    if "need_ranks" not in g:
        ranks: dict[str, int] = {}
        for slug in family_context().needs:
            for iri, rank in _links_of(slug).items():
                ranks[iri] = min(rank, ranks.get(iri, UNLINKED))
        g.need_ranks = ranks
    return g.need_ranks


def need_rank(iri: str) -> int:
    return need_ranks().get(iri, UNLINKED)


def _iri_key(item: Any) -> str:
    return item["iri"]


def need_first(items: Iterable[T], iri_of: Callable[[T], str] = _iri_key) -> list[T]:
    """`items` with those linked to the context's needs first (directly, then through the broader need),
    each part in its own order; unchanged without needs."""
    listed = list(items)
    ranks = need_ranks()
    if not ranks:
        return listed
    return sorted(listed, key=lambda item: ranks.get(iri_of(item), UNLINKED))
