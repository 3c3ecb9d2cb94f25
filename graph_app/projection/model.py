"""The projection: the meaningful links only, as numpy arrays and scipy sparse matrices, built once per
store version.

Nodes are small integers (index into `iris`). Every original link is kept as (source, target, property)
arrays, so a page can say which way a link points and what it means; the undirected graph of node pairs
is a sparse adjacency matrix. Building it is three bulk reads (CSV, decoded in C) and array operations:
no Python object per link, which is what made the networkx version take 18 s at scale factor 30.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from scipy import sparse

from ..queries import QueryLibrary
from ..store import GraphStore
from .relations import RELATIONS

# links a node may have before path-finding starts charging for passing through it: below this a node
# is specific (a service, a clinic, a narrow need); above it, a hub ("Kent", "autism" at scale)
HUB_DEGREE = 25
# extra cost per doubling of degree above HUB_DEGREE, so a chain through three specific nodes beats
# two hops through a council with thousands of links
HUB_COST_PER_DOUBLING = 3.0
PROPERTIES: tuple[str, ...] = tuple(relation.property for relation in RELATIONS)
_PROPERTY_NUMBER = {prop: n for n, prop in enumerate(PROPERTIES)}
_WEIGHTS = np.array([relation.weight for relation in RELATIONS], dtype=np.float64)


def _empty_int() -> np.ndarray:
    return np.zeros(0, dtype=np.int32)


@dataclass
class Projection:
    id_base: str
    iris: list[str]
    kinds: list[str]
    labels: list[str]  # English names; pages translate the few they show through labels.label_map
    samples: list[bool]
    owners: dict[str, str]  # folded record (answer, contact, criterion) -> the record it belongs to
    folded: dict[str, tuple[str, str, bool]]  # folded record -> (kind, English name, is sample)
    index: dict[str, int] = field(default_factory=dict)
    degree: np.ndarray = field(default_factory=lambda: np.zeros(0))  # distinct neighbours of each node
    # every original link a -> b (a != b) once, with the number of its property in PROPERTIES
    link_source: np.ndarray = field(default_factory=_empty_int)
    link_target: np.ndarray = field(default_factory=_empty_int)
    link_property: np.ndarray = field(default_factory=_empty_int)
    adjacency: sparse.csr_matrix | None = None  # symmetric; one entry per linked pair, its `rank` weight
    transition: sparse.csr_matrix | None = None
    costs: sparse.csr_matrix | None = None
    label_order: np.ndarray = field(default_factory=_empty_int)  # each node's place in A to Z order
    build_seconds: float = 0.0
    _incident_start: np.ndarray = field(default_factory=_empty_int, repr=False)
    _incident_links: np.ndarray = field(default_factory=_empty_int, repr=False)

    @property
    def size(self) -> int:
        return len(self.iris)

    @property
    def edge_count(self) -> int:
        """Linked pairs of nodes (several links between two nodes count once)."""
        return int(self.adjacency.nnz // 2) if self.adjacency is not None else 0

    def kind_of(self, iri: str) -> str:
        rest = iri[len(self.id_base) :] if iri.startswith(self.id_base) else ""
        return rest.split("/", 1)[0]

    def has_page(self, iri: str) -> bool:
        return iri in self.index or iri in self.folded

    def neighbours(self, node: int) -> np.ndarray:
        adjacency = self.adjacency
        return adjacency.indices[adjacency.indptr[node] : adjacency.indptr[node + 1]]

    def incident_links(self, node: int) -> np.ndarray:
        """Numbers of the links that start or end at `node`."""
        return self._incident_links[self._incident_start[node] : self._incident_start[node + 1]]

    def links_between(self, a: int, b: int) -> list[tuple[int, str]]:
        """The original links (source index, property) between two adjacent nodes."""
        links = self.incident_links(a)
        between = links[(self.link_source[links] == b) | (self.link_target[links] == b)]
        return [(int(self.link_source[n]), PROPERTIES[self.link_property[n]]) for n in between]

    def hub_cost(self, node: int) -> float:
        degree = float(self.degree[node])
        return HUB_COST_PER_DOUBLING * math.log2(degree / HUB_DEGREE) if degree > HUB_DEGREE else 0.0

    def to_networkx(self) -> nx.Graph:
        """The same graph for networkx (tests and benchmarks compare against it), with each edge's
        `links` [(source, property)] and `rank` weight."""
        graph = nx.Graph()
        graph.add_nodes_from(range(self.size))
        for a, b, prop in zip(
            self.link_source.tolist(), self.link_target.tolist(), self.link_property.tolist(), strict=True
        ):
            if graph.has_edge(a, b):
                graph.edges[a, b]["links"].append((a, PROPERTIES[prop]))
            else:
                graph.add_edge(a, b, links=[(a, PROPERTIES[prop])])
        for a, b, data in graph.edges(data=True):
            data["rank"] = float(self.adjacency[a, b])
        return graph


def load_projection(store: GraphStore, library: QueryLibrary, id_base: str) -> Projection:
    """Read nodes and meaningful links through the named queries (in bulk) and build the projection."""
    from pyoxigraph import NamedNode

    started = time.perf_counter()
    names: dict[str, str] = {}
    for iri, label, lang in library.select_table(store, "navigate/projection_nodes"):
        # only nodes with a page, by English (or, failing that, untagged) name
        if iri.startswith(id_base) and (lang == "en" or (not lang and iri not in names)):
            names[iri] = label
    samples = {row[0] for row in library.select_table(store, "navigate/projection_samples")}
    owners = {part: owner for part, owner in library.select_table(store, "navigate/projection_owners")}
    edges = [
        (source, prop, target)
        for prop in PROPERTIES
        for source, target in library.select_table(store, "navigate/projection_edges", property=NamedNode(prop))
    ]
    return assemble(id_base, {iri: (label, iri in samples) for iri, label in names.items()}, owners, edges, started)


def assemble(
    id_base: str,
    names: dict[str, tuple[str, bool]],
    owners: dict[str, str],
    edges: Iterable[Sequence[str]],
    started: float | None = None,
) -> Projection:
    """The projection from names ({iri: (English name, is sample)}), owners of folded records and
    (source, property, target) links."""
    started = time.perf_counter() if started is None else started

    def kind(iri: str) -> str:
        return iri[len(id_base) :].split("/", 1)[0]

    folded = {iri: (kind(iri), *names[iri]) for iri in owners if iri in names}
    iris = sorted(iri for iri in names if iri not in folded)
    p = Projection(
        id_base=id_base,
        iris=iris,
        kinds=[kind(i) for i in iris],
        labels=[names[i][0] for i in iris],
        samples=[names[i][1] for i in iris],
        owners=owners,
        folded=folded,
    )
    index = p.index = {iri: n for n, iri in enumerate(iris)}
    n = len(iris)
    rows = edges if isinstance(edges, list) else list(edges)
    source = np.array([index.get(row[0], -1) for row in rows], dtype=np.int64)
    prop = np.array([_PROPERTY_NUMBER.get(row[1], -1) for row in rows], dtype=np.int64)
    target = np.array([index.get(row[2], -1) for row in rows], dtype=np.int64)
    keep = (source >= 0) & (target >= 0) & (prop >= 0) & (source != target)
    source, target, prop = source[keep], target[keep], prop[keep]
    # one link per (source, target, property), in a stable order
    if len(source):
        _unique, first = np.unique((source * n + target) * len(PROPERTIES) + prop, return_index=True)
        first.sort()
        source, target, prop = source[first], target[first], prop[first]
    p.link_source, p.link_target, p.link_property = (
        source.astype(np.int32),
        target.astype(np.int32),
        prop.astype(np.int32),
    )
    # the undirected pairs, each weighted by its most telling link
    low, high = np.minimum(source, target), np.maximum(source, target)
    pairs, which = np.unique(low * n + high, return_inverse=True)
    rank = np.zeros(len(pairs))
    np.maximum.at(rank, which, _WEIGHTS[prop])
    low, high = pairs // max(n, 1), pairs % max(n, 1)
    both_rows, both_cols = np.concatenate([low, high]), np.concatenate([high, low])
    p.adjacency = sparse.csr_matrix((np.concatenate([rank, rank]), (both_rows, both_cols)), shape=(n, n))
    p.adjacency.sort_indices()
    p.degree = np.diff(p.adjacency.indptr).astype(np.float64)
    p.transition = _transition_matrix(p.adjacency)
    p.costs = _cost_matrix(p, low, high)
    ends = np.concatenate([source, target])
    order = np.argsort(ends, kind="stable")
    p._incident_links = np.concatenate([np.arange(len(source)), np.arange(len(source))])[order].astype(np.int32)
    p._incident_start = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))]).astype(np.int64)
    by_name = sorted(range(n), key=lambda i: (p.labels[i].casefold(), iris[i]))
    p.label_order = np.empty(n, dtype=np.int32)
    p.label_order[by_name] = np.arange(n, dtype=np.int32)
    p.build_seconds = time.perf_counter() - started
    return p


def _transition_matrix(adjacency: sparse.csr_matrix) -> sparse.csr_matrix:
    """Column-stochastic random-walk matrix over `rank` weights, built once so each personalised
    PageRank is a few sparse products (networkx.pagerank rebuilds its matrix on every call)."""
    n = adjacency.shape[0]
    out_weight = np.asarray(adjacency.sum(axis=0)).ravel()
    scale = np.divide(1.0, out_weight, out=np.zeros(n), where=out_weight > 0)
    # single precision halves the memory each product reads; ranks need no more
    return (adjacency @ sparse.diags(scale)).tocsr().astype(np.float32)


def _cost_matrix(p: Projection, low: np.ndarray, high: np.ndarray) -> sparse.csr_matrix:
    """Both directions of every pair with its path-finding cost (one per hop, plus a charge for passing
    through a hub), for scipy's compiled Dijkstra."""
    n = p.size
    degree = p.degree
    hub = np.where(degree > HUB_DEGREE, HUB_COST_PER_DOUBLING * np.log2(np.maximum(degree, 1) / HUB_DEGREE), 0.0)
    cost = 1.0 + (hub[low] + hub[high]) / 2
    return sparse.csr_matrix(
        (np.concatenate([cost, cost]), (np.concatenate([low, high]), np.concatenate([high, low]))), shape=(n, n)
    )
