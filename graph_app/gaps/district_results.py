"""District coverage rows kept with the other gap results (stored_results.py): worked out once per store
version and 'cover' choice for every worker process, by the warm-up (both choices, warm_up.py) or, when a
page asks before it has got there, by a background thread that page starts (GapWarmer.work_out_soon).

A page never computes them itself: the query takes seconds at national scale, so on a miss `ready_rows`
gives None and the page says the figures are being worked out (web/commission/districts.py).
"""

from __future__ import annotations

from typing import Any

from ..store import GraphStore
from .cached import shared_results
from .districts import coverage_rows

COVERS = ("any", "most")  # the page's 'cover' choices (commission/choices.py FIXED_CHOICES["cover"])
NAME = "district_coverage"


class _NotStored(Exception):
    """Raised inside graph.memo so that a miss is not remembered as a value."""


def _key(cover: str) -> str:
    return f"gaps:districts:coverage|{cover}"


def ready_rows(graph: Any, store: GraphStore, cover: str) -> list[dict[str, Any]] | None:
    """The rows for this store version and choice if any process has worked them out, else None (a file
    looked for, nothing computed)."""
    version = store.version()

    def read() -> list[dict[str, Any]]:
        entry = shared_results(graph).stored(version, NAME, _key(cover))
        if entry is None:
            raise _NotStored
        return entry["result"]

    try:
        return graph.memo(_key(cover), read, version=version)
    except _NotStored:
        return None


def earlier_rows(graph: Any, store: GraphStore, cover: str) -> list[dict[str, Any]] | None:
    """The rows as worked out for an earlier store version (the one before a publish), if kept; never
    computes. The district page shows them, labelled, while this version's are worked out."""
    entry = shared_results(graph).latest_earlier(store.version(), NAME, _key(cover))
    return None if entry is None else entry["result"]


def work_out_rows(graph: Any, store: GraphStore, cover: str) -> list[dict[str, Any]]:
    """The rows for this store version and choice, computing and storing them first if no process has
    (another process computing them is waited for, never repeated)."""
    version = store.version()

    def compute() -> list[dict[str, Any]]:
        entry = shared_results(graph).get(
            version, NAME, _key(cover), lambda: coverage_rows(store, graph.library, cover)
        )
        return entry["result"]

    return graph.memo(_key(cover), compute, version=version)


def work_out_every_cover(graph: Any, store: GraphStore) -> None:
    """The warm-up's part: both 'cover' choices, so neither page waits after a build."""
    for cover in COVERS:
        work_out_rows(graph, store, cover)
