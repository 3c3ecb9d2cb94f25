"""Pages for exploring the graph: home, a list per kind, a page per node, search."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request, url_for
from pyoxigraph import NamedNode

from ..namespaces import KINDS, LO
from .graph import get_graph
from .shaping import group_values, link_groups, node_link

explore = Blueprint("explore", __name__)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,200}$")
GROUP_PREVIEW = 10
PER_PAGE = 50


@explore.app_context_processor
def common() -> dict[str, object]:
    graph = get_graph()
    try:
        has_sample = graph.memo("has_sample", lambda: graph.library.ask(graph.store, "navigate/has_sample_data"))
    except Exception:  # noqa: BLE001 - the banner must never break a page, e.g. before the first build
        has_sample = False
    return {"has_sample_data": has_sample, "kinds": KINDS}


@explore.get("/")
def home() -> str:
    graph = get_graph()
    counts = graph.memo("kind_counts", lambda: {
        row["class"].value: int(row["count"].value) for row in graph.library.select(graph.store, "navigate/kind_counts")
    })
    kinds = [
        (kind, plural, counts.get(LO + cls, 0))
        for kind, (cls, _singular, plural) in KINDS.items()
        if cls and counts.get(LO + cls, 0)
    ]
    topics = [node_link(row["heading"].value, row["label"].value, graph.id_base)
              for row in graph.library.select(graph.store, "navigate/sections")]
    return render_template("home.html", kinds=kinds, topics=topics)


@explore.get("/kinds/<kind>")
def kind_list(kind: str) -> str:
    if kind not in KINDS or not KINDS[kind][0]:
        abort(404, f"There is no list of '{kind}'.")
    graph = get_graph()
    page = _page()
    rows = graph.library.select(graph.store, "navigate/kind_members", page=page, per_page=PER_PAGE + 1,
                                **{"class": NamedNode(LO + KINDS[kind][0])})
    members = [node_link(r["node"].value, r["label"].value, graph.id_base, "isSample" in r) for r in rows]
    return render_template("kind.html", kind=kind, title=KINDS[kind][2], members=members[:PER_PAGE],
                           page=page, has_next=len(members) > PER_PAGE)


@explore.get("/id/<kind>/<slug>")
def node(kind: str, slug: str) -> str:
    graph = get_graph()
    iri = _node_iri(kind, slug)
    store, library = graph.store, graph.library
    values = library.select(store, "navigate/node_values", node=iri)
    types = library.select(store, "navigate/node_types", node=iri)
    outgoing = library.select(store, "navigate/out_link_groups", node=iri)
    incoming = library.select(store, "navigate/in_link_groups", node=iri)
    if not (values or types or outgoing or incoming):
        abort(404, f"Nothing is recorded at {iri.value}.")
    facts = group_values(values)
    groups = link_groups(graph, iri, outgoing, "out", GROUP_PREVIEW) + link_groups(
        graph, iri, incoming, "in", GROUP_PREVIEW)
    label = facts.pop("label", [slug])[0]
    return render_template(
        "node.html", iri=iri.value, kind=kind, label=label, facts=facts, groups=groups,
        type_labels=[r["typeLabel"].value for r in types if "typeLabel" in r],
        is_sample=any(v["property"].value == LO + "isSample" and v["value"].value == "true" for v in values),
    )


@explore.get("/id/<kind>/<slug>/links")
def node_links(kind: str, slug: str) -> str:
    graph = get_graph()
    iri = _node_iri(kind, slug)
    direction = request.args.get("direction", "out")
    if direction not in ("out", "in"):
        abort(400, "The 'direction' parameter must be 'out' or 'in'.")
    try:
        prop = NamedNode(request.args.get("property", ""))
    except ValueError:
        abort(400, "The 'property' parameter must be a full IRI.")
    page = _page()
    name = "navigate/out_links" if direction == "out" else "navigate/in_links"
    rows = graph.library.select(graph.store, name, page=page, per_page=PER_PAGE + 1, node=iri, property=prop)
    key = "target" if direction == "out" else "source"
    members = [node_link(r[key].value, r["label"].value, graph.id_base, "isSample" in r) for r in rows]
    return render_template("links.html", iri=iri.value, kind=kind, slug=slug, members=members[:PER_PAGE],
                           page=page, has_next=len(members) > PER_PAGE, direction=direction, property=prop.value)


def _node_iri(kind: str, slug: str) -> NamedNode:
    if kind not in KINDS or not SLUG.match(slug):
        abort(404, "There is no such page.")
    return NamedNode(f"{get_graph().id_base}{kind}/{slug}")


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        abort(400, "The 'page' parameter must be a whole number from 1.")
    return int(raw)


def node_url(iri: str, id_base: str) -> str | None:
    if not iri.startswith(id_base):
        return None
    parts = iri[len(id_base):].split("/")
    if len(parts) != 2 or parts[0] not in KINDS or not SLUG.match(parts[1]):
        return None
    return url_for("explore.node", kind=parts[0], slug=parts[1])
