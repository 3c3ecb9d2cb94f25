"""The build's check that each service cites the law behind the service itself, not only the duty to publish
a Local Offer (Children and Families Act 2014, section 30), which is behind every record.

A service's law is what its record page shows under "The law behind this" (navigate/law_behind): its own
lo:legalBasis, else its topic's, else its topic's section's. The rule is followed when read, not copied into
the store at build, so a heading changed by a published edit between builds changes the law at once and a
page can still say whose law it is. A finding is a warning, not a build error: the record is still valid,
but a family reading it learns nothing about their rights from the duty alone.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..queries import QueryLibrary
from ..store import GraphStore

DUTY = "clause/cfa-2014-s30"  # the Local Offer duty: this clause and its subdivisions (e.g. s.30(2)(e))
LIMIT = 1000  # services named in the warning, as many as a reader can act on


def duty_only_services(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """The IRIs of services whose best source of law holds only the Local Offer duty, or nothing, sorted."""
    best: dict[str, tuple[int, int]] = {}  # service -> (best rank, clauses beyond the duty at that rank)
    for row in library.select(store, "build/checks/services_law", duty=ox.NamedNode(id_base + DUTY)):
        service = row["service"].value
        rank = int(row["rank"].value) if row.get("rank") is not None else 99  # 99: no clause at all
        beyond = int(row["beyond"].value)
        if service not in best or rank < best[service][0]:
            best[service] = (rank, beyond)
    return sorted(service for service, (_, beyond) in best.items() if beyond == 0)


def warnings(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """One warning naming every service that cites only the Local Offer duty (none when there are none)."""
    found = duty_only_services(store, library, id_base)
    if not found:
        return []
    names = _labels(store, library, found[:LIMIT])
    listed = "; ".join(f"{names.get(iri, iri)} <{iri}>" for iri in found[:LIMIT])
    more = f"; and {len(found) - LIMIT} more" if len(found) > LIMIT else ""
    return [
        f"{len(found)} services cite only the Local Offer duty (Children and Families Act 2014, section 30), "
        f"not the law behind the service itself; give each its lo:legalBasis: {listed}{more}"
    ]


def _labels(store: GraphStore, library: QueryLibrary, iris: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in library.select(store, "navigate/labels", node=[ox.NamedNode(i) for i in iris]):
        label = row["label"]
        if row["node"].value not in names or getattr(label, "language", None) == "en":
            names[row["node"].value] = label.value
    return names
