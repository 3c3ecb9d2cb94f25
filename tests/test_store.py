"""The embedded store and a real `oxigraph serve` endpoint answer the same questions the same way."""

import pyoxigraph as ox
import pytest

from graph_app.layout import Layout
from graph_app.store import RemoteStore, StoreError

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
SERVICES_FOR_NEED = f"""
SELECT ?service ?label WHERE {{ ?service <{LO}meetsNeed> ?need ;
  <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?service
"""


def test_both_stores_hold_the_same_number_of_triples(embedded_store, remote_store):
    assert embedded_store.triple_count() == remote_store.triple_count() > 10_000


def test_bound_parameter_selects_the_same_rows(any_store, embedded_store):
    autism = ox.NamedNode(ID + "need/autism")
    rows = any_store.select(SERVICES_FOR_NEED, {"need": autism})
    assert len(rows) >= 5
    assert rows == embedded_store.select(SERVICES_FOR_NEED, {"need": autism})
    assert all(isinstance(r["label"], ox.Literal) for r in rows)


def test_hostile_literal_binds_as_a_value(any_store):
    rows = any_store.select(SERVICES_FOR_NEED, {"need": ox.Literal('x" } } DROP ALL { "')})
    assert rows == []


def test_ask_and_construct(any_store):
    assert any_store.ask(f"ASK WHERE {{ ?s a <{LO}Service> }}") is True
    assert any_store.ask(f"ASK WHERE {{ ?s a <{LO}NoSuchClass> }}") is False
    triples = any_store.construct(
        f"CONSTRUCT {{ ?n <{LO}copy> ?l }} "
        f"WHERE {{ ?n a <{LO}AgeBand> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    )
    assert len({t.subject for t in triples}) == 5


def test_version_is_the_build_id(any_store, built):
    assert any_store.version() == Layout(built.data_dir).current().build_id


def test_syntax_error_is_a_store_error(any_store):
    with pytest.raises(StoreError):
        any_store.select("SELECT ?x WHERE { ?x ")


def test_unreachable_endpoint_names_the_url():
    store = RemoteStore("http://127.0.0.1:9/query", timeout_s=2)
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:9/query unreachable"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
