"""The commissioning report's "Records that may be out of date": per council, how many of its services and
settings were last checked too long ago (core/staleness.py's rule), and, for the chosen council, which ones
with the date each was last checked, oldest first. One query for every council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    names = label_map(graph, [r for _d, r in stale])
    records = [
        StaleRecord(r, names.get(r, r.rsplit("/", 1)[-1]), node_url(r, graph.id_base), d.isoformat(), True)
        for d, r in stale
    ]
    return {"by_council": counts, "records": records}


def _checked_by_council(graph: Graph) -> dict[str, dict[str, date | None]]:
    """Council IRI -> record IRI -> the date it was last checked (the latest, when it has two): the same for
    every report until the store changes, so once per store version."""
    dates: dict[str, dict[str, list[str]]] = {}
    for row in graph.library.select(graph.store, "gaps/report/checked_by_council"):
        dates.setdefault(row["area"].value, {}).setdefault(row["record"].value, []).append(row["reviewed"].value)
    return {area: {r: latest(d) for r, d in records.items()} for area, records in dates.items()}
