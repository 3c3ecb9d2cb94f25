"""The one-page summary at the front of a council's joint commissioning report: the headline figure of each
analysis beside the SE7 average (as counts and rates per 10,000 children, graph_app/gaps/compare.py), the
largest gaps, the change since the last report, and the commissioners' commentary and actions.

"The last report" is the latest snapshot of the gap analyses from another store version (one is kept at
each quarter end and whenever a commissioner takes one: graph_app/gaps/snapshots.py), with this council's
figures as they were then. Before any snapshot exists, it is the latest report made from another version
(each report's figures are kept per council and store version, private/report_commentary.py). Where there
is neither the summary says so plainly.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ...gaps import snapshots
from ...gaps.analysis import Column, GapAnalysis, GapResult, analyses
from ...gaps.charts import ChartSpec, make_chart
from ...gaps.compare import Council, Difference, Row, difference
from ...gaps.rates import per_10000, rate_text
from ...private import report_commentary
from ...private.report_commentary import Commentary, RecordedFigures
from ..core.cookie_session import get_private_db
from ..core.graph import Graph
from ..core.i18n import N_, translate
from .change_since import snapshot_label
from .choices import run_analysis
from .compare import councils_with_population, headline_table

log = logging.getLogger(__name__)
TOP_GAPS = 3
TOP_NEEDS = 5


@dataclass(frozen=True)
class Change:
    before: int
    difference: Difference


@dataclass(frozen=True)
class Summary:
    council: Council
    rows: list[Row]
    changes: dict[str, Change | None]  # analysis -> change since the last report (None: not in it)
    previous: RecordedFigures | None
    top_gaps: list[Row]  # the figures furthest above the SE7 average, largest first
    needs_without_service: list[tuple[str, int]]  # (need, age bands with no service), most first
    period: str
    commentary: Commentary | None
    since_snapshot: str | None = None  # the snapshot "the last report" is, by its name


def top_gaps(rows: list[Row], slug: str, count: int = TOP_GAPS) -> list[Row]:
    """The figures where the council is furthest above the SE7 average, relative to it."""
    above = [r for r in rows if r.cells[slug].count > r.average.count]
    return sorted(above, key=lambda r: (r.cells[slug].count - r.average.count) / max(r.average.count, 1), reverse=True)[
        :count
    ]


def needs_without_service(coverage_rows: list[dict[str, Any]], count: int = TOP_NEEDS) -> list[tuple[str, int]]:
    """The needs with the most age bands in which no service is found (from the coverage matrix's rows)."""
    gaps = Counter(
        row["need"]["label"] for row in coverage_rows if not row.get("services") and isinstance(row.get("need"), dict)
    )
    return sorted(gaps.items(), key=lambda item: (-item[1], item[0]))[:count]


def changes_since(rows: list[Row], slug: str, previous: RecordedFigures | None) -> dict[str, Change | None]:
    found: dict[str, Change | None] = {}
    for row in rows:
        before = previous.figures.get(row.headline.analysis) if previous else None
        now = row.cells[slug].count
        diff = difference(now, before, as_rate=False) if before is not None else None
        found[row.headline.analysis] = Change(before, diff) if before is not None and diff else None
    return found


def report_summary(graph: Graph, council_slug: str, built: str | None, today: date) -> Summary:
    """The summary for this council's report, keeping its figures for the next report to compare with."""
    council = next(c for c in councils_with_population(graph) if c.slug == council_slug)
    rows = headline_table(graph, [council])
    db = get_private_db()
    version = graph.store.version()
    try:
        report_commentary.record_figures(
            db, council.iri, version, built, {r.headline.analysis: int(r.cells[council.slug].count) for r in rows}
        )
    except sqlite3.OperationalError:  # a locked or read-only private database: the report still shows
        log.warning("could not keep the report figures of %s for version %s", council.slug, version)
    previous, since_snapshot = last_snapshot_figures(db, council.iri, version)
    if previous is None:
        previous = report_commentary.previous_figures(db, council.iri, version)
    coverage = [a for a in analyses(graph.library) if a.name == "coverage_matrix"]
    needs = needs_without_service(run_analysis(graph, coverage[0], {"area": council.iri}).rows) if coverage else []
    period = report_commentary.period_of(today)
    return Summary(
        council,
        rows,
        changes_since(rows, council.slug, previous),
        previous,
        top_gaps(rows, council.slug),
        needs,
        period,
        report_commentary.latest(db, council.iri, period),
        since_snapshot,
    )


def last_snapshot_figures(db: Any, council_iri: str, version: str) -> tuple[RecordedFigures | None, str | None]:
    """The council's figures in the latest snapshot of another store version, and the snapshot's name."""
    found = snapshots.latest_snapshot_before(db, version)
    figures = snapshots.figures_of(db, found.store_version, council_iri) if found else {}
    if found is None or not figures:
        return None, None
    kept = {name: int(count) for name, count in figures.items()}
    return RecordedFigures(found.store_version, found.built, found.taken_at, kept), snapshot_label(found)


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary's numbers for the report's JSON twin (the commentary too: the report shows it to all)."""
    slug = summary.council.slug
    previous = summary.previous
    return {
        "period": summary.period,
        "figures": [
            {
                "analysis": row.headline.analysis.replace("_", "-"),
                "label": row.headline.label,
                "count": row.cells[slug].count,
                "per_10000": _rounded(row.cells[slug].rate),
                "se7_average_count": row.average.count,
                "se7_average_per_10000": _rounded(row.average.rate),
                "change_since_last_report": None
                if summary.changes.get(row.headline.analysis) is None
                else row.cells[slug].count - summary.changes[row.headline.analysis].before,  # type: ignore[union-attr]
            }
            for row in summary.rows
        ],
        "last_report": None
        if previous is None
        else {
            "made": previous.recorded_at,
            "data_built": previous.built,
            "store_version": previous.store_version,
            "snapshot": summary.since_snapshot,
        },
        "top_gaps": [row.headline.analysis.replace("_", "-") for row in summary.top_gaps],
        "needs_without_service": [{"need": need, "age_bands": n} for need, n in summary.needs_without_service],
        "commentary": None
        if summary.commentary is None
        else {
            "version": summary.commentary.version,
            "saved": summary.commentary.created_at,
            "by": summary.commentary.user_name,
            "text": summary.commentary.commentary,
            "actions": [a.__dict__ for a in summary.commentary.actions],
        },
    }


# the analyses with a rate per 1,000 (perThousand) and the count it is a rate of: the report shows them per 10,000
PER_10000 = {
    "sufficiency": ("services", N_("Services per 10,000 children and young people")),
    "places": ("places", N_("Places per 10,000 children and young people")),
}


def per_10000_for_report(gap: GapAnalysis, result: GapResult) -> GapResult:
    """The sufficiency analysis's services per 1,000 (0.005 and the like) and the places analysis's places per
    1,000 as rates per 10,000 children, written as a board reads them (rates.py), in the table and on the bars;
    other analyses as they are."""
    if gap.name not in PER_10000 or not result.rows:
        return result
    count, heading = PER_10000[gap.name]
    rows = []
    for row in result.rows:
        rate = per_10000(row.get(count) or 0, row.get("population"))
        rows.append({**row, "perTenThousand": rate_text(rate), "perTenThousandValue": rate or 0.0})
    columns = [
        Column("perTenThousand", translate(heading)) if c.key == "perThousand" else c
        for c in result.columns
        if c.key != "populationIsSample"
    ]
    chart = None
    if gap.chart is not None:
        spec = ChartSpec(gap.chart.kind, {**gap.chart.options, "value": "perTenThousandValue"})
        chart = make_chart(replace(gap, chart=spec, columns=tuple(columns)), rows)  # type: ignore[arg-type]
        for group in chart.groups if chart else []:
            for bar in getattr(group, "bars", []):
                bar.text = rate_text(bar.value)
        if chart is not None:
            chart = replace(chart, value_label=translate(heading))
    return GapResult(result.name, result.title, columns, rows, chart, result.params, result.computed_at)


def _rounded(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 3)
