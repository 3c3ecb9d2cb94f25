"""Two shortcuts of the build's SHACL (issue 20), against the checks run one by one in full:
- class checks, and value tests on a lo: property, first ask every subject of the path for a wrong value,
  and run the query joined with the shape's targets only when that finds one: the precheck must never hide
  a violation;
- the sh:minCount/sh:maxCount of a node shape's property shapes (plain IRI paths) are one query, whose rows
  name the shape each violation is of.
On the built sample with wrong-class values and wrong counts added, validate() gives exactly the violations
of compile_shapes()' own checks run in full, one per property shape."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from graph_app.build import shacl_sparql
from graph_app.build.validation import Violation
from graph_app.config import PROJECT_ROOT
from graph_app.namespaces import LO, XSD

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"


def in_full(store: ox.Store) -> list[Violation]:
    """The violations of every compiled check run in full, no precheck."""
    checks = [dataclasses.replace(c, precheck=None) for c in shacl_sparql.compile_shapes(SHAPES)]
    return sorted(
        {
            Violation(row["focus"].value, check.field, check.message, check.severity)
            for check in checks
            for row in store.query(check.query)
        }
    )


@pytest.fixture
def copy(embedded_store) -> ox.Store:
    """The built sample in a store of its own, to break."""
    store = ox.Store()
    store.extend(embedded_store._store.quads_for_pattern(None, None, None, None))
    return store


def first(store: ox.Store, query: str) -> ox.NamedNode:
    return next(iter(store.query(query + " ORDER BY ?s LIMIT 1")))["s"]


def test_every_prechecked_check_has_a_precheck_that_relaxes_it() -> None:
    checks = shacl_sparql.compile_shapes(SHAPES)
    prechecked = [c for c in checks if c.precheck is not None]
    assert any("MINUS" in c.query for c in prechecked), "the shapes have sh:class constraints"
    assert any("FILTER" in c.query for c in prechecked), "the shapes have value tests on lo: properties"
    for check in prechecked:
        # the precheck's pattern is the query's without the targets: it has a row whenever the query has one
        pattern = check.precheck.removeprefix("SELECT ?focus WHERE { ").removesuffix(" } LIMIT 1")
        assert check.query.endswith(f"?targetClass . {pattern} }}"), check.query


def test_wrong_class_values_are_found_as_when_every_check_runs_in_full(copy: ox.Store) -> None:
    select = lambda query: list(copy.query(query))  # noqa: E731
    assert shacl_sparql.validate(select, SHAPES) == in_full(copy)
    service = first(copy, f"SELECT ?s WHERE {{ ?s a <{LO}Service> }}")
    sector = first(copy, f"SELECT ?s WHERE {{ ?s a <{LO}Sector> }}")
    answer = first(copy, f"SELECT ?s WHERE {{ ?s a <{LO}Answer> }}")
    copy.add(ox.Quad(service, ox.NamedNode(LO + "meetsNeed"), sector))  # a need that is a sector
    copy.add(ox.Quad(answer, ox.NamedNode(LO + "answers"), service))  # an answer to a service, not a question
    # an answer text with no language tag (sh:datatype rdf:langString): a value test on a lo: path, prechecked
    other = first(copy, f"SELECT ?s WHERE {{ ?s a <{LO}Answer> FILTER(?s != <{answer.value}>) }}")
    for quad in list(copy.quads_for_pattern(other, ox.NamedNode(LO + "answerText"), None)):
        copy.remove(quad)
    copy.add(ox.Quad(other, ox.NamedNode(LO + "answerText"), ox.Literal("untagged")))
    found = shacl_sparql.validate(select, SHAPES)
    assert found == in_full(copy)
    broken = {(v.focus, v.field) for v in found}
    assert (service.value, "lo:meetsNeed") in broken and (answer.value, "lo:answers") in broken
    assert (other.value, "lo:answerText") in broken


def test_counts_in_one_query_name_the_same_shapes_as_one_query_each(copy: ox.Store) -> None:
    select = lambda query: list(copy.query(query))  # noqa: E731
    merged = [c for c in shacl_sparql.compile_shapes(SHAPES, merge_counts=True) if c.variants]
    assert merged, "the shapes have counts on plain paths"
    services = [r["s"] for r in copy.query(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 3")]
    provider = first(copy, f"SELECT ?s WHERE {{ ?s a <{LO}Provider> }}")
    copy.add(ox.Quad(services[0], ox.NamedNode(LO + "providedBy"), ox.NamedNode(provider.value + "-other")))
    copy.add(ox.Quad(services[0], ox.NamedNode(LO + "providedBy"), provider))  # two providers: maxCount 1
    for quad in list(copy.quads_for_pattern(services[1], ox.NamedNode(LO + "inSector"), None)):
        copy.remove(quad)  # no sector: minCount 1 only
    second_age = ox.Literal("9", datatype=ox.NamedNode(XSD + "integer"))
    copy.add(ox.Quad(services[2], ox.NamedNode(LO + "minAge"), second_age))  # two minimum ages: maxCount 1
    found = shacl_sparql.validate(select, SHAPES)
    assert found == in_full(copy)
    broken = {(v.focus, v.field) for v in found}
    assert {(services[0].value, "lo:providedBy"), (services[1].value, "lo:inSector")} <= broken
    assert (services[2].value, "lo:minAge") in broken
