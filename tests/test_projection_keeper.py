"""The projection is built off the request path: warmed at start-up, and after a new store version the
previous projection keeps answering while the new one is built in the background."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from graph_app.projection import load_projection, neighbourhood
from graph_app.projection.model import PROPERTIES
from graph_app.web.map.projection_keeper import ProjectionKeeper

ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def projection(embedded_store, library):
    return load_projection(embedded_store, library, ID)


def test_arrays_agree_with_the_networkx_graph(projection):
    graph = projection.to_networkx()
    assert graph.number_of_edges() == projection.edge_count > 1000
    degrees = np.array([graph.degree(n) for n in range(projection.size)], dtype=np.float64)
    assert np.array_equal(degrees, projection.degree)
    for node in (projection.index[ID + "need/autism"], projection.index[ID + "area/kent"]):
        assert set(projection.neighbours(node).tolist()) == set(graph.adj[node])
        for neighbour in list(graph.adj[node])[:20]:
            assert sorted(projection.links_between(node, neighbour)) == sorted(graph.edges[node, neighbour]["links"])
    # the walk related solves on is D^-1/2 A D^-1/2: symmetric, with D each node's total `rank` weight
    walk = projection.walk
    assert abs(walk - walk.T).max() < 1e-6
    weights = np.array([sum(graph.edges[n, m]["rank"] for m in graph.adj[n]) for n in range(projection.size)])
    assert np.allclose(np.asarray(projection.arrays["walk_root"], dtype=np.float64) ** 2, weights, rtol=1e-5)


def test_neighbourhood_groups_count_every_link(projection):
    kent = projection.index[ID + "area/kent"]
    groups = neighbourhood(projection, kent, per_group=3)
    assert sum(g.count for g in groups) == len(projection.incident_links(kent))
    for g in groups:  # most specific first: members are in order of degree
        degrees = [projection.degree[m] for m in g.members]
        assert degrees == sorted(degrees) and g.property in PROPERTIES


class _Versions:
    """A store whose version the test moves on, and a loader the test can hold back."""

    def __init__(self, projection) -> None:
        self.version = "v1"
        self.projection = projection
        self.release = threading.Event()
        self.release.set()
        self.loads: list[str] = []

    def load(self):
        self.loads.append(self.version)
        assert self.release.wait(10)
        return self.projection


def test_a_new_version_is_built_in_the_background_while_the_old_one_answers(projection):
    versions = _Versions(projection)
    keeper = ProjectionKeeper(version=lambda: versions.version, load=versions.load)
    assert keeper.get() is projection and keeper.ready_version == "v1"
    versions.version, versions.release = "v2", threading.Event()
    assert keeper.get() is projection  # stale, answered at once: the build of v2 is held back
    assert keeper.ready_version == "v1"
    assert keeper.get() is projection and versions.loads == ["v1", "v2"]  # one build per version
    versions.release.set()
    for _ in range(100):
        if keeper.ready_version == "v2":
            break
        threading.Event().wait(0.05)
    assert keeper.ready_version == "v2"


def test_a_failed_build_is_reported_when_nothing_older_exists():
    def broken():
        raise ValueError("no links")

    keeper = ProjectionKeeper(version=lambda: "v1", load=broken)
    with pytest.raises(RuntimeError, match="could not be built") as raised:
        keeper.get()
    assert isinstance(raised.value.__cause__, ValueError)


def test_the_app_warms_the_projection_at_start(built, make_app):
    app = make_app(built, WARM_PROJECTION=True)
    keeper = app.extensions["projection_keeper"]
    for _ in range(400):
        if keeper.ready_version is not None:
            break
        threading.Event().wait(0.05)
    assert keeper.ready_version is not None  # built before any request asked for it
    response = app.test_client().get("/related.json?node=/id/need/autism")
    assert response.status_code == 200 and response.get_json()


def test_bulk_tables_read_the_same_rows_as_select_on_both_stores(any_store, library):
    """select_table (CSV, for bulk reads) gives exactly what select gives, as plain strings."""
    query = (
        "SELECT ?node ?label (LANG(?label) AS ?lang) WHERE { ?node <http://www.w3.org/2000/01/rdf-schema#label> "
        f'?label FILTER(STRSTARTS(STR(?node), "{ID}need/")) }}'
    )
    rows = any_store.select(query)
    table = any_store.select_table(query)
    assert len(rows) > 40
    assert sorted(table) == sorted([r["node"].value, r["label"].value, r["label"].language or ""] for r in rows)
    # a name with a comma, quotes or a new line survives the CSV round trip
    tricky = any_store.select_table('SELECT ?x ?y WHERE { BIND("a, \\"b\\"\\nc" AS ?x) }')
    assert tricky == [['a, "b"\nc', ""]]
