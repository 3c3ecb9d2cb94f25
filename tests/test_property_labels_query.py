"""navigate/property_labels reads the vocabulary's terms by their kind (owl:Class, the property kinds, named
individuals, concepts) instead of scanning every rdfs:label in the store; it must name exactly the terms the
scan names, so a term of a kind it does not list would make this fail."""

from __future__ import annotations

from graph_app.config import PROJECT_ROOT
from graph_app.queries import QueryLibrary

LIBRARY = QueryLibrary(PROJECT_ROOT / "queries")
EVERY_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?property ?label WHERE {
  ?property rdfs:label ?label . FILTER(STRSTARTS(STR(?property), "https://w3id.org/se7-local-offer/def#")) }"""


def _pairs(rows) -> set[tuple[str, str]]:
    return {(str(row["property"]), str(row["label"])) for row in rows}


def test_the_vocabularys_names_are_those_of_every_label_scan(embedded_store):
    named = _pairs(LIBRARY.select(embedded_store, "navigate/property_labels"))
    scanned = _pairs(embedded_store.select(EVERY_LABEL))
    assert len(scanned) > 500  # classes and properties in three languages
    assert named == scanned
