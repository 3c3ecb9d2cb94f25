"""The mind map, related topics and paths between nodes, and the home page map of top-level topics.

Everything here reads the navigation projection (graph_app/projection), built once per store version;
names come from the store in the reader's language for just the nodes a page shows.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, request, url_for

from ...namespaces import KINDS
from ...projection import (
    Projection,
    catalogue,
    chain_steps,
    load_projection,
    neighbourhood,
    related,
    shortest_chain,
)
from ..core.area import current_area_slug
from ..core.context import context_chips, family_context, see_all_url, split_by_context
from ..core.graph import get_graph
from ..core.labels import DEFAULT_LANGUAGE, label_map, reader_languages
from ..core.links import node_url as record_url
from ..core.twin import respond, twin_route
from . import home_form
from .projection_keeper import ProjectionKeeper

maps = Blueprint("maps", __name__)

RELATED_LIMIT = 8
RELATED_CACHE_SIZE = 20000
MAX_PARAMETER = 2000
HUB_NEIGHBOURS = 200
CANDIDATES = 10
PLACED_KINDS = ("service", "setting")  # records tied to councils and ages: the family's council first
CONTEXT_MEMBERS = 2000  # members of one group read for the context (a need's services: ~100 at scale 1)
HOME_GROUPS = (
    ("sections", "The four sections of the local offer",
     "Education, health, social care and preparing for adulthood: everything is filed under one of these."),
    ("needs", "Needs", "The four broad areas of special educational needs, with the needs under each."),
    ("ages", "Ages", "From birth to 25."),
    ("areas", "Where you live", "The seven council areas of the south east (SE7)."),
    ("going-wrong", "If things go wrong", "From raising a concern to an appeal to the tribunal."),
    ("money", "Money and personal budgets", "Paying for support and having a say in how it is spent."),
    ("travel", "Travel", "Getting to school, college and appointments, and learning to travel alone."),
    ("ehc", "Education, health and care (EHC) assessment",
     "How to ask for an EHC needs assessment, and what happens at each step."),
)


# ---- the projection and the nodes it knows -------------------------------------------------------

def keep_projection(app: Flask) -> None:
    """One projection keeper per app; warmed in the background at start-up unless the app is under test
    (WARM_PROJECTION overrides), so the first family request does not wait seconds for it."""
    graph = app.extensions["graph"]
    keeper = ProjectionKeeper(version=lambda: graph.store.version(),
                              load=lambda: load_projection(graph.store, graph.library, graph.id_base))
    app.extensions["projection_keeper"] = keeper
    if app.config.get("WARM_PROJECTION", not app.testing):
        keeper.warm()


def projection() -> Projection:
    """The projection of the store version served (or, for a moment after an edit, of the one before)."""
    return current_app.extensions["projection_keeper"].get()


_catalogue_lock = threading.Lock()


def _catalogue() -> dict:
    p = projection()
    with _catalogue_lock:  # kept on the projection it was made from, so it never mixes versions
        if "catalogue" not in p.__dict__:
            p.__dict__["catalogue"] = catalogue(p)
        return p.__dict__["catalogue"]


def node_url(iri: str) -> str | None:
    return record_url(iri, get_graph().id_base)


def kind_label(kind: str) -> str:
    return KINDS.get(kind, ("", kind, kind))[1]


class Names:
    """Names in the reader's language for a set of IRIs, fetched in one query; for a reader who reads
    only English, straight from the projection's English names (no query at all)."""

    def __init__(self, iris, p: Projection | None = None) -> None:  # any iterable of IRIs
        wanted = set(iris)
        self._names: dict[str, str] = {}
        if p is not None and reader_languages() == [DEFAULT_LANGUAGE]:
            for iri in wanted:
                if iri in p.index:
                    self._names[iri] = p.labels[p.index[iri]]
                elif iri in p.folded:
                    self._names[iri] = p.folded[iri][1]
        missing = wanted - self._names.keys()
        if missing:
            self._names.update(label_map(get_graph(), missing))

    def __getitem__(self, iri: str) -> str:
        return self._names.get(iri, iri)


def _item(p: Projection, iri: str, names: Names) -> dict[str, Any]:
    if iri in p.index:
        n = p.index[iri]
        kind, is_sample = p.kinds[n], p.samples[n]
    else:
        kind, _label, is_sample = p.folded.get(iri, (p.kind_of(iri), "", False))
    return {"iri": iri, "label": names[iri], "url": node_url(iri), "kind": kind, "kind_label": kind_label(kind),
            "is_sample": is_sample}


