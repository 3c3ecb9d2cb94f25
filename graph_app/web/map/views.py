"""The map's pages: related topics, the mind map, paths between nodes, the home page map of top-level
topics and the A to Z. The projection and its names are in nodes.py; what is near a node in nearby.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request, url_for

from ...namespaces import KINDS
from ...projection import chain_steps, shortest_chain
from ..core.charter import charter
from ..core.context import context_chips, family_context, split_by_context
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import Label, reader_languages
from ..core.need_links import need_first
from ..core.twin import respond, twin_route
from . import home_form
from .nearby import PLACED_KINDS, neighbourhood_for, related_for
from .nodes import Names, _catalogue, _item, _owner_chain, node_url, projection, resolve
from .telling_apart import with_told_apart

maps = Blueprint("maps", __name__)

CANDIDATES = 10
HOME_GROUPS = (
    (
        "sections",
        "The four sections of the local offer",
        "Education, health, social care and preparing for adulthood: everything is filed under one of these.",
    ),
    ("needs", "Needs", "The four broad areas of special educational needs, with the needs under each."),
    ("ages", "Ages", "From birth to 25."),
    ("areas", "Where you live", "The seven council areas of the south east (SE7)."),
    ("going-wrong", "If things go wrong", "From raising a concern to an appeal to the tribunal."),
    ("money", "Money and personal budgets", "Paying for support and having a say in how it is spent."),
    ("travel", "Travel", "Getting to school, college and appointments, and learning to travel alone."),
    (
        "ehc",
        "Education, health and care (EHC) assessment",
        "How to ask for an EHC needs assessment, and what happens at each step.",
    ),
)


@twin_route(maps, "/related")
def related_page() -> object:
    iri = resolve(request.args.get("node"), "node")
    p = projection()
    names = Names([iri], p)
    return respond(
        "map/map_related.html",
        node=_item(p, iri, names),
        related=related_for(iri),
        context=family_context().as_json(),
        chips=context_chips(),
    )


# ---- the mind map --------------------------------------------------------------------------------


@twin_route(maps, "/map/neighbourhood")
def neighbourhood_page() -> object:
    iri = resolve(request.args.get("node"), "node")
    return respond("map/map_neighbourhood.html", **neighbourhood_for(iri), chips=context_chips())


# ---- paths ---------------------------------------------------------------------------------------


@twin_route(maps, "/path")
def path_page() -> object:
    """How is A connected to B. Families type names (a name that matches several nodes offers them to
    choose from, with families' names for their kinds); links from other pages give a page address,
    which the form then shows as the page's name."""
    raw_from, raw_to = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    form = {"from": raw_from, "to": raw_to}
    if not raw_from and not raw_to:
        return respond("map/path.html", form=form, shown=form, asked=False, candidates={}, result=None)
    for parameter, raw in form.items():
        if not raw:
            abort(
                400,
                translate("The 'from' parameter is missing: say where the connection should start.")
                if parameter == "from"
                else translate("The 'to' parameter is missing: say where the connection should end."),
            )
    candidates: dict[str, list[dict[str, Any]]] = {}
    ends: dict[str, str] = {}
    for parameter, raw in (("from", raw_from), ("to", raw_to)):
        found = _by_name(raw, parameter)
        if isinstance(found, str):
            ends[parameter] = found
        else:
            candidates[parameter] = found
    shown = form | _names_of(ends)  # the boxes show names, never an address or an IRI
    if candidates:
        return respond("map/path.html", form=form, shown=shown, asked=True, candidates=candidates, result=None)
    result = connection(ends["from"], ends["to"])
    return respond("map/path.html", form=form, shown=shown, asked=True, candidates={}, result=result)


def _names_of(ends: dict[str, str]) -> dict[str, str]:
    """parameter -> the name of the node it was resolved to."""
    p = projection()
    names = Names(ends.values(), p)
    return {parameter: str(names[iri]) for parameter, iri in ends.items()}


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
    found = exact or sorted(
        (n for n, label in enumerate(p.labels) if wanted in label.casefold()),
        key=lambda n: (len(p.labels[n]), p.labels[n]),
    )
    if not found:
        abort(
            404,
            translate(
                "Nothing is called “{words}” (the '{name}' parameter). Try fewer words, or search.",
                words=raw[:80],
                name=parameter,
            ),
        )
    shown = found[:CANDIDATES]
    names = Names((p.iris[n] for n in shown), p)
    # records that share a name and kind say what tells them apart (a step's pathway, a setting's place)
    return with_told_apart(p, shown, [_item(p, p.iris[n], names) for n in shown])


def connection(from_iri: str, to_iri: str) -> dict[str, Any]:
    """The cheapest chain of meaningful links from one node to another, as readable steps."""
    p = projection()
    start_iri, start = _owner_chain(p, from_iri)
    end_iri, end = _owner_chain(p, to_iri)
    nodes = shortest_chain(p, start, end) if start is not None and end is not None else None
    iris = [from_iri, to_iri, start_iri, end_iri] + ([p.iris[n] for n in nodes] if nodes else [])
    names = Names(iris, p)
    result: dict[str, Any] = {
        "from": _item(p, from_iri, names),
        "to": _item(p, to_iri, names),
        "connected": nodes is not None,
        "steps": [],
    }
    if nodes is None:
        return result
    steps = []
    if start_iri != from_iri:
        steps.append((from_iri, start_iri, "belongs to", True))
    steps += [(p.iris[s.a], p.iris[s.b], s.phrase, s.forward) for s in chain_steps(p, nodes)]
    if end_iri != to_iri:
        steps.append((end_iri, to_iri, "belongs to", False))
    result["steps"] = [
        {"from": _item(p, a, names), "to": _item(p, b, names), "relation": phrase, "forward": forward}
        for a, b, phrase, forward in steps
    ]
    return result


# ---- home and the A to Z -------------------------------------------------------------------------


@twin_route(maps, "/")
def home() -> object:
    graph = get_graph()
    # the same for every visitor until the next build (the query scans every label: ~0.8 s at scale 30)
    topics = graph.memo(
        "home_topics",
        lambda: [
            (row["group"].value, row["node"].value)
            for row in graph.library.select(graph.store, "navigate/map_home", idbase=graph.id_base)
        ],
    )
    p = projection()
    names = Names((iri for _group, iri in topics), p)
    members: dict[str, list[dict[str, Any]]] = {}
    for group, iri in topics:
        if p.has_page(iri) and all(m["iri"] != iri for m in members.get(group, [])):
            members.setdefault(group, []).append(_item(p, iri, names))
    context = family_context()
    chosen = f"{graph.id_base}area/{context.area_slug}" if context.area_slug else None
    groups = [
        {
            "key": key,
            "title": title,
            "summary": summary,
            # the family's council and what links to their needs first
            "members": sorted(need_first(members[key]), key=lambda item: item["iri"] != chosen),
        }
        for key, title, summary in HOME_GROUPS
        if members.get(key)
    ]
    # the front door: "Tell us three things", sent to /my-child (the kinds' A to Z is on /professionals)
    return respond(
        "map/home.html",
        groups=groups,
        need_groups=home_form.need_groups(graph),
        area_groups=home_form.area_groups(graph),
        chosen_area=context.area_slug or "",
        context=context.as_json(),
        # "About this Local Offer": the SE7 councils' commitment, and the chosen council's (issue 19)
        charter=charter(graph, chosen, reader_languages()),
    )


@twin_route(maps, "/professionals")
def professionals() -> object:
    """For professionals: every kind of record from A to Z, and the open data (SPARQL, dumps, gaps)."""
    parts = _catalogue()
    # a kind split into parts links each part here too, so every record stays three clicks from home
    kinds = [
        {
            "kind": kind,
            "title": KINDS[kind][2],
            "count": sum(len(part.entries) for part in parts[kind]),
            "url": url_for("maps.a_to_z", kind=kind),
            "parts": [
                {
                    "number": part.number,
                    "first": Label(part.first),  # the projection's names are English
                    "last": Label(part.last),
                    "url": url_for("maps.a_to_z_part", kind=kind, number=part.number),
                }
                for part in parts[kind]
            ]
            if len(parts[kind]) > 1
            else [],
        }
        for kind in KINDS
        if kind in parts
    ]
    return respond("map/professionals.html", kinds=kinds)


@twin_route(maps, "/a-z/<kind>")
def a_to_z(kind: str) -> object:
    """Every node of a kind by name: all of them when they fit on a page, else the parts of the A to Z."""
    parts = _catalogue().get(kind)
    if not parts:
        abort(404, translate("There is no A to Z of '{kind}'.", kind=kind[:40]))
    shaped = [
        {
            "number": part.number,
            "first": Label(part.first),  # the projection's names are English (projection/model.py)
            "last": Label(part.last),
            "count": len(part.entries),
            "url": url_for("maps.a_to_z_part", kind=kind, number=part.number),
        }
        for part in parts
    ]
    entries = _entries(parts[0]) if len(parts) == 1 else []
    return respond(
        "map/map_a_to_z.html", kind=kind, title=KINDS[kind][2], parts=shaped, part=None, **_context_lists(kind, entries)
    )


@twin_route(maps, "/a-z/<kind>/<int:number>")
def a_to_z_part(kind: str, number: int) -> object:
    parts = _catalogue().get(kind)
    if not parts:
        abort(404, translate("There is no A to Z of '{kind}'.", kind=kind[:40]))
    if not 1 <= number <= len(parts):
        abort(
            404,
            translate(
                "The A to Z of {kind} has {count} parts, not {number}.",
                kind=translate(KINDS[kind][2]).lower(),
                count=len(parts),
                number=number,
            ),
        )
    part = parts[number - 1]
    return respond(
        "map/map_a_to_z.html",
        kind=kind,
        title=KINDS[kind][2],
        parts=[],
        part={"number": number, "first": Label(part.first), "last": Label(part.last), "of": len(parts)},
        **_context_lists(kind, _entries(part)),
    )


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
