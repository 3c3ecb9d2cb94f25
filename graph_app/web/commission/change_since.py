"""'Change since [snapshot]' on a gap analysis page (?since=<snapshot id>): the snapshot's result for the same
council, need or age band beside today's, as a difference column in the table (▲ up 3, ▼ down 2, written
in words as well as marks) and a sentence on the analysis's headline figure.

A row is the same row in both when its records (the columns holding a node: council, need, service...)
are the same; a row with no node is matched on its words. The difference is in the analysis's measure
(the number its chart draws, else its first number column); an analysis of records without a number
marks the rows that are new since then, and counts those no longer listed.

A snapshot keeps each analysis with its standard choices for all councils (graph_app/gaps/snapshots.py), so
a page with other choices (a number of months other than the standard, a date to count back from) has
nothing to compare with, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import abort, request

from ...gaps import snapshots
from ...gaps.analysis import GapAnalysis, GapResult
from ...gaps.charts import cell_text
from ...gaps.compare import HEADLINES, Headline
from ...gaps.rates import number_text
from ...gaps.snapshots import Snapshot
from ...private.db import PrivateDB
from ..core.cookie_session import get_private_db
from ..core.i18n import translate

GONE_LISTED = 10  # rows no longer listed: this many named, the rest counted


@dataclass(frozen=True)
class Difference:
    direction: str  # "up", "down", "same" or "new" (a row not in the snapshot)
    mark: str  # ▲, ▼, = or +: shown beside the words, never alone
    text: str  # the words: "up 3", "down 2", "no change", "new since then"
    before: float | None = None


@dataclass
class Change:
    snapshot: Snapshot
    label: str  # the snapshot's name as shown
    comparable: bool
    measure: str | None = None  # the column whose numbers are compared, or None (rows only)
    measure_label: str = ""
    cells: list[Difference] = field(default_factory=list)  # one per shown row
    headline: Headline | None = None
    headline_now: float | None = None
    headline_then: float | None = None
    headline_difference: Difference | None = None
    rows_now: int = 0
    rows_then: int = 0
    new_rows: int = 0
    gone: list[str] = field(default_factory=list)  # the words of rows no longer listed (GONE_LISTED at most)
    gone_count: int = 0


@lru_cache(maxsize=16)
def _kept_result(db_path: str, db_url: str | None, snapshot_id: int, analysis: str) -> dict[str, Any] | None:
    """A snapshot's result, read and unpacked once per process: a snapshot never changes once taken, and
    at national scale its result for all councils is megabytes of JSON."""
    return snapshots.result_of(PrivateDB(Path(db_path), db_url), snapshot_id, analysis)


def snapshot_label(snapshot: Snapshot) -> str:
    """A snapshot's name as a reader sees it: a quarter end in the page's language, else its given name."""
    if snapshot.kind == "quarter" and snapshot.period:
        return translate("End of {period}", period=snapshot.period)
    return snapshot.name


def read_since() -> Snapshot | None:
    """The snapshot chosen by ?since=<id>, or None when none is; anything else is a 400 naming it."""
    raw = (request.args.get("since") or "").strip()
    if not raw:
        return None
    found = snapshots.get(get_private_db(), int(raw)) if raw.isdigit() and len(raw) <= 9 else None
    if found is None:
        abort(400, description=f"Parameter 'since': {raw[:60]!r} is not one of the snapshots.")
    return found


def differ(now: float | None, before: float | None) -> Difference:
    if before is None:
        return Difference("new", "+", translate("new since then"))
    if now is None:
        now = 0.0
    size = now - before
    if abs(size) < 1e-9:
        return Difference("same", "=", translate("no change"), before)
    shown = _number(abs(size))
    if size > 0:
        return Difference("up", "▲", translate("up {size}", size=shown), before)
    return Difference("down", "▼", translate("down {size}", size=shown), before)


def _number(value: float) -> str:
    if float(value).is_integer():
        return number_text(value)
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def row_key(row: dict[str, Any], keys: list[str]) -> tuple[Any, ...]:
    """What makes a row the same row in the snapshot and now: its nodes, else its words."""
    nodes = tuple((k, row[k]["iri"]) for k in keys if isinstance(row.get(k), dict))
    if nodes:
        return nodes
    return tuple((k, str(row.get(k))) for k in keys if not _is_number(row.get(k)))


def measure_of(gap: GapAnalysis, columns: list[str], rows: list[dict[str, Any]]) -> str | None:
    value = gap.chart.options.get("value") if gap.chart else None
    if value in columns and any(_is_number(r.get(value)) for r in rows):
        return value
    return next((k for k in columns if any(_is_number(r.get(k)) for r in rows)), None)


def _narrowed(rows: list[dict[str, Any]], chosen: dict[str, str]) -> list[dict[str, Any]]:
    return [r for r in rows if all(isinstance(r.get(k), dict) and r[k]["iri"] == iri for k, iri in chosen.items())]


def _words(row: dict[str, Any], keys: list[str]) -> str:
    kept = [row.get(k) for k in keys if not _is_number(row.get(k))]
    parts = [value["label"] if isinstance(value, dict) else str(value) for value in kept]
    return ", ".join(p for p in parts if p and p != "None")


def change_since(
    gap: GapAnalysis, bound: dict[str, str], result: GapResult, shown: GapResult, snapshot: Snapshot
) -> Change:
    """The change between the snapshot and now for this page: `result` is every row for these choices,
    `shown` the page of it in the table (the difference column has one entry per shown row)."""
    label = snapshot_label(snapshot)
    defaults = {p.name: p.default for p in gap.query.params if p.default is not None}
    chosen = {k: v for k, v in bound.items() if defaults.get(k) != v}
    db = get_private_db()
    kept = _kept_result(str(db.path), db.url, snapshot.id, gap.name)
    if kept is None or any(k not in gap.narrows for k in chosen):
        return Change(snapshot, label, comparable=False)
    before = _narrowed(kept["rows"], chosen)
    keys = [c.key for c in result.columns]
    measure = measure_of(gap, keys, result.rows or before)
    then = {row_key(r, keys): r for r in before}
    cells = []
    for row in shown.rows:
        old = then.get(row_key(row, keys))
        if measure is None:
            cells.append(differ(0, 0) if old is not None else differ(0, None))
        else:
            cells.append(differ(row.get(measure), None if old is None else float(old.get(measure) or 0)))
    now_keys = {row_key(r, keys) for r in result.rows}
    gone = [r for k, r in then.items() if k not in now_keys]
    headline = next((h for h in HEADLINES if h.analysis == gap.name), None)
    change = Change(
        snapshot,
        label,
        comparable=True,
        measure=measure,
        measure_label=next((c.label for c in result.columns if c.key == measure), ""),
        cells=cells,
        rows_now=len(result.rows),
        rows_then=len(before),
        new_rows=sum(1 for k in now_keys if k not in then),
        gone=[_words(r, keys) for r in gone[:GONE_LISTED]],
        gone_count=len(gone),
    )
    if headline is not None:
        change.headline = headline
        change.headline_now = float(headline.measure(result.rows))
        change.headline_then = float(headline.measure(before))
        change.headline_difference = differ(change.headline_now, change.headline_then)
    return change


def heat_marks(
    gap: GapAnalysis, rows: list[dict[str, Any]], change: Change | None
) -> dict[tuple[str | None, str, str], Difference]:
    """The difference for each heatmap cell, keyed as the chart names the cell (group, row, column:
    charts.heat_groups), from the table rows the chart was drawn from (the order of `change.cells`)."""
    if change is None or not change.cells or gap.chart is None or gap.chart.kind != "heatmap":
        return {}
    options = gap.chart.options
    group, row, column = options.get("group"), options["row"], options["column"]
    return {
        (cell_text(r.get(group)) if group else None, cell_text(r.get(row)), cell_text(r.get(column))): d
        for r, d in zip(rows, change.cells, strict=True)
    }


def change_json(change: Change | None) -> dict[str, Any] | None:
    """The change as plain data for the page's JSON twin."""
    if change is None:
        return None
    found: dict[str, Any] = {
        "snapshot": {"id": change.snapshot.id, "name": change.label, "taken": change.snapshot.taken_at},
        "comparable": change.comparable,
    }
    if change.comparable:
        found |= {
            "measure": change.measure,
            "rows_now": change.rows_now,
            "rows_then": change.rows_then,
            "new_rows": change.new_rows,
            "rows_no_longer_listed": change.gone_count,
            "headline": None
            if change.headline is None
            else {"figure": change.headline.key, "now": change.headline_now, "then": change.headline_then},
        }
    return found