def resolve(raw: str | None, parameter: str) -> str:
    """A node IRI from a parameter: a full IRI, a page path such as /id/need/autism, or a page URL on
    this site. 400 (naming the parameter) when it is none of these; 404 when no such node exists."""
    p = projection()
    text = (raw or "").strip()
    if not text:
        abort(400, f"The '{parameter}' parameter is missing: give the address of a page, such as /id/need/autism.")
    if len(text) > MAX_PARAMETER:
        abort(400, f"The '{parameter}' parameter is too long.")
    iri = text
    if not text.startswith(p.id_base):
        path = urlsplit(text).path
        if "/id/" not in path:
            abort(400, f"The '{parameter}' parameter must be the address of a page, such as /id/need/autism, "
                       "or a full identifier.")
        iri = p.id_base + path.split("/id/", 1)[1].strip("/")
    if not p.has_page(iri):
        abort(404, f"Nothing is recorded at {iri} (the '{parameter}' parameter).")
    return iri


def _owner_chain(p: Projection, iri: str) -> tuple[str, int | None]:
    """A folded record (an answer, a contact) stands on the map for the record that owns it."""
    seen = {iri}
    while iri not in p.index and iri in p.owners and p.owners[iri] not in seen:
        iri = p.owners[iri]
        seen.add(iri)
    return iri, p.index.get(iri)


# ---- related -------------------------------------------------------------------------------------

def related_for(node_iri: str, limit: int = RELATED_LIMIT) -> list[dict[str, Any]]:
    """"You might also want to look at": the nodes nearest by personalised PageRank, each with why."""
    p = projection()
    owner_iri, start = _owner_chain(p, node_iri)
    if start is None:
        return []
    suggestions = _related_cached(p, start, limit)
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
        items.append(_item(p, owner_iri, names) | {"reason": "this record belongs to it"})
    for s in suggestions:
        if s.shared:
            reason = "shares: " + ", ".join(names[p.iris[n]] for n in s.shared)
        elif s.through is not None:
            reason = "linked through " + names[p.iris[s.through]]
        else:
            reason = "linked directly"
        items.append(_item(p, p.iris[s.node], names) | {"reason": reason})
    return _in_context(items[:limit])


