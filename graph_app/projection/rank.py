"""Related nodes: personalised PageRank from one node over the projection, with a reason for each.

Conjugate gradients on the symmetric form of the walk, built once per projection: about fifteen sparse
products, half a millisecond each at scale factor 30.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Projection

# a walk that restarts often stays near the start (what "related" means) and converges in fewer steps
DAMPING = 0.75
RELATIVE_RESIDUAL = 1e-6
MAX_ITERATIONS = 50
SHORTLIST = 400
# PageRank favours nodes with many links; dividing by a power of the degree lets a specific service that
# shares three things with the start beat "Kent", which everything is near
DEGREE_DAMPING = 0.75
PER_KIND = 3
# broad classifications are near everything; one of each kind is enough in a short list
BROAD_KINDS = {
    "age-band": 1,
    "heading": 2,
    "sector": 1,
    "access-level": 1,
    "funding-route": 1,
    "referral-route": 1,
    "organisation-type": 1,
}
# kinds whose names make the best reasons, in order: what the child needs, then where, then age
REASON_KINDS = ("need", "area", "age-band", "heading", "pathway", "clause", "provider", "pfa-theme", "sector")
REASON_SIZE = 3


@dataclass(frozen=True)
class Suggestion:
    node: int
    score: float
    shared: tuple[int, ...]  # neighbours it shares with the start, most telling first
    through: int | None  # when nothing is shared: the neighbour that links it most strongly


def personalised_pagerank(projection: Projection, start: int) -> np.ndarray:
    """Stationary distribution of a walk that restarts at `start` with probability 1 - DAMPING.

    The links are undirected, so the walk is reversible and PageRank is the solution of a symmetric
    positive definite system, (I - DAMPING * D^-1/2 A D^-1/2) z = (1 - DAMPING) D^-1/2 e_start with
    scores = D^1/2 z: conjugate gradients solve it in about 15 sparse products where the power
    iteration took 33 (the walk never reaches a node without links, so none needs a jump back)."""
    walk, sqrt_degree, inverse_sqrt_degree = _symmetric_walk(projection)
    rhs = np.zeros(projection.size, dtype=np.float32)
    rhs[start] = (1.0 - DAMPING) * inverse_sqrt_degree[start]
    solution = np.zeros_like(rhs)
    residual = rhs.copy()
    direction = residual.copy()
    squared = float(residual @ residual)
    stop = squared * RELATIVE_RESIDUAL**2
    for _ in range(MAX_ITERATIONS):
        product = direction - DAMPING * (walk @ direction)
        step = squared / float(direction @ product)
        solution += step * direction
        residual -= step * product
        following = float(residual @ residual)
        if following <= stop:
            break
        direction = residual + (following / squared) * direction
        squared = following
    return np.maximum(sqrt_degree * solution, 0.0)


def _symmetric_walk(projection: Projection) -> tuple[object, np.ndarray, np.ndarray]:
    """D^-1/2 A D^-1/2 over `rank` weights, with D^1/2 and D^-1/2, made with the projection (model.py)."""
    return projection.walk, projection.arrays["walk_root"], projection.arrays["walk_inverse"]


def related(projection: Projection, start: int, limit: int = 8, skip_neighbours: bool = True) -> list[Suggestion]:
    """The nodes most related to `start`, never itself, spread across kinds (at most PER_KIND of one
    kind), without its direct neighbours (its page lists them already) unless too few others exist."""
    if projection.degree[start] == 0:
        return []
    scores = personalised_pagerank(projection, start)
    ranked_scores = scores / np.power(np.maximum(projection.degree, 1.0), DEGREE_DAMPING)
    neighbours = set(projection.neighbours(start).tolist())
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > SHORTLIST:  # only the best few hundred need sorting
        candidates = candidates[np.argpartition(-ranked_scores[candidates], SHORTLIST)[:SHORTLIST]]
    order = candidates[np.argsort(-ranked_scores[candidates], kind="stable")]
    chosen: list[int] = []
    per_kind: dict[str, int] = {}
    for passes_neighbours in (False, True) if skip_neighbours else (True,):
        for node in order:
            node = int(node)
            if node == start or node in chosen or (node in neighbours and not passes_neighbours):
                continue
            kind = projection.kinds[node]
            if per_kind.get(kind, 0) >= BROAD_KINDS.get(kind, PER_KIND):
                continue
            chosen.append(node)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            if len(chosen) >= limit:
                break
        if len(chosen) >= limit:
            break
    return [_explain(projection, start, neighbours, node, float(ranked_scores[node]), scores) for node in chosen]


def _reason_keys(projection: Projection) -> tuple[np.ndarray, np.ndarray]:
    """Per node, a number for its kind and how telling a reason that kind makes (one small array per
    projection: a hub shares thousands of neighbours with its suggestions)."""
    cached = projection.__dict__.get("reason_keys")
    if cached is None:
        kind_code = projection.kinds.codes
        by_code = [REASON_KINDS.index(k) if k in REASON_KINDS else len(REASON_KINDS) for k in projection.meta["kinds"]]
        priority = np.array(by_code, dtype=np.int32)[kind_code] if len(kind_code) else np.zeros(0, dtype=np.int32)
        cached = projection.__dict__["reason_keys"] = (kind_code, priority)
    return cached


def _explain(
    projection: Projection, start: int, neighbours: set[int], node: int, score: float, scores: np.ndarray
) -> Suggestion:
    own = projection.neighbours(node)
    shared = np.intersect1d(projection.neighbours(start), own, assume_unique=True)
    kind_code, priority = _reason_keys(projection)
    # most telling first: by kind (a need, then an area, then an age...), the most specific (fewest
    # links), then by IRI (node numbers follow IRI order)
    ordered = shared[np.lexsort((shared, projection.degree[shared], priority[shared]))]
    # one name per kind first (a need, an area, an age), then more of the same kind if room is left
    _codes, first = np.unique(kind_code[ordered], return_index=True)
    picked = ordered[np.sort(first)][:REASON_SIZE].tolist()
    picked += [int(n) for n in ordered[: REASON_SIZE * 2] if int(n) not in picked]
    through = None
    if not len(shared) and node not in neighbours:
        through = max(own.tolist(), key=lambda n: (scores[n], -n), default=None)
    return Suggestion(node, score, tuple(picked[:REASON_SIZE]), through)
