"""What is near a node: related topics ("You might also want to look at") and the mind map's groups of
links, the family's council and age first and what is linked to their needs before the rest (moved out
of views.py, which serves the pages)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from ...projection import Projection, neighbourhood, related
from ..core.context import family_context, see_all_url, split_by_context
from ..core.graph import get_graph
from ..core.i18n import N_, translate
from ..core.need_links import UNLINKED, need_first, need_ranks
from .nodes import Names, _item, _owner_chain, projection, with_checked

RELATED_LIMIT = 8
RELATED_POOL = 3  # with needs given, related is chosen from this many times the limit, need-linked first
RELATED_CACHE_SIZE = 20000
HUB_NEIGHBOURS = 200
PLACED_KINDS = ("service", "setting")  # records tied to councils and ages: the family's council first
CONTEXT_MEMBERS = 2000  # members of one group read for the context (a need's services: ~100 at scale 1)


# ---- related -------------------------------------------------------------------------------------


def related_for(node_iri: str, limit: int = RELATED_LIMIT) -> list[dict[str, Any]]:
    """ "You might also want to look at": the nodes nearest by personalised PageRank, each with why."""
    p = projection()
    owner_iri, start = _owner_chain(p, node_iri)
    if start is None:
        return []
    needs = need_ranks()
    suggestions = _related_cached(p, start, limit * RELATED_POOL if needs else limit)
    closed = closed_records()  # never suggested as somewhere to go (issue 19); their own pages say so
    suggestions = [s for s in suggestions if p.iris[s.node] not in closed]
    if needs:  # what links to the family's needs first, then the nearest of the rest
        suggestions = need_first(suggestions, lambda s: p.iris[s.node])[:limit]
    mentioned = {p.iris[s.node] for s in suggestions}
    for s in suggestions:
        mentioned.update(p.iris[n] for n in s.shared)
        if s.through is not None:
            mentioned.add(p.iris[s.through])
    if owner_iri != node_iri:
        mentioned.add(owner_iri)
    names = Names(mentioned, p)
    items = []
    if owner_iri != node_iri:  # the owner first: the page this record belongs to
        owner = {"reason": "this record belongs to it", "reason_names": []}
        owner["reason_key"] = N_("This record belongs to it.")
        items.append(_item(p, owner_iri, names) | owner)
    for s in suggestions:
        # the page says why in its language (reason_key, a msgid) with each name marked in its own
        # (reason_names: labels.Label); "reason" stays the English sentence for the JSON twin
        if s.shared:
            named, key = [names[p.iris[n]] for n in s.shared], N_("Shares: {names}.")
            reason = "shares: " + ", ".join(named)
        elif s.through is not None:
            named, key = [names[p.iris[s.through]]], N_("Linked through {names}.")
            reason = "linked through " + named[0]
        else:
            named, key, reason = [], N_("Linked directly."), "linked directly"
        items.append(_item(p, p.iris[s.node], names) | {"reason": reason, "reason_key": key, "reason_names": named})
    return _in_context(with_checked(items[:limit]), pinned=1 if owner_iri != node_iri else 0)


def closed_records() -> frozenset[str]:
    """Services and settings that have closed (lo:closedOn), once per store version."""
    graph = get_graph()

    def read() -> frozenset[str]:
        rows = graph.library.select(graph.store, "search/closures", idbase=graph.id_base)
        return frozenset(row["node"].value for row in rows)

    return graph.memo("closed_records", read)


def _in_context(items: list[dict[str, Any]], pinned: int = 0) -> list[dict[str, Any]]:
    """Items marked "local", "elsewhere" (another council) or "other_age" (the child's age is outside
    theirs) and ordered so, when the family chose a council or gave an age; the page shows the last two
    under "Elsewhere in SE7 (n)" and "Not for age N (n)". Within each, what links to the family's needs
    comes first; the first `pinned` items (the record's owner) stay first."""
    placed = [item for item in items if item["kind"] in PLACED_KINDS]
    split = split_by_context(placed)
    where = {id(i): "elsewhere" for i in split.elsewhere} | {id(i): "other_age" for i in split.other_ages}
    marked = [item | {"where": where.get(id(item), "local")} for item in items]
    for item in marked:
        if item["where"] == "other_age":
            item["age"] = split.age  # the age it is not for, for "Not for age N"
    order = {"local": 0, "elsewhere": 1, "other_age": 2}
    ranks = need_ranks()
    for n, item in enumerate(marked):
        item["need_linked"] = n >= pinned and ranks.get(item["iri"], UNLINKED) < UNLINKED
    return marked[:pinned] + sorted(
        marked[pinned:], key=lambda item: (order[item["where"]], ranks.get(item["iri"], UNLINKED))
    )


def _related_cached(p: Projection, start: int, limit: int) -> list:
    """Related nodes are the same for every visitor until the next build: keep the most recent ones
    on the projection (which a new build replaces), so a page seen before costs nothing."""
    cache = p.__dict__.setdefault("related_cache", {})
    key = (start, limit)
    if key not in cache:
        if len(cache) >= RELATED_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = related(p, start, limit=limit)
    return cache[key]


# ---- the mind map --------------------------------------------------------------------------------


def _groups_cached(p: Projection, node: int) -> list:
    """A hub's groups (thousands of links to sort) are kept on the projection they come from."""
    if p.degree[node] < HUB_NEIGHBOURS:
        return neighbourhood(p, node)
    cache = p.__dict__.setdefault("neighbourhood_cache", {})
    if node not in cache:
        cache[node] = neighbourhood(p, node)
    return cache[node]


def neighbourhood_for(node_iri: str) -> dict[str, Any]:
    """A node's meaningful links grouped by relation, at most a few per group, with "and N more"; with a
    council or age chosen, a group of services or settings shows the family's council's first and counts
    the rest ("elsewhere", "other_ages"), and its "See all" opens search with the context set."""
    p = projection()
    if node_iri in p.index:
        node = p.index[node_iri]
        groups = _groups_cached(p, node)
        context = family_context()
        if context.area_slug or context.age is not None or context.needs:
            groups = _in_context_groups(p, node, groups)
        iris = {node_iri} | {p.iris[m] for g in groups for m in g.members}
        names = Names(iris, p)
        kind, slug = node_iri[len(p.id_base) :].split("/", 1)
        shaped = []
        for g in groups:
            more = g.count - len(g.members)
            member_kinds = {p.kinds[m] for m in g.members}
            full = url_for("explore.node_links", kind=kind, slug=slug, direction=g.direction, property=g.property)
            shaped.append(
                {
                    "title": translate(g.title),  # the map list and mindmap.js show it as it comes
                    "direction": g.direction,
                    "property": g.property,
                    "count": g.count,
                    "members": [_item(p, p.iris[m], names) for m in g.members],
                    "more": more,
                    "more_url": see_all_url(node_iri, member_kinds, full) if more > 0 else None,
                    "elsewhere": getattr(g, "elsewhere", 0),
                    "other_ages": getattr(g, "other_ages", 0),
                }
            )
        centre = _item(p, node_iri, names)
        with_checked([centre, *(m for g in shaped for m in g["members"])])  # one query for the whole map
        return {"node": centre, "groups": shaped, "context": family_context().as_json()}
    owner_iri, _start = _owner_chain(p, node_iri)
    names = Names({node_iri, owner_iri}, p)
    groups = []
    if owner_iri != node_iri:
        groups.append(
            {
                "title": translate("Belongs to"),
                "direction": "out",
                "property": "",
                "count": 1,
                "members": [_item(p, owner_iri, names)],
                "more": 0,
                "more_url": None,
                "elsewhere": 0,
                "other_ages": 0,
            }
        )
    centre = _item(p, node_iri, names)
    with_checked([centre, *(m for g in groups for m in g["members"])])
    return {"node": centre, "groups": groups, "context": family_context().as_json()}


class _PlacedGroup:
    """A group of the map whose members are the family's council's first (and what links to their needs
    first within); `elsewhere` and `other_ages` count the rest."""

    def __init__(self, group: Any, members: tuple[int, ...], elsewhere: int, other_ages: int) -> None:
        self.title, self.direction, self.property = group.title, group.direction, group.property
        self.count = group.count
        self.members, self.elsewhere, self.other_ages = members, elsewhere, other_ages


def _in_context_groups(p: Projection, node: int, groups: list) -> list:
    """Groups re-chosen from all their members: services and settings the family's council's first, and in
    every group what links to the family's needs before the rest (directly, then through the broader
    need)."""
    per_group = max((len(g.members) for g in groups), default=0)
    context = family_context()
    placed = [g for g in groups if any(p.kinds[m] in PLACED_KINDS for m in g.members)]
    if not placed and not context.needs:
        return groups
    everything = {(g.property, g.direction): g for g in neighbourhood(p, node, per_group=CONTEXT_MEMBERS)}
    out = []
    for g in groups:
        whole = everything.get((g.property, g.direction))
        if whole is None or (g not in placed and not context.needs):
            out.append(g)
            continue
        members = need_first(list(whole.members), lambda m: p.iris[m])
        if g not in placed:
            out.append(_PlacedGroup(g, tuple(members[:per_group]), 0, 0))
            continue
        split = split_by_context(members, iri_of=lambda m: p.iris[m])
        chosen = (split.local + split.elsewhere + split.other_ages)[:per_group]
        out.append(_PlacedGroup(g, tuple(chosen), len(split.elsewhere), len(split.other_ages)))
    return out
