"""The projection: a networkx graph of the meaningful links only, built once per store version.

Nodes are small integers (index into `iris`); each edge keeps the original links it stands for as
(source index, property) pairs, so a page can say which way a link points and what it means.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from pyoxigraph import NamedNode
from scipy import sparse

from ..queries import QueryLibrary
from ..store import GraphStore
from .relations import BY_PROPERTY, RELATIONS

# links a node may have before path-finding starts charging for passing through it: below this a node
# is specific (a service, a clinic, a narrow need); above it, a hub ("Kent", "autism" at scale)
HUB_DEGREE = 25
# extra cost per doubling of degree above HUB_DEGREE, so a chain through three specific nodes beats
# two hops through a council with thousands of links
HUB_COST_PER_DOUBLING = 3.0


@dataclass
class Projection:
    id_base: str
    iris: list[str]
    kinds: list[str]
    labels: list[str]  # English names; pages translate the few they show through labels.label_map
    samples: list[bool]
    graph: nx.Graph
    owners: dict[str, str]  # folded record (answer, contact, criterion) -> the record it belongs to
    folded: dict[str, tuple[str, str, bool]]  # folded record -> (kind, English name, is sample)
    index: dict[str, int] = field(default_factory=dict)
    degree: np.ndarray = field(default_factory=lambda: np.zeros(0))
    transition: sparse.csr_matrix | None = None
    costs: sparse.csr_matrix | None = None
    build_seconds: float = 0.0

    @property
    def size(self) -> int:
        return len(self.iris)

    def kind_of(self, iri: str) -> str:
        rest = iri[len(self.id_base):] if iri.startswith(self.id_base) else ""
        return rest.split("/", 1)[0]

    def has_page(self, iri: str) -> bool:
        return iri in self.index or iri in self.folded

    def links_between(self, a: int, b: int) -> list[tuple[int, str]]:
        """The original links (source index, property) between two adjacent nodes."""
        return list(self.graph.edges[a, b]["links"])

    def hub_cost(self, node: int) -> float:
        degree = float(self.degree[node])
        return HUB_COST_PER_DOUBLING * math.log2(degree / HUB_DEGREE) if degree > HUB_DEGREE else 0.0


def load_projection(store: GraphStore, library: QueryLibrary, id_base: str) -> Projection:
    """Read nodes and meaningful links through the named queries and build the projection."""
    started = time.perf_counter()
    names: dict[str, tuple[str, bool]] = {}
    for row in library.select(store, "navigate/projection_nodes", idbase=id_base):
        iri = row["node"].value
        if iri not in names or row["label"].language == "en":
            names[iri] = (row["label"].value, "isSample" in row and row["isSample"].value == "true")
    owners = {row["part"].value: row["owner"].value
              for row in library.select(store, "navigate/projection_owners")}
    edges = library.select(store, "navigate/projection_edges", property=[NamedNode(r.property) for r in RELATIONS])
    return assemble(id_base, names, owners, ((r["source"].value, r["property"].value, r["target"].value)
                                             for r in edges), started)


def assemble(id_base: str, names: dict[str, tuple[str, bool]], owners: dict[str, str],
             edges: Iterable[tuple[str, str, str]], started: float | None = None) -> Projection:
    started = time.perf_counter() if started is None else started

    def kind(iri: str) -> str:
        return iri[len(id_base):].split("/", 1)[0]

    folded = {iri: (kind(iri), *names[iri]) for iri in owners if iri in names}
    iris = sorted(iri for iri in names if iri not in folded)
    projection = Projection(
        id_base=id_base, iris=iris, kinds=[kind(i) for i in iris], labels=[names[i][0] for i in iris],
        samples=[names[i][1] for i in iris], graph=nx.Graph(), owners=owners, folded=folded,
    )
    index = projection.index = {iri: n for n, iri in enumerate(iris)}
    graph = projection.graph
    graph.add_nodes_from(range(len(iris)))
    for source, prop, target in edges:
        a, b = index.get(source), index.get(target)
        if a is None or b is None or a == b or prop not in BY_PROPERTY:
            continue
        if graph.has_edge(a, b):
            graph.edges[a, b]["links"].append((a, prop))
        else:
            graph.add_edge(a, b, links=[(a, prop)])
    projection.degree = np.array([graph.degree(n) for n in range(len(iris))], dtype=np.float64)
    _weigh(projection)
    projection.transition = _transition_matrix(projection)
    projection.costs = _cost_matrix(projection)
    projection.build_seconds = time.perf_counter() - started
    return projection


def _weigh(projection: Projection) -> None:
    """Two weights per edge: `rank` (how much a link says about closeness, for PageRank) and `cost`
    (for path-finding: one per hop, plus a charge for passing through a hub)."""
    hub = [projection.hub_cost(n) for n in range(projection.size)]
    for a, b, data in projection.graph.edges(data=True):
        data["rank"] = max(BY_PROPERTY[prop].weight for _source, prop in data["links"])
        data["cost"] = 1.0 + (hub[a] + hub[b]) / 2


def _transition_matrix(projection: Projection) -> sparse.csr_matrix:
    """Column-stochastic random-walk matrix over `rank` weights, built once so each personalised
    PageRank is a few sparse products (networkx.pagerank rebuilds its matrix on every call)."""
    n = projection.size
    rows, cols, weights = [], [], []
    for a, b, data in projection.graph.edges(data=True):
        rows += [a, b]
        cols += [b, a]
        weights += [data["rank"], data["rank"]]
    adjacency = sparse.csr_matrix((np.array(weights, dtype=np.float64), (rows, cols)), shape=(n, n))
    out_weight = np.asarray(adjacency.sum(axis=0)).ravel()
    scale = np.divide(1.0, out_weight, out=np.zeros(n), where=out_weight > 0)
    # single precision halves the memory each product reads; ranks need no more
    return (adjacency @ sparse.diags(scale)).tocsr().astype(np.float32)


def _cost_matrix(projection: Projection) -> sparse.csr_matrix:
    """Both directions of every edge with its path-finding cost, for scipy's compiled Dijkstra."""
    n = projection.size
    rows, cols, costs = [], [], []
    for a, b, cost in projection.graph.edges(data="cost"):
        rows += [a, b]
        cols += [b, a]
        costs += [cost, cost]
    return sparse.csr_matrix((np.array(costs, dtype=np.float64), (rows, cols)), shape=(n, n))
