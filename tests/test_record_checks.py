"""The build's record checks on a small store on disk: every problem named once, in record order, and
nothing that is not a problem (literals, IRIs outside the node prefix, described nodes)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph_app.build import record_checks
from graph_app.config import PROJECT_ROOT
from graph_app.queries import QueryLibrary
from graph_app.store import EmbeddedStore

ID = "https://w3id.org/se7-local-offer/id/"
LIBRARY = QueryLibrary(PROJECT_ROOT / "queries")
RECORDS = f"""
@prefix lo: <https://w3id.org/se7-local-offer/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ID}setting/b> a lo:School, lo:College, lo:Setting, lo:Provider ; rdfs:label "B" .
<{ID}setting/a> a lo:School, lo:Setting ; rdfs:label "A" ; lo:meetsNeed <{ID}need/missing-2> .
<{ID}service/c> a lo:Service ; rdfs:label "C" ; lo:meetsNeed <{ID}need/missing-1>, <{ID}need/autism> ;
    lo:offeredBy <{ID}setting/a> ; rdfs:seeAlso <https://example.org/elsewhere> .
<{ID}service/d> a lo:Service ; rdfs:label "D" ; lo:meetsNeed <{ID}need/missing-1> .
<{ID}need/autism> a lo:Need ; rdfs:label "Autism" .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> EmbeddedStore:
    path = tmp_path_factory.mktemp("checks") / "store"
    writer = ox.Store(str(path))
    writer.load(path=str(PROJECT_ROOT / "ontology" / "core.ttl"), format=ox.RdfFormat.TURTLE)
    writer.load(RECORDS, format=ox.RdfFormat.TURTLE)
    writer.flush()
    del writer
    return EmbeddedStore(path)


def test_dangling_links_name_each_link_in_record_order(store):
    assert record_checks.dangling_links(store, LIBRARY, ID) == [
        f"<{ID}service/c> lo:meetsNeed: links to <{ID}need/missing-1>, which no file describes",
        f"<{ID}service/d> lo:meetsNeed: links to <{ID}need/missing-1>, which no file describes",
        f"<{ID}setting/a> lo:meetsNeed: links to <{ID}need/missing-2>, which no file describes",
    ]


def test_a_record_in_two_disjoint_pairs_is_named_for_each(store):
    found = record_checks.disjoint_types(store, LIBRARY)
    assert f"<{ID}setting/b> rdf:type: is both lo:College and lo:School, which the ontology says cannot be" in found
    assert any(f"<{ID}setting/b> rdf:type: is both" in p and "lo:Provider" in p for p in found)
    assert found == sorted(found) and len(found) == len(set(found))
    assert not any(f"<{ID}setting/a>" in p for p in found)


def test_problems_put_each_kind_together(store):
    found = record_checks.problems(store, LIBRARY, ID)
    kinds = [0 if "is both" in p else 1 if "links to" in p else 2 for p in found]
    assert kinds == sorted(kinds) and {0, 1} <= set(kinds)
