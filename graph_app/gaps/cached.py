"""A gap result for one store version, worked out once for every worker process: kept in the process's
memory through `graph.memo` (web/core/graph.py), stored on disk for the other processes
(stored_results.py), and narrowed from the result for all where the analysis allows (`#+ narrows:`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store import GraphStore
from .analysis import GapAnalysis, GapResult, narrow, result_from_json, result_to_json, run_gap
from .stored_results import SharedResults


def _plain(analysis: GapAnalysis, bound: dict[str, str]) -> dict[str, str]:
    defaults = {p.name: p.default for p in analysis.query.params if p.default is not None}
    return {k: v for k, v in bound.items() if defaults.get(k) != v}  # months=12 is the same as no months


def _key(analysis: GapAnalysis, bound: dict[str, str]) -> str:
    return f"gaps:{analysis.name}|{date.today() if analysis.uses_today else ''}|{sorted(bound.items())}"


def _stored_part(analysis: GapAnalysis, bound: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The key of the result kept on disk for these parameters (the one narrowed from), and the choices
    narrowed by."""
    bound = _plain(analysis, bound)
    chosen = {k: v for k, v in bound.items() if k in analysis.narrows}
    return _key(analysis, {k: v for k, v in bound.items() if k not in chosen}), chosen


def is_stored(graph: Any, store: GraphStore, analysis: GapAnalysis, bound: dict[str, str]) -> bool:
    """Has a process worked out the result for this store version (a file looked for, nothing computed)?"""
    key, _chosen = _stored_part(analysis, bound)
    return shared_results(graph).path(store.version(), analysis.name, key).exists()


def earlier_result(graph: Any, store: GraphStore, analysis: GapAnalysis, bound: dict[str, str]) -> GapResult | None:
    """The same result as worked out for an earlier store version, if one is kept (never computes): what a
    page shows, labelled, while the new version's is worked out (web/commission/choices.py says why)."""
    key, chosen = _stored_part(analysis, bound)
    entry = shared_results(graph).latest_earlier(store.version(), analysis.name, key)
    if entry is None:
        return None
    result = result_from_json(entry["result"])
    result.computed_at = entry["computed_at"]
    return narrow(analysis, result, chosen) if chosen else result


def cached_result(graph: Any, store: GraphStore, analysis: GapAnalysis, bound: dict[str, str]) -> GapResult:
    bound = _plain(analysis, bound)
    chosen = {k: v for k, v in bound.items() if k in analysis.narrows}
    version = store.version()
    key = _key(analysis, bound)

    def compute() -> GapResult:
        if chosen:
            rest = {k: v for k, v in bound.items() if k not in chosen}
            return narrow(analysis, cached_result(graph, store, analysis, rest), chosen)
        entry = shared_results(graph).get(
            version, analysis.name, key, lambda: result_to_json(run_gap(store, graph.library, analysis.name, **bound))
        )
        result = result_from_json(entry["result"])
        result.computed_at = entry["computed_at"]
        return result

    return graph.memo(key, compute, version=version)


def shared_results(graph: Any) -> SharedResults:
    return SharedResults(graph.settings.data_dir / "cache" / "gaps")
