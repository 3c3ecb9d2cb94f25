"""The store layer's Virtuoso corrections (graph_app/store_dialects.py) on their own, without a Virtuoso
server: what they change and, as much, what they leave alone. The endpoint tests are in
test_virtuoso_queries.py (`make test-virtuoso`)."""

from __future__ import annotations

import pyoxigraph as ox

from graph_app.binding import bind
from graph_app.store_dialects import FALSE, STANDARD, TRUE, VIRTUOSO, XSD_BOOLEAN, XSD_INTEGER, dialect_for

NODE, PROPERTY = ox.NamedNode("https://example.org/n"), ox.NamedNode("https://example.org/p")


def test_the_server_header_names_the_dialect():
    assert dialect_for("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu") is VIRTUOSO
    assert dialect_for("Oxigraph/0.5.0") is STANDARD and dialect_for("") is STANDARD


def test_a_query_with_a_variable_predicate_gets_one_values_block_per_parameter():
    query = "SELECT ?t WHERE { ?node ?property ?t . OPTIONAL { ?t ?q ?x } }"
    bound = VIRTUOSO.bind(query, {"node": NODE, "property": PROPERTY})
    assert f"VALUES (?node) {{ ({NODE}) }}" in bound and f"VALUES (?property) {{ ({PROPERTY}) }}" in bound
    assert bound.index("?node)") < bound.index("?property)")  # the parameters' order is kept


def test_other_queries_are_bound_as_the_standard_does():
    query = "SELECT ?r WHERE { ?r a ?kind ; <https://example.org/in>/<https://example.org/part>? ?area }"
    bindings = {"kind": NODE, "area": PROPERTY}
    assert VIRTUOSO.bind(query, bindings) == bind(query, bindings) == STANDARD.bind(query, bindings)


def test_a_list_parameter_stays_a_list_in_its_own_block():
    query = "SELECT ?s WHERE { ?s ?property ?node }"
    bound = VIRTUOSO.bind(query, {"node": NODE, "property": [PROPERTY, NODE]})
    assert f"VALUES (?property) {{ ({PROPERTY}) ({NODE}) }}" in bound


def test_computed_booleans_are_found_and_carried_through_aggregates():
    query = """SELECT ?h (MIN(?flag) AS ?specialist) (SAMPLE(?n) AS ?any) ?isSection WHERE {
      BIND(EXISTS { ?h a <https://example.org/S> . FILTER(?h != <https://example.org/x>) } AS ?isSection)
      OPTIONAL { ?h a <https://example.org/T> . BIND(true AS ?flag) }
      BIND("BIND(true AS ?notThis)" AS ?n)
    } GROUP BY ?h ?isSection"""
    assert VIRTUOSO.boolean_variables(query) == {"isSection", "flag", "specialist"}
    assert STANDARD.boolean_variables(query) == frozenset()


def test_ones_and_zeros_become_booleans_only_where_they_are_booleans():
    one, zero = ox.Literal("1", datatype=XSD_BOOLEAN), ox.Literal("0", datatype=XSD_BOOLEAN)
    assert VIRTUOSO.term(one) == TRUE and VIRTUOSO.term(zero) == FALSE
    counted = ox.Literal("1", datatype=XSD_INTEGER)
    assert VIRTUOSO.term(counted) == counted  # a count of one stays a count
    assert VIRTUOSO.term(counted, boolean=True) == TRUE
    assert VIRTUOSO.term(ox.Literal("1")) == ox.Literal("1") and STANDARD.term(one) == one


def test_group_concat_variables_are_found():
    query = 'SELECT (GROUP_CONCAT(DISTINCT STR(?m); separator=" ") AS ?metNeeds) (COUNT(?m) AS ?n) WHERE { }'
    assert VIRTUOSO.concatenated_variables(query) == {"metNeeds"}


def test_oxigraph_is_the_standard(remote_store):
    assert remote_store.dialect is STANDARD
