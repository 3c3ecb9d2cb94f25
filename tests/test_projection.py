"""The navigation projection: meaningful links only, related nodes with reasons, and paths that
do not run through hubs."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from graph_app.namespaces import RDF
from graph_app.projection import catalogue, chain_steps, load_projection, neighbourhood, related, shortest_chain
from graph_app.projection.model import HUB_DEGREE
from graph_app.projection.rank import BROAD_KINDS, PER_KIND
from graph_app.projection.relations import BY_PROPERTY

ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture(scope="module")
def projection(embedded_store, library):
    return load_projection(embedded_store, library, ID)


@pytest.fixture(scope="module")
def naive(projection):
    return projection.to_networkx()


def test_only_meaningful_links_enter(projection, naive):
    properties = {prop for _a, _b, links in naive.edges(data="links") for _s, prop in links}
    assert properties and properties <= set(BY_PROPERTY)
    assert RDF + "type" not in properties
    assert {"answer", "contact", "criterion"}.isdisjoint(projection.kinds)
    # folded records still have a page: they stand on the map for their owner
    assert projection.folded and all(projection.owners[iri] for iri in projection.folded)


def test_related_gives_reasons_and_never_the_node_itself(projection):
    for slug in (
        "need/autism",
        "area/kent",
        "pathway/ehc-needs-assessment",
        next(i[len(ID) :] for i in projection.iris if "/service/" in i),
    ):
        start = projection.index[ID + slug]
        suggestions = related(projection, start)
        assert len(suggestions) >= 3, slug
        nodes = [s.node for s in suggestions]
        assert start not in nodes and len(set(nodes)) == len(nodes)
        for s in suggestions:
            assert s.shared or s.through is not None or s.node in projection.neighbours(start)
            for shared in s.shared:  # a reason names only true shared neighbours
                assert shared in projection.neighbours(start) and shared in projection.neighbours(s.node)
        for kind in {projection.kinds[n] for n in nodes}:
            assert sum(projection.kinds[n] == kind for n in nodes) <= BROAD_KINDS.get(kind, PER_KIND)


def test_related_for_a_service_names_its_need_area_or_age(projection):
    service = next(n for n, kind in enumerate(projection.kinds) if kind == "service" and projection.degree[n] > 5)
    reasons = [projection.kinds[n] for s in related(projection, service) for n in s.shared]
    assert {"need", "area", "age-band"} & set(reasons)


def test_path_is_the_readable_chain_through_the_need_hierarchy(projection):
    start, end = projection.index[ID + "need/autism"], projection.index[ID + "need/broad-communication-and-interaction"]
    steps = chain_steps(projection, shortest_chain(projection, start, end))
    assert [(projection.iris[s.a], s.phrase, s.forward, projection.iris[s.b]) for s in steps] == [
        (ID + "need/autism", "comes under", True, ID + "need/broad-communication-and-interaction")
    ]


def test_paths_are_symmetric(projection):
    services = [n for n, kind in enumerate(projection.kinds) if kind == "service"][:12]
    for a, b in itertools.combinations(services[:6], 2):
        forward, backward = shortest_chain(projection, a, b), shortest_chain(projection, b, a)
        assert forward == backward[::-1]


def test_paths_avoid_hubs_when_a_specific_route_exists(projection, naive):
    hubs = {n for n in naive if projection.degree[n] > 4 * HUB_DEGREE}
    assert hubs
    graph = naive
    checked = 0
    for a, b in itertools.combinations([n for n, k in enumerate(projection.kinds) if k == "service"][:60], 2):
        hop = nx.shortest_path(graph, a, b)  # unweighted: the naive answer
        if len(hop) != 3 or hop[1] not in hubs:
            continue
        without_hubs = graph.subgraph(n for n in graph if n not in hubs or n in (a, b))
        if not nx.has_path(without_hubs, a, b):
            continue
        chain = shortest_chain(projection, a, b)
        assert not set(chain[1:-1]) & hubs, [projection.iris[n] for n in chain]
        checked += 1
    assert checked >= 5


def test_neighbourhood_is_grouped_and_capped(projection):
    kent = projection.index[ID + "area/kent"]
    groups = neighbourhood(projection, kent, per_group=5)
    assert sum(g.count for g in groups) >= projection.degree[kent]
    assert all(len(g.members) <= 5 for g in groups) and any(g.count > 5 for g in groups)
    titles = {(g.property, g.direction) for g in groups}
    assert len(titles) == len(groups)


def test_catalogue_lists_every_node_once(projection):
    parts = catalogue(projection)
    listed = [e.iri for kind_parts in parts.values() for part in kind_parts for e in part.entries]
    assert sorted(listed) == sorted(projection.iris + list(projection.folded))