def _in_context(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items marked "local", "elsewhere" (another council) or "other_age" (the child's age is outside
    theirs) and ordered so, when the family chose a council or gave an age; the page shows the last two
    under "Elsewhere in SE7 (n)" and "Not for age N (n)"."""
    placed = [item for item in items if item["kind"] in PLACED_KINDS]
    split = split_by_context(placed)
    where = {id(i): "elsewhere" for i in split.elsewhere} | {id(i): "other_age" for i in split.other_ages}
    marked = [item | {"where": where.get(id(item), "local")} for item in items]
    for item in marked:
        if item["where"] == "other_age":
            item["age"] = split.age  # the age it is not for, for "Not for age N"
    order = {"local": 0, "elsewhere": 1, "other_age": 2}
    return sorted(marked, key=lambda item: order[item["where"]])


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


@twin_route(maps, "/related")
def related_page() -> object:
    iri = resolve(request.args.get("node"), "node")
    p = projection()
    names = Names([iri], p)
    return respond("map/map_related.html", node=_item(p, iri, names), related=related_for(iri),
                   context=family_context().as_json(), chips=context_chips())


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
        if context.area_slug or context.age is not None:
            groups = _local_first(p, node, groups)
        iris = {node_iri} | {p.iris[m] for g in groups for m in g.members}
        names = Names(iris, p)
        kind, slug = node_iri[len(p.id_base):].split("/", 1)
        shaped = []
        for g in groups:
            more = g.count - len(g.members)
            member_kinds = {p.kinds[m] for m in g.members}
            full = url_for("explore.node_links", kind=kind, slug=slug, direction=g.direction, property=g.property)
            shaped.append({
                "title": g.title, "direction": g.direction, "property": g.property, "count": g.count,
                "members": [_item(p, p.iris[m], names) for m in g.members], "more": more,
                "more_url": see_all_url(node_iri, member_kinds, full) if more > 0 else None,
                "elsewhere": getattr(g, "elsewhere", 0), "other_ages": getattr(g, "other_ages", 0),
            })
        return {"node": _item(p, node_iri, names), "groups": shaped, "context": family_context().as_json()}
    owner_iri, _start = _owner_chain(p, node_iri)
    names = Names({node_iri, owner_iri}, p)
    groups = []
    if owner_iri != node_iri:
        groups.append({"title": "Belongs to", "direction": "out", "property": "", "count": 1,
                       "members": [_item(p, owner_iri, names)], "more": 0, "more_url": None,
                       "elsewhere": 0, "other_ages": 0})
    return {"node": _item(p, node_iri, names), "groups": groups, "context": family_context().as_json()}


class _PlacedGroup:
    """A group of the map whose members are the family's council's first; `elsewhere` and `other_ages`
    count the rest."""

    def __init__(self, group: Any, members: tuple[int, ...], elsewhere: int, other_ages: int) -> None:
        self.title, self.direction, self.property = group.title, group.direction, group.property
        self.count = group.count
        self.members, self.elsewhere, self.other_ages = members, elsewhere, other_ages


def _local_first(p: Projection, node: int, groups: list) -> list:
    """Groups of services or settings re-chosen from all their members, the family's council's first."""
    per_group = max((len(g.members) for g in groups), default=0)
    placed = [g for g in groups if any(p.kinds[m] in PLACED_KINDS for m in g.members)]
    if not placed:
        return groups
    everything = {(g.property, g.direction): g for g in neighbourhood(p, node, per_group=CONTEXT_MEMBERS)}
    out = []
    for g in groups:
        whole = everything.get((g.property, g.direction))
        if g not in placed or whole is None:
            out.append(g)
            continue
        split = split_by_context(list(whole.members), iri_of=lambda m: p.iris[m])
        chosen = (split.local + split.elsewhere + split.other_ages)[:per_group]
        out.append(_PlacedGroup(g, tuple(chosen), len(split.elsewhere), len(split.other_ages)))
    return out


@twin_route(maps, "/map/neighbourhood")
def neighbourhood_page() -> object:
    iri = resolve(request.args.get("node"), "node")
    return respond("map/map_neighbourhood.html", **neighbourhood_for(iri), chips=context_chips())


# ---- paths ---------------------------------------------------------------------------------------

@twin_route(maps, "/path")
def path_page() -> object:
    """How is A connected to B. Either end may be a page address, an identifier, or (without
    JavaScript) a name: a name that matches several nodes offers them to choose from."""
    raw_from, raw_to = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    form = {"from": raw_from, "to": raw_to}
    if not raw_from and not raw_to:
        return respond("map/path.html", form=form, asked=False, candidates={}, result=None)
    for parameter, raw in form.items():
        if not raw:
            abort(400, f"The '{parameter}' parameter is missing: say where the connection should "
                       f"{'start' if parameter == 'from' else 'end'}.")
    candidates: dict[str, list[dict[str, Any]]] = {}
    ends: dict[str, str] = {}
    for parameter, raw in (("from", raw_from), ("to", raw_to)):
        found = _by_name(raw, parameter)
        if isinstance(found, str):
            ends[parameter] = found
        else:
            candidates[parameter] = found
    if candidates:
        return respond("map/path.html", form=form, asked=True, candidates=candidates, result=None)
    return respond("map/path.html", form=form, asked=True, candidates={}, result=connection(ends["from"], ends["to"]))


def _by_name(raw: str, parameter: str) -> str | list[dict[str, Any]]:
    """An IRI for an address or identifier; for plain words, the one node with that exact name, or a
    short list of nodes whose names contain the words (the reader picks one)."""
    p = projection()
    if not raw or raw.startswith(("/", "http://", "https://")) or len(raw) > 200:
        return resolve(raw, parameter)
    wanted = raw.casefold()
    exact = [n for n, label in enumerate(p.labels) if label.casefold() == wanted]
    if len(exact) == 1:
        return p.iris[exact[0]]
    found = exact or sorted((n for n, label in enumerate(p.labels) if wanted in label.casefold()),
                            key=lambda n: (len(p.labels[n]), p.labels[n]))
    if not found:
        abort(404, f"Nothing is called “{raw[:80]}” (the '{parameter}' parameter). Try fewer words, or search.")
    names = Names((p.iris[n] for n in found[:CANDIDATES]), p)
    return [_item(p, p.iris[n], names) for n in found[:CANDIDATES]]


def connection(from_iri: str, to_iri: str) -> dict[str, Any]:
    """The cheapest chain of meaningful links from one node to another, as readable steps."""
    p = projection()
    start_iri, start = _owner_chain(p, from_iri)
    end_iri, end = _owner_chain(p, to_iri)
    nodes = shortest_chain(p, start, end) if start is not None and end is not None else None
    iris = [from_iri, to_iri, start_iri, end_iri] + ([p.iris[n] for n in nodes] if nodes else [])
    names = Names(iris, p)
    result: dict[str, Any] = {"from": _item(p, from_iri, names), "to": _item(p, to_iri, names),
                              "connected": nodes is not None, "steps": []}
    if nodes is None:
        return result
    steps = []
    if start_iri != from_iri:
        steps.append((from_iri, start_iri, "belongs to", True))
    steps += [(p.iris[s.a], p.iris[s.b], s.phrase, s.forward) for s in chain_steps(p, nodes)]
    if end_iri != to_iri:
        steps.append((end_iri, to_iri, "belongs to", False))
    result["steps"] = [{"from": _item(p, a, names), "to": _item(p, b, names), "relation": phrase,
                        "forward": forward} for a, b, phrase, forward in steps]
    return result


# ---- home and the A to Z -------------------------------------------------------------------------

@twin_route(maps, "/")
def home() -> object:
    graph = get_graph()
    # the same for every visitor until the next build (the query scans every label: ~0.8 s at scale 30)
    topics = graph.memo("home_topics", lambda: [
        (row["group"].value, row["node"].value)
        for row in graph.library.select(graph.store, "navigate/map_home", idbase=graph.id_base)])
    p = projection()
    names = Names((iri for _group, iri in topics), p)
    members: dict[str, list[dict[str, Any]]] = {}
    for group, iri in topics:
        if p.has_page(iri) and all(m["iri"] != iri for m in members.get(group, [])):
            members.setdefault(group, []).append(_item(p, iri, names))
    groups = [{"key": key, "title": title, "summary": summary, "members": members[key]}
              for key, title, summary in HOME_GROUPS if members.get(key)]
    # the front door: "Tell us three things", sent to /my-child (the kinds' A to Z is on /professionals)
    return respond("map/home.html", groups=groups, need_groups=home_form.need_groups(graph),
                   area_groups=home_form.area_groups(graph), chosen_area=current_area_slug() or "")


@twin_route(maps, "/professionals")
def professionals() -> object:
    """For professionals: every kind of record from A to Z, and the open data (SPARQL, dumps, gaps)."""
    parts = _catalogue()
    # a kind split into parts links each part here too, so every record stays three clicks from home
    kinds = [{"kind": kind, "title": KINDS[kind][2], "count": sum(len(part.entries) for part in parts[kind]),
              "url": url_for("maps.a_to_z", kind=kind),
              "parts": [{"number": part.number, "first": part.first, "last": part.last,
                         "url": url_for("maps.a_to_z_part", kind=kind, number=part.number)}
                        for part in parts[kind]] if len(parts[kind]) > 1 else []}
             for kind in KINDS if kind in parts]
    return respond("map/professionals.html", kinds=kinds)



@twin_route(maps, "/a-z/<kind>")
def a_to_z(kind: str) -> object:
    """Every node of a kind by name: all of them when they fit on a page, else the parts of the A to Z."""
    parts = _catalogue().get(kind)
    if not parts:
        abort(404, f"There is no A to Z of '{kind[:40]}'.")
    shaped = [{"number": part.number, "first": part.first, "last": part.last, "count": len(part.entries),
               "url": url_for("maps.a_to_z_part", kind=kind, number=part.number)} for part in parts]
    entries = _entries(parts[0]) if len(parts) == 1 else []
    return respond("map/map_a_to_z.html", kind=kind, title=KINDS[kind][2], parts=shaped, part=None,
                   **_context_lists(kind, entries))


@twin_route(maps, "/a-z/<kind>/<int:number>")
def a_to_z_part(kind: str, number: int) -> object:
    parts = _catalogue().get(kind)
    if not parts:
        abort(404, f"There is no A to Z of '{kind[:40]}'.")
    if not 1 <= number <= len(parts):
        abort(404, f"The A to Z of {KINDS[kind][2].lower()} has {len(parts)} parts, not {number}.")
    part = parts[number - 1]
    return respond("map/map_a_to_z.html", kind=kind, title=KINDS[kind][2], parts=[],
                   part={"number": number, "first": part.first, "last": part.last, "of": len(parts)},
                   **_context_lists(kind, _entries(part)))


def _context_lists(kind: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """An A to Z list of services or settings cut by the family's council and age (others as they are)."""
    context = {"context": family_context().as_json(), "chips": context_chips()}
    if kind not in PLACED_KINDS:
        return {"entries": entries, "elsewhere": [], "other_ages": [], **context}
    split = split_by_context(entries)
    return {"entries": split.local, "elsewhere": split.elsewhere, "other_ages": split.other_ages, **context}


def _entries(part) -> list[dict[str, Any]]:  # a catalogue Part
    # English names here: the A to Z is ordered by them, and one label query per 200 rows would cost more
    return [{"iri": e.iri, "label": e.label, "url": node_url(e.iri), "is_sample": e.is_sample} for e in part.entries]
