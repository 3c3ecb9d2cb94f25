"""pyshacl's SHACL-SPARQL constraints run on queries parsed once (graph_app/build/pyshacl_prepared.py): the
same violations as pyshacl parsing each query for every record, and each distinct query parsed once however
many records are checked."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import processor

from graph_app.build import pyshacl_prepared, validation
from graph_app.config import PROJECT_ROOT
from graph_app.layout import Layout

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
LO = "https://w3id.org/se7-local-offer/def#"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def damaged_sample(built) -> rdflib.Graph:
    """The built sample with SPARQL-checked damage on several records: emails that are not emails, ages the
    wrong way round (SHACL-SPARQL constraints in ontology/shapes.ttl) and a contact removed."""
    store = ox.Store.read_only(str(Layout(built.data_dir).current().store_path))
    graph = rdflib.Graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    for kind, kept in (("Service", 30), ("Setting", 15), ("Provider", 15)):  # a smaller sample: pyshacl parsing
        for record in sorted(graph.subjects(rdflib.RDF.type, rdflib.URIRef(LO + kind)))[kept:]:  # every time is slow
            graph.remove((record, None, None))
    contacts = sorted(set(graph.objects(None, rdflib.URIRef(LO + "hasContact"))))[:4]
    for contact in contacts:
        graph.set((contact, rdflib.URIRef(SCHEMA + "email"), rdflib.Literal("not an email")))
    services = sorted(graph.subjects(rdflib.RDF.type, rdflib.URIRef(LO + "Service")))[:3]
    integer = rdflib.XSD.integer
    for service in services:
        graph.set((service, rdflib.URIRef(LO + "minAge"), rdflib.Literal(19, datatype=integer)))
        graph.set((service, rdflib.URIRef(LO + "maxAge"), rdflib.Literal(5, datatype=integer)))
    graph.remove((services[0], rdflib.URIRef(LO + "hasContact"), None))
    return graph


def sparql_shapes() -> int:
    """How many SHACL-SPARQL queries the shapes hold."""
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    return len(set(shapes.objects(None, rdflib.SH.select)))


def test_the_same_violations_as_pyshacl_parsing_every_time(damaged_sample, monkeypatch):
    fast = validation.validate(damaged_sample, SHAPES)
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

    installed = SPARQLBasedConstraint._validate_sparql_query
    assert installed.prepared_once  # validate() installed it
    monkeypatch.setattr(pyshacl_prepared, "install", lambda: False)
    monkeypatch.setattr(SPARQLBasedConstraint, "_validate_sparql_query", installed.original)
    slow = validation.validate(damaged_sample, SHAPES)
    assert fast == slow
    assert {v.message for v in fast if "email" in v.field} and {v.field for v in fast if "Age" in v.field}


def test_each_query_is_parsed_once_however_many_records_are_checked(damaged_sample, monkeypatch):
    parses: list[str] = []
    parse = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda text: parses.append(text) or parse(text))
    pyshacl_prepared.prepared.cache_clear()
    validation.validate(damaged_sample, SHAPES)
    assert 0 < len(parses) <= sparql_shapes()
    assert len(parses) == len(set(parses))
