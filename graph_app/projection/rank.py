"""Related nodes: personalised PageRank from one node over the projection, with a reason for each.

The power iteration runs on the transition matrix built once per store version: a few dozen sparse
products, about a millisecond each at scale factor 30.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Projection

# a walk that restarts often stays near the start (what "related" means) and converges in fewer steps
DAMPING = 0.75
TOLERANCE = 1e-4
MAX_ITERATIONS = 50
SHORTLIST = 400
# PageRank favours nodes with many links; dividing by a power of the degree lets a specific service that
# shares three things with the start beat "Kent", which everything is near
DEGREE_DAMPING = 0.75
PER_KIND = 3
# broad classifications are near everything; one of each kind is enough in a short list
BROAD_KINDS = {"age-band": 1, "heading": 2, "sector": 1, "access-level": 1, "funding-route": 1,
               "referral-route": 1, "organisation-type": 1}
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
    """Stationary distribution of a walk that restarts at `start` with probability 1 - DAMPING."""
    matrix = projection.transition
    restart = np.zeros(projection.size, dtype=np.float32)
    restart[start] = 1.0
    scores = restart.copy()
    dangling = projection.degree == 0
    for _ in range(MAX_ITERATIONS):
        # a walker on a node with no links jumps back to the start (mass is kept)
        following = DAMPING * (matrix @ scores) + (1.0 - DAMPING + DAMPING * scores[dangling].sum()) * restart
        if np.abs(following - scores).sum() < TOLERANCE:
            return following
        scores = following
    return scores


def related(projection: Projection, start: int, limit: int = 8, skip_neighbours: bool = True) -> list[Suggestion]:
    """The nodes most related to `start`, never itself, spread across kinds (at most PER_KIND of one
    kind), without its direct neighbours (its page lists them already) unless too few others exist."""
    if projection.degree[start] == 0:
        return []
    scores = personalised_pagerank(projection, start)
    ranked_scores = scores / np.power(np.maximum(projection.degree, 1.0), DEGREE_DAMPING)
    neighbours = set(projection.graph.adj[start])
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > SHORTLIST:  # only the best few hundred need sorting
        candidates = candidates[np.argpartition(-ranked_scores[candidates], SHORTLIST)[:SHORTLIST]]
    order = candidates[np.argsort(-ranked_scores[candidates], kind="stable")]
    chosen: list[int] = []
    per_kind: dict[str, int] = {}
    for passes_neighbours in ((False, True) if skip_neighbours else (True,)):
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


def _explain(projection: Projection, start: int, neighbours: set[int], node: int, score: float,
             scores: np.ndarray) -> Suggestion:
    adjacency = projection.graph.adj
    shared = neighbours.intersection(adjacency[node])

    def telling(neighbour: int) -> tuple[int, float, str]:
        kind = projection.kinds[neighbour]
        priority = REASON_KINDS.index(kind) if kind in REASON_KINDS else len(REASON_KINDS)
        return (priority, projection.degree[neighbour], projection.iris[neighbour])

    ordered = sorted(shared, key=telling)
    # one name per kind first (a need, an area, an age), then more of the same kind if room is left
    picked: list[int] = []
    seen_kinds: set[str] = set()
    for neighbour in ordered:
        if projection.kinds[neighbour] not in seen_kinds:
            picked.append(neighbour)
            seen_kinds.add(projection.kinds[neighbour])
    picked += [n for n in ordered if n not in picked]
    through = None
    if not shared and node not in neighbours:
        through = max(adjacency[node], key=lambda n: (scores[n], -n), default=None)
    return Suggestion(node, score, tuple(picked[:REASON_SIZE]), through)
