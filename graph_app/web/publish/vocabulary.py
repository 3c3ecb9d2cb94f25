"""/def, the address of the lo: vocabulary (https://w3id.org/se7-local-offer/def#, the dataset description's
void:vocabulary): RDF clients get the vocabulary's own statements, browsers a page with each class and
property under an anchor of its local name, so https://.../def#Service lands on its entry."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ...namespaces import LO
from ..core.graph import get_graph


def vocabulary_triples() -> list[ox.Triple]:
    graph = get_graph()
    return graph.memo("vocabulary", lambda: graph.library.construct(graph.store, "export/vocabulary"))


def page_data() -> dict[str, Any]:
    """The classes and the properties, each with its local name (the page anchor), label and comment."""
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/vocabulary_terms")
    groups: dict[str, list[dict[str, str]]] = {"class": [], "property": []}
    for row in rows:
        groups[row["group"].value].append(
            {
                "name": row["term"].value[len(LO) :],
                "iri": row["term"].value,
                "label": row["label"].value if "label" in row else "",
                "comment": row["comment"].value if "comment" in row else "",
            }
        )
    return {"namespace": LO, "classes": groups["class"], "properties": groups["property"], "prefix": "lo"}
