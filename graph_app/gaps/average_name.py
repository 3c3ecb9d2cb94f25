"""What the average the councils are compared with is called (compare.py takes it over every council in the
graph): the region's when the councils are exactly one region's (the seven SE7 councils: "SE7 average"),
otherwise "the average of the N councils" (a national deployment's 150 councils belong to no one region).
Worked out from the data (queries/gaps/report/regions.rq), never assumed."""

from __future__ import annotations

from dataclasses import dataclass

from ..queries import QueryLibrary
from ..store import GraphStore

REGIONS = "gaps/report/regions"


@dataclass(frozen=True)
class AverageOf:
    region: str | None  # the region's short name ("SE7") when the councils are exactly its councils
    councils: int  # how many councils the average is taken over


def average_of(store: GraphStore, library: QueryLibrary, councils: list[str]) -> AverageOf:
    """`councils` are the IRIs of every council the average is taken over."""
    wanted = set(councils)
    members: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for row in library.select(store, REGIONS):
        region = row["region"].value
        members.setdefault(region, set()).add(row["council"].value)
        name = row.get("short") or row.get("label")
        if name is not None and (region not in names or "short" in row):
            names[region] = name.value
    matching = sorted(r for r, found in members.items() if found == wanted and r in names)
    return AverageOf(names[matching[0]] if matching else None, len(wanted))
