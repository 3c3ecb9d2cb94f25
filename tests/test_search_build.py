"""Writing the search index: changing some records and re-indexing only them gives the same index as
building it again from scratch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox

from graph_app.layout import Layout
from graph_app.live.generation import OpenStore
from graph_app.search.build import build_index, reindex_nodes

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")


def copy_of(embedded_store) -> ox.Store:  # the session fixture
    store = ox.Store()
    store.load(embedded_store.pyoxigraph_store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return store


def by_iri(path: Path) -> dict[str, object]:
    """Everything the index holds, keyed by record IRI (document numbers depend on the order of writing)."""
    with sqlite3.connect(path) as connection:
        iri = dict(connection.execute("SELECT id, iri FROM docs"))
        phrase_doc = dict(connection.execute("SELECT id, doc FROM phrases"))
        connection.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, fts, 'instance')")
        connection.execute("CREATE VIRTUAL TABLE temp.phrase_terms USING fts5vocab(main, phrase_fts, 'instance')")
        contents = {
            "docs": sorted(row[1:] for row in connection.execute("SELECT * FROM docs")),
            "phrases": sorted(
                (iri[doc], is_label, text, terms)
                for _id, doc, is_label, text, terms in connection.execute("SELECT * FROM phrases")
            ),
            "facets": sorted(
                (iri[doc], facet, value) for doc, facet, value in connection.execute("SELECT * FROM facets")
            ),
            "fts": sorted(
                (term, iri[doc], column, offset)
                for term, doc, column, offset in connection.execute("SELECT * FROM temp.fts_terms")
            ),
            "phrase_fts": sorted(
                (term, iri[phrase_doc[phrase]], offset)
                for term, phrase, _column, offset in connection.execute("SELECT * FROM temp.phrase_terms")
            ),
            "vocab": sorted(connection.execute("SELECT * FROM vocab")),
            "vocab_tri": sorted(connection.execute("SELECT word FROM vocab_tri")),
            "facet_values": sorted(connection.execute("SELECT * FROM facet_values")),
            "meta": sorted(connection.execute("SELECT * FROM meta")),
        }
    connection.close()
    return contents


def test_reindexing_changed_records_equals_a_full_build(built, embedded_store, library, tmp_path):
    before = copy_of(embedded_store)
    after = copy_of(embedded_store)
    services = [row["s"] for row in after.query(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 3")]
    # a new name and description; a record removed; a new record marked as invented, with an age range
    for predicate in (RDFS_LABEL, DESCRIPTION):
        for quad in list(after.quads_for_pattern(services[0], predicate, None)):
            after.remove(quad)
    after.add(ox.Quad(services[0], RDFS_LABEL, ox.Literal("Stammering drop-in for teenagers", language="en")))
    after.add(ox.Quad(services[0], DESCRIPTION, ox.Literal("Weekly sessions; won't cost anything.", language="en")))
    for quad in list(after.quads_for_pattern(services[1], None, None)):
        after.remove(quad)
    new = ox.NamedNode(ID + "service/a-new-swimming-club")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    after.extend(
        ox.Quad(new, p, o)
        for p, o in [
            (ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(LO + "Service")),
            (RDFS_LABEL, ox.Literal("Swimming club for deaf children", language="en")),
            (
                ox.NamedNode(LO + "isSample"),
                ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
            ),
            (ox.NamedNode(LO + "minAge"), ox.Literal("5", datatype=integer)),
            (ox.NamedNode(LO + "maxAge"), ox.Literal("11", datatype=integer)),
        ]
    )
    changed = [str(s.value) for s in (*services[:2], new)]
    id_base = built.base + "id/"
    incremental, full = tmp_path / "incremental.sqlite", tmp_path / "full.sqlite"
    build_index(OpenStore(before), library, incremental, id_base)
    reindex_nodes(incremental, OpenStore(before), OpenStore(after), library, id_base, changed)
    build_index(OpenStore(after), library, full, id_base)
    assert by_iri(incremental) == by_iri(full)
    assert by_iri(full) != by_iri(Layout(built.data_dir).current().search_path)
