"""Parameters are bound as RDF terms: hostile text stays a literal and never becomes query syntax."""

import pyoxigraph as ox
import pytest

from graph_app.binding import BindingError, bind, values_block
from graph_app.store import EmbeddedStore

EX = "http://example.org/"


@pytest.fixture
def tiny_store(tmp_path):
    store = ox.Store(str(tmp_path / "db"))
    store.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "name"), ox.Literal("Alpha")))
    store.add(ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "name"), ox.Literal("Beta")))
    store.flush()
    del store
    return EmbeddedStore(tmp_path / "db")


def test_literal_with_quotes_and_braces_is_matched_literally(tiny_store):
    query = f"SELECT ?s WHERE {{ ?s <{EX}name> ?name }}"
    hostile = ox.Literal('Alpha" } ; DROP ALL ; SELECT * WHERE { ?x ?y "')
    assert tiny_store.select(query, {"name": hostile}) == []
    assert [r["s"].value for r in tiny_store.select(query, {"name": ox.Literal("Alpha")})] == [EX + "a"]


def test_injection_in_iri_is_refused_before_any_query():
    with pytest.raises(ValueError):
        ox.NamedNode(EX + "a> } ; DROP ALL ; <x")


def test_where_inside_comment_or_string_is_not_used_for_binding():
    query = '# WHERE { not here\nSELECT ?s WHERE { ?s ?p "WHERE {" }'
    bound = bind(query, {"p": ox.NamedNode(EX + "p")})
    assert bound.startswith("# WHERE { not here\nSELECT ?s WHERE { VALUES (?p) {")
    assert bound.endswith('?s ?p "WHERE {" }')


def test_where_after_iri_with_fragment_is_found():
    query = "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?s WHERE { ?s a lo:Service }"
    assert "WHERE { VALUES (?s)" in bind(query, {"s": ox.NamedNode(EX + "x")})


def test_bad_variable_name_is_refused():
    with pytest.raises(BindingError, match="not a valid variable name"):
        values_block({"a b": ox.Literal("x")})


def test_blank_node_is_refused():
    with pytest.raises(BindingError, match="must be an IRI or a literal"):
        values_block({"a": ox.BlankNode()})


def test_query_without_where_cannot_be_bound():
    with pytest.raises(BindingError, match="no 'WHERE"):
        bind("SELECT * {}", {"a": ox.Literal("x")})


def test_a_list_binds_one_row_per_item(tiny_store):
    query = f"SELECT ?s ?name WHERE {{ ?s <{EX}name> ?name }} ORDER BY ?s"
    rows = tiny_store.select(query, {"s": [ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")]})
    assert [r["name"].value for r in rows] == ["Alpha", "Beta"]
    assert tiny_store.select(query, {"s": []}) == []


def test_two_lists_are_refused():
    with pytest.raises(BindingError, match="only one parameter may be a list"):
        values_block({"a": [ox.Literal("x")], "b": [ox.Literal("y")]})
