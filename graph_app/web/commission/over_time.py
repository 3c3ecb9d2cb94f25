"""What a gap analysis page shows about time and demand, beside its table: the choice of a snapshot and the
change since it (change_since.py), the council's trend line for the analysis's headline figure
(trends.py), and what families searched for (private/search_demand.py). One call from views.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...gaps import snapshots
from ...gaps.analysis import GapAnalysis, GapResult
from ...gaps.compare import HEADLINES
from ...private.search_demand import MIN_CELL, MONTHS_SHOWN, demand
from ..core.cookie_session import get_private_db
from ..core.graph import Graph
from . import history
from .change_since import change_json, change_since, read_since, snapshot_label
from .choices import options
from .trends import trends_for, trends_json


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def analysis_extras(
    graph: Graph, gap: GapAnalysis, bound: dict[str, str], typed: dict[str, str], result: GapResult, shown: GapResult
) -> dict[str, Any]:
    """The template values for the page's "Change since", trend and searches sections."""
    history.record_for_page(graph)  # inline only without the warm-up: it costs 63 results
    since = read_since()
    kept = snapshots.snapshots(get_private_db())
    area = bound.get("area")
    has_headline = any(h.analysis == gap.name for h in HEADLINES)
    return {
        "change": change_since(gap, bound, result, shown, since) if since else None,
        "snapshot_choices": [(s.id, snapshot_label(s), s.taken_at[:10]) for s in kept],
        "since_id": since.id if since else None,
        "keep_choices": {k: v for k, v in typed.items() if v},  # the page's other choices, kept by the form
        "trends": trends_for(area, only=gap.name) if area and has_headline else [],
        "area_label": next((o.label for o in options(graph)["area"] if o.iri == area), ""),
        "demand": searches_for(graph, bound) if "need" in gap.param_names else None,
    }


def searches_for(graph: Graph, bound: dict[str, str]) -> dict[str, Any]:
    """The searches of the last 12 months for the chosen council and need (all when none is chosen), per
    need, with the labels of the graph's needs; the template shows small counts as "fewer than 5"."""
    labels = {o.slug: o.label for o in options(graph)["need"]}
    area = _slug(bound["area"]) if "area" in bound else None
    need = _slug(bound["need"]) if "need" in bound else None
    rows = demand(get_private_db(), date.today(), area=area, need=need)
    return {"rows": rows, "labels": labels, "min_cell": MIN_CELL}


def change_json_for(gap: GapAnalysis, bound: dict[str, str], result: GapResult) -> dict[str, Any] | None:
    """The JSON twin's "change_since" when ?since= chooses a snapshot (None otherwise): the change in plain
    data, with one entry per row of the result, in its order."""
    since = read_since()
    if since is None:
        return None
    change = change_since(gap, bound, result, result, since)
    found = change_json(change) or {}
    if change.comparable:
        found["rows"] = [{"direction": d.direction, "text": d.text, "then": d.before} for d in change.cells]
    return found


def extras_json(graph: Graph, gap: GapAnalysis, bound: dict[str, str]) -> dict[str, Any]:
    """The page's trend lines and searches section for its JSON twin, when the page shows them (the same
    rules as analysis_extras): "trends" with a council chosen and a headline figure, "searches" when the
    analysis has a need. Counts under the minimum cell size are null, as the page says "fewer than 5"."""
    found: dict[str, Any] = {}
    area = bound.get("area")
    if area and any(h.analysis == gap.name for h in HEADLINES):
        found["trends"] = trends_json(trends_for(area, only=gap.name))
    if "need" in gap.param_names:
        found["searches"] = searches_json(searches_for(graph, bound))
    return found


def searches_json(demand: dict[str, Any]) -> dict[str, Any]:
    """The searches section as plain data: only the counts the page may show (never a raw count); a count of
    null is under `min_cell`, where the page says "fewer than 5"."""
    return {
        "months": MONTHS_SHOWN,
        "min_cell": demand["min_cell"],
        "rows": [
            {
                "need": d.need or None,
                "label": demand["labels"].get(d.need, d.need) if d.need else None,
                "searches": d.searches_shown,
                "found_nothing": d.found_nothing_shown,
            }
            for d in demand["rows"]
        ],
    }
