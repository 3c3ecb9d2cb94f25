"""Pages for exploring the graph: a list per kind, a page per node (node_page.py gathers what it shows),
and the paged list of every link in one group; each with its JSON twin."""

from __future__ import annotations

import re

from flask import Blueprint, abort, request, url_for
from pyoxigraph import NamedNode

from ...namespaces import KINDS, LO
from ..core.context import with_context
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import label_map
from ..core.links import SLUG, node_link
from ..core.record_parts import record_parts
from ..core.staleness import stamp_all
from ..core.twin import respond, twin_route
from .link_lists import in_links_page, kind_members_page
from .node_page import NotFound, build_node_page, property_labels
from .shaping import group_heading

explore = Blueprint("explore", __name__)

PER_PAGE = 50


def common() -> dict[str, object]:
    graph = get_graph()
    try:
        has_sample = graph.memo("has_sample", lambda: graph.library.ask(graph.store, "navigate/has_sample_data"))
    except Exception:  # the banner must never break a page, e.g. before the first build
        has_sample = False
    return {"has_sample_data": has_sample, "kinds": KINDS}


@twin_route(explore, "/kinds/<kind>")
def kind_list(kind: str) -> object:
    if kind not in KINDS or not KINDS[kind][0]:
        abort(404, translate("There is no list of '{kind}'.", kind=kind[:60]))
    graph = get_graph()
    page = _page()
    rows = kind_members_page(graph, LO + KINDS[kind][0], page, PER_PAGE)
    members = _named_links(graph, rows[:PER_PAGE])
    # the same list, in the family's council when one is chosen, on one page to print (search/print_view.py)
    printable = graph.search is not None and kind in graph.search.kinds()
    print_url = with_context(url_for("search.print_page", kind=kind)) if printable else None
    return respond(
        "explore/kind.html",
        kind=kind,
        title=KINDS[kind][2],
        members=members,
        page=page,
        has_next=len(rows) > PER_PAGE,
        print_url=print_url,
    )


@twin_route(explore, "/id/<kind>/<slug>")
def node(kind: str, slug: str) -> object:
    _node_iri(kind, slug)
    try:
        page = build_node_page(get_graph(), kind, slug)
    except NotFound as missing:
        abort(404, translate("Nothing is recorded at {address}.", address=missing))
    return respond("explore/node.html", page=page, node_iri=page.iri, **record_parts(page.iri))


@twin_route(explore, "/id/<kind>/<slug>/links")
def node_links(kind: str, slug: str) -> object:
    graph = get_graph()
    iri = _node_iri(kind, slug)
    direction = request.args.get("direction", "out")
    if direction not in ("out", "in"):
        abort(400, translate("The 'direction' parameter must be 'out' or 'in'."))
    raw = request.args.get("property", "")
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw):
        abort(
            400,
            translate(
                "The 'property' parameter must be a full IRI, such as https://w3id.org/se7-local-offer/def#meetsNeed."
            ),
        )
    prop = NamedNode(raw)
    page = _page()
    if direction == "out":
        found = graph.library.select(
            graph.store, "navigate/out_links", page=page, per_page=PER_PAGE + 1, node=iri, property=prop
        )
        rows = [(r["target"].value, "isSample" in r and r["isSample"].value == "true") for r in found]
    else:
        counts = graph.library.select(graph.store, "navigate/in_link_groups", node=iri)
        count = next((int(r["count"].value) for r in counts if r["property"].value == prop.value), 0)
        rows = in_links_page(graph, iri.value, prop.value, count, page, PER_PAGE)
    members = _named_links(graph, rows[:PER_PAGE])
    if (
        page == 1
        and not members
        and not graph.library.select(graph.store, "navigate/node_statements", node=iri, page=1, per_page=1)
    ):
        abort(404, translate("Nothing is recorded at {address}.", address=iri.value))
    names = label_map(graph, [iri.value, prop.value])
    heading = group_heading(kind, prop.value, direction, property_labels(graph))
    return respond(
        "explore/links.html",
        iri=iri.value,
        kind=kind,
        slug=slug,
        label=names.get(iri.value, slug),
        heading=heading,
        members=members,
        page=page,
        has_next=len(rows) > PER_PAGE,
        direction=direction,
        property=prop.value,
    )


def _named_links(graph, found: list[tuple[str, bool]]) -> list:
    """Links named in the reader's language, with when each was last checked (a query each for the whole list)."""
    names = label_map(graph, [iri for iri, _sample in found])
    links = [node_link(iri, names.get(iri, iri.rsplit("/", 1)[-1]), graph.id_base, sample) for iri, sample in found]
    return stamp_all(graph, links)  # "May be out of date" on the list, one more query for all of it


def _node_iri(kind: str, slug: str) -> NamedNode:
    if kind not in KINDS or not SLUG.match(slug):
        abort(404, translate("There is no such page."))
    return NamedNode(f"{get_graph().id_base}{kind}/{slug}")


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        abort(400, translate("The 'page' parameter must be a whole number from 1."))
    return int(raw)
