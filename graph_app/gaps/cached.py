"""A gap result for one store version, worked out once for every worker process: kept in the process's
memory through `graph.memo` (web/core/graph.py), stored on disk for the other processes
(stored_results.py), and narrowed from the result for all where the analysis allows (`#+ narrows:`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store import GraphStore
from .analysis import GapAnalysis, GapResult, narrow, result_from_json, result_to_json, run_gap
from .stored_results import SharedResults


def cached_result(graph: Any, store: GraphStore, analysis: GapAnalysis, bound: dict[str, str]) -> GapResult:
    defaults = {p.name: p.default for p in analysis.query.params if p.default is not None}
    bound = {k: v for k, v in bound.items() if defaults.get(k) != v}  # months=12 is the same as no months
    chosen = {k: v for k, v in bound.items() if k in analysis.narrows}
    version = store.version()
    key = f"gaps:{analysis.name}|{date.today() if analysis.uses_today else ''}|{sorted(bound.items())}"

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
