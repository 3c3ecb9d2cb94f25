"""The commissioning report's "Records that may be out of date": per council, how many of its services and
settings were last checked too long ago (core/staleness.py's rule), and, for the chosen council, which ones
with the date each was last checked, oldest first, and the organisation that last checked it (the public
history's, issue 18: a person is never named here). One query for every council, one for the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from ...staleness import is_out_of_date
from ..core.graph import Graph
from ..core.labels import label_map
from ..core.links import node_url
from ..core.staleness import latest


@dataclass
class CouncilCount:
    slug: str
    label: str
    records: int  # services and settings with a last-checked date
    out_of_date: int


@dataclass
class StaleRecord:
    iri: str
    label: str
    url: str | None
    last_checked: str  # ISO date
    out_of_date: bool
    checked_by: str = ""  # the organisation that last checked it, when the public history says


def out_of_date_report(
    graph: Graph, council_iri: str, councils: list[tuple[str, str, str]], today: date | None = None
) -> dict[str, object]:
    """`councils` is (slug, IRI, name) for each council; the counts follow that order."""
    today = today or date.today()
    checked = graph.memo("report:checked_by_council", lambda: _checked_by_council(graph))
    counts = []
    for slug, iri, label in councils:
        days = [d for d in checked.get(iri, {}).values() if d is not None]
        counts.append(CouncilCount(slug, label, len(days), sum(is_out_of_date(d, today) for d in days)))
    stale = sorted(
        (d, r) for r, d in checked.get(council_iri, {}).items() if d is not None and is_out_of_date(d, today)
    )
    by = checked_by(graph, [r for _d, r in stale])
    names = label_map(graph, [r for _d, r in stale] + sorted(set(by.values())))
    records = [
        StaleRecord(
            r,
            names.get(r, r.rsplit("/", 1)[-1]),
            node_url(r, graph.id_base),
            d.isoformat(),
            True,
            names.get(by[r], "") if r in by else "",
        )
        for d, r in stale
    ]
    return {"by_council": counts, "records": records}


def checked_by(graph: Graph, records: list[str]) -> dict[str, str]:
    """Record IRI -> the organisation credited with the latest change that set its "last checked" date."""
    if not records:
        return {}
    latest_change: dict[str, tuple[str, str]] = {}
    rows = graph.library.select(graph.store, "gaps/report/last_checked_by", record=[ox.NamedNode(r) for r in records])
    for row in rows:
        when, record = row["when"].value, row["record"].value
        if record not in latest_change or when > latest_change[record][0]:
            latest_change[record] = (when, row["organisation"].value)
    return {record: organisation for record, (_when, organisation) in latest_change.items()}


def _checked_by_council(graph: Graph) -> dict[str, dict[str, date | None]]:
    """Council IRI -> record IRI -> the date it was last checked (the latest, when it has two): the same for
    every report until the store changes, so once per store version."""
    dates: dict[str, dict[str, list[str]]] = {}
    for row in graph.library.select(graph.store, "gaps/report/checked_by_council"):
        dates.setdefault(row["area"].value, {}).setdefault(row["record"].value, []).append(row["reviewed"].value)
    return {area: {r: latest(d) for r, d in records.items()} for area, records in dates.items()}
