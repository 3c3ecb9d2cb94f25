"""District-level coverage: open-access services for each need and age band, district by district, with
the council-wide services in their own column (queries/gaps/districts/coverage_by_district.rq), the
districts and their neighbours, and the services behind any one figure (services.rq, the same rules).

The analysis runs once for every council, need and age band per store version (the caller memoises
`coverage_rows`) and a council's, need's or age band's rows are picked from those in Python, as the
council-level analyses are narrowed (`#+ narrows:`). Nothing here needs a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyoxigraph import NamedNode

from ..queries import QueryLibrary
from ..store import GraphStore
from .analysis import GapAnalysis, add_missing_labels, parse_analysis, shape_row, sort_rows

COVERAGE = "gaps/districts/coverage_by_district"
SERVICES = "gaps/districts/services"
DISTRICTS = "gaps/districts/districts"
NEIGHBOURS = "gaps/districts/neighbours"


@dataclass(frozen=True)
class District:
    iri: str
    label: str
    code: str  # the ONS code, the key of its outline on the map
    council: str  # the council's IRI
    council_label: str


def coverage_analysis(library: QueryLibrary) -> GapAnalysis:
    """The district analysis as its query file's headers describe it (columns, sort, narrows)."""
    return parse_analysis(library.get(COVERAGE))


def coverage_rows(store: GraphStore, library: QueryLibrary, cover: str = "any") -> list[dict[str, Any]]:
    """Every council's districts x needs x age bands, shaped like a gap result's rows: nodes as
    {"iri", "label"}, counts as numbers. `cover` is "any" (a service counts for every band its ages overlap)
    or "most" (only where they cover more than half of the band's years), bound as the query's parameter."""
    analysis = coverage_analysis(library)
    rows = library.select(store, COVERAGE, cover=cover)
    add_missing_labels(store, library, rows, analysis.columns)
    shaped = [shape_row(row, analysis.columns) for row in rows]
    sort_rows(shaped, analysis.sort)
    return shaped


def narrow_rows(rows: list[dict[str, Any]], chosen: dict[str, str]) -> list[dict[str, Any]]:
    """The rows whose column of each chosen name is the chosen node (same order)."""
    return [r for r in rows if all(isinstance(r.get(k), dict) and r[k]["iri"] == iri for k, iri in chosen.items())]


def districts(store: GraphStore, library: QueryLibrary) -> list[District]:
    return [
        District(r["district"].value, r["districtLabel"].value, r["code"].value, r["area"].value, r["areaLabel"].value)
        for r in library.select(store, DISTRICTS)
    ]


def neighbours(store: GraphStore, library: QueryLibrary) -> dict[str, list[str]]:
    """District IRI -> the IRIs of the districts whose boundaries touch it (lo:adjacentTo)."""
    found: dict[str, list[str]] = {}
    for row in library.select(store, NEIGHBOURS):
        found.setdefault(row["district"].value, []).append(row["neighbour"].value)
    return found


def services_behind(
    store: GraphStore,
    library: QueryLibrary,
    place: str,
    need: str,
    age_band: str,
    specialist: bool = False,
    cover: str = "any",
) -> list[tuple[str, str]]:
    """(IRI, name) of the services counted in one figure: `place` is a district (district services) or
    a council (council-wide services); `specialist` picks the services usable only after a specialist
    assessment instead of the open-access ones. The IRIs were checked against the graph's own lists by the
    caller and are bound as RDF terms."""
    rows = library.select(
        store,
        SERVICES,
        place=NamedNode(place),
        need=NamedNode(need),
        age_band=NamedNode(age_band),
        specialist=specialist,
        cover=cover,
    )
    return [(r["service"].value, r["serviceLabel"].value if "serviceLabel" in r else r["service"].value) for r in rows]


def gaps_per_district(rows: list[dict[str, Any]]) -> dict[str, int]:
    """District IRI -> how many need x age band cells have no open-access service at all there (no
    district service and no council-wide one)."""
    counts: dict[str, int] = {}
    for row in rows:
        iri = row["district"]["iri"]
        counts.setdefault(iri, 0)
        if not row["districtServices"] and not row["councilServices"]:
            counts[iri] += 1
    return counts


def local_gaps_per_district(rows: list[dict[str, Any]]) -> dict[str, int]:
    """District IRI -> how many need x age band cells have no district service (council-wide ones may exist)."""
    counts: dict[str, int] = {}
    for row in rows:
        iri = row["district"]["iri"]
        counts[iri] = counts.get(iri, 0) + (0 if row["districtServices"] else 1)
    return counts
