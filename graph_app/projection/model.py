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
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from ..queries import QueryLibrary
from ..store import GraphStore
from .columns import Coded, Flags, Index, Lookup, Strings, TextMap, pack_lookup, pack_strings
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


# every array a projection is made of, with its type: what is written to files and mapped back
ARRAYS: dict[str, str] = {
    "iri_offsets": "int64",  # node IRIs, in sorted order (columns.Strings)
    "iri_bytes": "uint8",
    "iri_hashes": "uint64",  # IRI -> node (columns.Lookup)
    "iri_positions": "int32",
    "kind_codes": "int16",  # into meta["kinds"]
    "label_offsets": "int64",  # English names
    "label_bytes": "uint8",
    "samples": "bool",
    "folded_offsets": "int64",  # folded records with a name, sorted
    "folded_bytes": "uint8",
    "folded_hashes": "uint64",
    "folded_positions": "int32",
    "folded_kind_codes": "int16",
    "folded_label_offsets": "int64",
    "folded_label_bytes": "uint8",
    "folded_samples": "bool",
    "owner_key_offsets": "int64",  # folded record -> the record it belongs to
    "owner_key_bytes": "uint8",
    "owner_hashes": "uint64",
    "owner_positions": "int32",
    "owner_offsets": "int64",
    "owner_bytes": "uint8",
    "degree": "float64",  # distinct neighbours of each node
    # every original link a -> b (a != b) once, with the number of its property in PROPERTIES
    "link_source": "int32",
    "link_target": "int32",
    "link_property": "int32",
    "incident_start": "int64",  # the links at each node: incident_links[start[n]:start[n + 1]]
    "incident_links": "int32",
    "label_order": "int32",  # each node's place in A to Z order
    # symmetric; one entry per linked pair, its `rank` weight
    "adjacency_data": "float64",
    "adjacency_indices": "int32",
    "adjacency_indptr": "int32",
    # both directions of every pair with its path-finding cost
    "costs_data": "float64",
    "costs_indices": "int32",
    "costs_indptr": "int32",
    # D^-1/2 A D^-1/2 over `rank` weights, with D^1/2 and D^-1/2, for related (rank.py)
    "walk_data": "float32",
    "walk_indices": "int32",
    "walk_indptr": "int32",
    "walk_root": "float32",
    "walk_inverse": "float32",
}


