"""Counts per kind of node in the built store (`graph-app stats --json`)."""

from __future__ import annotations

from .queries import QueryLibrary
from .store import GraphStore

KINDS_COUNTED = (
    "services",
    "settings",
    "providers",
    "areas",
    "needs",
    "age_bands",
    "questions",
    "answers",
    "clauses",
    "pathways",
)


def counts(store: GraphStore, library: QueryLibrary) -> dict[str, int]:
    found = {row["kind"].value: int(row["count"].value) for row in library.select(store, "stats/counts")}
    result = {kind: found.get(kind, 0) for kind in KINDS_COUNTED}
    result["triples"] = store.triple_count()
    return result
