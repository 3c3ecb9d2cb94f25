"""The SHACL-to-SPARQL validator finds exactly what pyshacl finds, with the same fields and messages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graph_app.build import shacl_sparql, validation
from graph_app.build.pipeline import _BuildSteps
from graph_app.build.sources import discover
from graph_app.config import PROJECT_ROOT, Settings
from graph_app.layout import Layout

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
FIXTURES = Path(__file__).parent / "fixtures" / "build"
ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def prepared_store(tmp_path: Path, *sources: Path) -> _BuildSteps:
    """Sources parsed, classified and inferred exactly as the build does before validation."""
    settings = replace(Settings(), data_dir=tmp_path / "var", sources=sources)
    build = Layout(settings.data_dir).new_build()
    steps = _BuildSteps(build, settings, discover(sources))
    steps.parse()
    steps.classify()
    steps.infer()
    return steps


def both(steps: _BuildSteps) -> tuple[set, set]:
    graph = rdflib.Graph()
    graph.parse(data=steps.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    expected = {(v.focus, v.field, v.message) for v in validation.validate(graph, SHAPES)}
    found = {(v.focus, v.field, v.message) for v in shacl_sparql.validate(steps.reader.select, SHAPES)}
    return expected, found


def test_same_results_on_the_broken_fixture(tmp_path):
    steps = prepared_store(tmp_path, PROJECT_ROOT / "ontology", FIXTURES / "minimal", FIXTURES / "shape_violation")
    expected, found = both(steps)
    assert len(expected) == 2
    assert found == expected


def test_same_results_on_mutated_sample_records(tmp_path):
    """Several kinds of damage to real sample records at once; both validators must agree on all."""
    steps = prepared_store(tmp_path, PROJECT_ROOT / "ontology", PROJECT_ROOT / "data")
    store = steps.store
    services = [r["s"] for r in store.query(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 3")]
    setting = next(iter(store.query(f"SELECT ?s WHERE {{ ?s a <{LO}School> }} ORDER BY ?s LIMIT 1")))["s"]
    contact = next(
        iter(store.query(f"SELECT ?c WHERE {{ ?s a <{LO}Service> ; <{LO}hasContact> ?c }} ORDER BY DESC(?c) LIMIT 1"))
    )["c"]
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    # no contact
    for quad in list(store.quads_for_pattern(services[0], ox.NamedNode(LO + "hasContact"), None)):
        store.remove(quad)
    # ages the wrong way round and out of range
    for prop in ("minAge", "maxAge"):
        for quad in list(store.quads_for_pattern(services[1], ox.NamedNode(LO + prop), None)):
            store.remove(quad)
    store.add(ox.Quad(services[1], ox.NamedNode(LO + "minAge"), ox.Literal("12", datatype=integer)))
    store.add(ox.Quad(services[1], ox.NamedNode(LO + "maxAge"), ox.Literal("30", datatype=integer)))
    # two English names
    store.add(
        ox.Quad(
            services[2],
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("Another name", language="en"),
        )
    )
    # an age in words, and no phase
    store.add(ox.Quad(setting, ox.NamedNode(LO + "minAge"), ox.Literal("four")))
    store.remove(
        ox.Quad(setting, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(LO + "School"))
    )
    # an email that is not one
    for quad in list(store.quads_for_pattern(contact, ox.NamedNode("https://schema.org/email"), None)):
        store.remove(quad)
    store.add(ox.Quad(contact, ox.NamedNode("https://schema.org/email"), ox.Literal("not an email")))
    expected, found = both(steps)
    damaged = {str(n.value) for n in (*services, setting, contact)}
    assert {focus for focus, _f, _m in expected} == damaged
    assert found == expected


def test_same_results_for_counts_classes_kinds_and_alternatives(tmp_path):
    """The constraints the other test leaves alone: too many values, the wrong class or kind of value,
    a wrong datatype, a contact with no way to reach it, a setting with no area, a step with no pathway
    (an alternative and inverse path) and a broken cost (an sh:or of datatypes)."""
    steps = prepared_store(tmp_path, PROJECT_ROOT / "ontology", PROJECT_ROOT / "data")
    store = steps.store

    def first(query: str) -> ox.NamedNode:
        return next(iter(store.query(query + " ORDER BY ?s LIMIT 1")))["s"]

    def node(name: str) -> ox.NamedNode:
        return ox.NamedNode(LO + name)

    services = [r["s"] for r in store.query(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 4")]
    provider = first(f"SELECT ?s WHERE {{ ?s a <{LO}Provider> }}")
    sector = first(f"SELECT ?s WHERE {{ ?s a <{LO}Sector> }}")
    setting = first(f"SELECT ?s WHERE {{ ?s a <{LO}Setting> ; <{LO}servesArea> ?a }}")
    contact = first(f"SELECT ?s WHERE {{ ?x <{LO}hasContact> ?s }}")
    step = first(f"SELECT ?s WHERE {{ ?s a <{LO}PathwayStep> }}")
    # a second provider (maxCount 1), a need that is a sector (sh:class), a sector given as text (nodeKind)
    store.add(ox.Quad(services[0], node("providedBy"), ox.NamedNode(str(provider.value) + "-other")))
    store.add(ox.Quad(services[0], node("providedBy"), provider))
    store.add(ox.Quad(services[1], node("meetsNeed"), sector))
    store.add(ox.Quad(services[2], node("inSector"), ox.Literal("Health")))
    # a review date that is text, and a cost that is a number
    for quad in list(store.quads_for_pattern(services[3], node("lastReviewed"), None)):
        store.remove(quad)
    store.add(ox.Quad(services[3], node("lastReviewed"), ox.Literal("last week")))
    store.add(ox.Quad(services[3], node("cost"), ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))))
    # no area at all (sh:or of property shapes on the node); no telephone, email or web address
    for prop in ("servesArea", "locatedIn"):
        for quad in list(store.quads_for_pattern(setting, node(prop), None)):
            store.remove(quad)
    for prop in ("telephone", "email", "url"):
        for quad in list(store.quads_for_pattern(contact, ox.NamedNode("https://schema.org/" + prop), None)):
            store.remove(quad)
    # a step in no pathway either way (lo:stepOf | ^lo:hasStep)
    for quad in [
        *store.quads_for_pattern(step, node("stepOf"), None),
        *store.quads_for_pattern(None, node("hasStep"), step),
    ]:
        store.remove(quad)
    expected, found = both(steps)
    damaged = {str(n.value) for n in (*services, setting, contact, step)}
    assert {focus for focus, _f, _m in expected} >= damaged
    assert found == expected