class Projection:
    """The projection over its arrays (in memory after a build, or mapped read-only from files shared by
    every worker: projection/shared.py); `meta` holds the few values that are not arrays."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.arrays = arrays
        self.meta = meta
        self.id_base: str = meta["id_base"]
        self.build_seconds: float = meta.get("build_seconds", 0.0)
        a = arrays
        self.iris = Strings(a["iri_offsets"], a["iri_bytes"])
        self.index = Index(self.iris, Lookup(self.iris, a["iri_hashes"], a["iri_positions"]))
        self.kinds = Coded(a["kind_codes"], meta["kinds"])
        self.labels = Strings(a["label_offsets"], a["label_bytes"])
        self.samples = Flags(a["samples"])
        folded_iris = Strings(a["folded_offsets"], a["folded_bytes"])
        folded_kinds = Coded(a["folded_kind_codes"], meta["kinds"])
        folded_labels = Strings(a["folded_label_offsets"], a["folded_label_bytes"])
        folded_samples = Flags(a["folded_samples"])
        # folded record -> (kind, English name, is sample)
        self.folded = TextMap(
            folded_iris,
            Lookup(folded_iris, a["folded_hashes"], a["folded_positions"]),
            lambda n: (folded_kinds[n], folded_labels[n], folded_samples[n]),
        )
        owner_keys = Strings(a["owner_key_offsets"], a["owner_key_bytes"])
        owner_values = Strings(a["owner_offsets"], a["owner_bytes"])
        self.owners = TextMap(
            owner_keys, Lookup(owner_keys, a["owner_hashes"], a["owner_positions"]), owner_values.__getitem__
        )
        self.degree = a["degree"]
        self.link_source, self.link_target, self.link_property = a["link_source"], a["link_target"], a["link_property"]
        self.label_order = a["label_order"]
        n = len(self.iris)
        self.adjacency = _csr(a, "adjacency", n)
        self.costs = _csr(a, "costs", n)
        self.walk = _csr(a, "walk", n)

    @property
    def size(self) -> int:
        return len(self.iris)

    @property
    def edge_count(self) -> int:
        """Linked pairs of nodes (several links between two nodes count once)."""
        return int(self.adjacency.nnz // 2)

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
        start = self.arrays["incident_start"]
        return self.arrays["incident_links"][start[node] : start[node + 1]]

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


def _csr(arrays: dict[str, np.ndarray], name: str, n: int) -> sparse.csr_matrix:
    """A CSR matrix over the arrays as they are (mapped arrays are not copied)."""
    matrix = sparse.csr_matrix(
        (arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"]), shape=(n, n), copy=False
    )
    return matrix


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

    folded = sorted(iri for iri in owners if iri in names)
    folded_set = set(folded)
    iris = sorted(iri for iri in names if iri not in folded_set)
    kinds = sorted({kind(iri) for iri in iris} | {kind(iri) for iri in folded})
    kind_code = {name: code for code, name in enumerate(kinds)}
    a: dict[str, np.ndarray] = {}
    a["iri_offsets"], a["iri_bytes"] = pack_strings(iris)
    a["iri_hashes"], a["iri_positions"] = pack_lookup(iris)
    a["kind_codes"] = np.array([kind_code[kind(iri)] for iri in iris], dtype=np.int16)
    labels = [names[iri][0] for iri in iris]
    a["label_offsets"], a["label_bytes"] = pack_strings(labels)
    a["samples"] = np.array([names[iri][1] for iri in iris], dtype=bool)
    a["folded_offsets"], a["folded_bytes"] = pack_strings(folded)
    a["folded_hashes"], a["folded_positions"] = pack_lookup(folded)
    a["folded_kind_codes"] = np.array([kind_code[kind(iri)] for iri in folded], dtype=np.int16)
    a["folded_label_offsets"], a["folded_label_bytes"] = pack_strings(names[iri][0] for iri in folded)
    a["folded_samples"] = np.array([names[iri][1] for iri in folded], dtype=bool)
    owned = list(owners)
    a["owner_key_offsets"], a["owner_key_bytes"] = pack_strings(owned)
    a["owner_hashes"], a["owner_positions"] = pack_lookup(owned)
    a["owner_offsets"], a["owner_bytes"] = pack_strings(owners[iri] for iri in owned)
    index = {iri: n for n, iri in enumerate(iris)}
    n = len(iris)
    rows = edges if isinstance(edges, list) else list(edges)
    source = np.array([index.get(row[0], -1) for row in rows], dtype=np.int64)
    prop = np.array([_PROPERTY_NUMBER.get(row[1], -1) for row in rows], dtype=np.int64)
    target = np.array([index.get(row[2], -1) for row in rows], dtype=np.int64)
    del index, rows
    keep = (source >= 0) & (target >= 0) & (prop >= 0) & (source != target)
    source, target, prop = source[keep], target[keep], prop[keep]
    # one link per (source, target, property), in a stable order
    if len(source):
        _unique, first = np.unique((source * n + target) * len(PROPERTIES) + prop, return_index=True)
        first.sort()
        source, target, prop = source[first], target[first], prop[first]
    a["link_source"], a["link_target"], a["link_property"] = (
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
    adjacency = sparse.csr_matrix((np.concatenate([rank, rank]), (both_rows, both_cols)), shape=(n, n))
    adjacency.sort_indices()
    degree = a["degree"] = np.diff(adjacency.indptr).astype(np.float64)
    _put_csr(a, "adjacency", adjacency)
    _put_csr(a, "costs", _cost_matrix(n, degree, low, high))
    walk, a["walk_root"], a["walk_inverse"] = _symmetric_walk(adjacency)
    _put_csr(a, "walk", walk)
    ends = np.concatenate([source, target])
    order = np.argsort(ends, kind="stable")
    a["incident_links"] = np.concatenate([np.arange(len(source)), np.arange(len(source))])[order].astype(np.int32)
    a["incident_start"] = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))]).astype(np.int64)
    by_name = sorted(range(n), key=lambda i: (labels[i].casefold(), iris[i]))
    a["label_order"] = np.empty(n, dtype=np.int32)
    a["label_order"][by_name] = np.arange(n, dtype=np.int32)
    arrays = {name: np.ascontiguousarray(a[name], dtype=dtype) for name, dtype in ARRAYS.items()}
    meta = {"id_base": id_base, "kinds": kinds, "build_seconds": time.perf_counter() - started}
    return Projection(arrays, meta)


def _put_csr(arrays: dict[str, np.ndarray], name: str, matrix: sparse.csr_matrix) -> None:
    arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"] = (
        matrix.data,
        matrix.indices,
        matrix.indptr,
    )


def _symmetric_walk(adjacency: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """D^-1/2 A D^-1/2 over `rank` weights, with D^1/2 and D^-1/2: the symmetric form of the random walk
    that related (rank.py) solves with conjugate gradients, in single precision (it halves the memory
    each product reads; ranks need no more)."""
    weight = np.asarray(adjacency.sum(axis=0)).ravel()
    root = np.sqrt(weight)
    inverse = np.divide(1.0, root, out=np.zeros_like(root), where=root > 0)
    walk = (sparse.diags(inverse) @ adjacency @ sparse.diags(inverse)).tocsr().astype(np.float32)
    return walk, root.astype(np.float32), inverse.astype(np.float32)


def _cost_matrix(n: int, degree: np.ndarray, low: np.ndarray, high: np.ndarray) -> sparse.csr_matrix:
    """Both directions of every pair with its path-finding cost (one per hop, plus a charge for passing
    through a hub), for scipy's compiled Dijkstra."""
    hub = np.where(degree > HUB_DEGREE, HUB_COST_PER_DOUBLING * np.log2(np.maximum(degree, 1) / HUB_DEGREE), 0.0)
    cost = 1.0 + (hub[low] + hub[high]) / 2
    return sparse.csr_matrix(
        (np.concatenate([cost, cost]), (np.concatenate([low, high]), np.concatenate([high, low]))), shape=(n, n)
    )
