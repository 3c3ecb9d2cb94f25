"""The chart data of a gap analysis: a heatmap (councils x needs x ages, gaps at zero) or bar groups,
made from the shaped rows, and the text a table cell shows. Knows nothing of queries or Flask."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

MAX_BARS = 50  # a longer bar chart stops helping; the table holds every row


@dataclass(frozen=True)
class ChartSpec:
    kind: str  # "heatmap" or "bars"
    options: dict[str, str]


@dataclass
class Bar:
    label: str
    value: float
    text: str
    percent: float  # of the largest value in the chart, 0 to 100


@dataclass
class BarGroup:
    title: str | None
    bars: list[Bar]
    shown_of: int  # bars before the MAX_BARS cut


@dataclass
class HeatCell:
    value: int
    level: int  # 0 = none (a gap), 1 to 4 = more and more


@dataclass
class HeatRow:
    label: str
    cells: list[HeatCell]


@dataclass
class HeatGroup:
    title: str | None
    columns: list[str]
    rows: list[HeatRow]
    gaps: int


@dataclass
class Chart:
    kind: str
    title: str
    value_label: str
    groups: list[Any]  # BarGroup or HeatGroup


class Charted(Protocol):
    """What a chart needs of an analysis (analyses.GapAnalysis)."""

    title: str
    chart: ChartSpec | None
    columns: Sequence[Any]  # each with .key and .label


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return value["label"]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def make_chart(analysis: Charted, rows: list[dict[str, Any]]) -> Chart | None:
    spec = analysis.chart
    if spec is None:
        return None
    headings = {c.key: c.label for c in analysis.columns}
    value_key = spec.options.get("value", "count")
    value_label = headings.get(value_key, "Number")
    if spec.kind == "heatmap":
        return Chart("heatmap", analysis.title, value_label, heat_groups(spec.options, rows))
    return Chart("bars", analysis.title, value_label, bar_groups(spec.options, rows))


def grouped(rows: list[dict[str, Any]], key: str | None) -> dict[str | None, list[dict[str, Any]]]:
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(cell_text(row.get(key)) if key else None, []).append(row)
    return groups


def heat_groups(options: dict[str, str], rows: list[dict[str, Any]]) -> list[HeatGroup]:
    row_key, column_key, value_key = options["row"], options["column"], options["value"]
    largest = max((int(r.get(value_key) or 0) for r in rows), default=0)
    groups = []
    for title, members in grouped(rows, options.get("group")).items():
        columns = list(dict.fromkeys(cell_text(r.get(column_key)) for r in members))
        cells: dict[str, dict[str, int]] = {}
        for row in members:
            cells.setdefault(cell_text(row.get(row_key)), {})[cell_text(row.get(column_key))] = int(
                row.get(value_key) or 0
            )
        heat_rows = [
            HeatRow(label, [HeatCell(values.get(c, 0), heat_level(values.get(c, 0), largest)) for c in columns])
            for label, values in cells.items()
        ]
        gaps = sum(1 for r in heat_rows for c in r.cells if c.value == 0)
        groups.append(HeatGroup(title, columns, heat_rows, gaps))
    return groups


def heat_level(value: int, largest: int) -> int:
    """0 for none; otherwise 1 to 4 by the share of the largest value, so one scale serves a chart."""
    if value <= 0 or largest <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * value / largest)))


def bar_groups(options: dict[str, str], rows: list[dict[str, Any]]) -> list[BarGroup]:
    label_key, value_key = options["label"], options.get("value", "count")
    by_group = grouped(rows, options.get("group"))
    totals: dict[str | None, list[tuple[str, float]]] = {}
    for title, members in by_group.items():
        if value_key == "count":
            counts: dict[str, float] = {}
            for row in members:
                label = cell_text(row.get(label_key))
                counts[label] = counts.get(label, 0) + 1
            totals[title] = list(counts.items())
        else:
            totals[title] = [(cell_text(r.get(label_key)), float(r.get(value_key) or 0)) for r in members]
    largest = max((v for bars in totals.values() for _, v in bars), default=0.0)
    groups = []
    for title, bars in totals.items():
        shown = sorted(bars, key=lambda b: -b[1])[:MAX_BARS] if len(bars) > MAX_BARS else bars
        groups.append(
            BarGroup(
                title,
                [
                    Bar(label, value, _number_text(value), 100 * value / largest if largest else 0.0)
                    for label, value in shown
                ],
                len(bars),
            )
        )
    return groups


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"
