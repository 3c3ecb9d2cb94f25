"""The groups of links in and out of a record page: which links, in what order, how many previewed, and
which a family reads on the page itself (moved out of node_page.py, which gathers the page)."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from pyoxigraph import NamedNode

from ...namespaces import LO, SKOS
from ..core.context import family_context, split_by_context
from ..core.graph import Graph
from ..core.links import kind_of
from ..core.need_links import need_first
from .shaping import FEATURED, IN, OUT, LinkGroup, group_heading, is_hidden

PREVIEW = 10  # links shown per group; the rest are on the group's own paged list
CONTEXT_PREVIEW = 1000  # a featured group's links read to choose the family's first (a need's services: ~100)


def feature(kind: str, slug: str, groups: list[LinkGroup]) -> list[LinkGroup]:
    """Mark the groups a family reads on the page itself; a need's services also get a search link with
    the need set (the family's council and age are added by the template's with_context)."""
    for group in groups:
        group.featured = (kind, group.property, group.direction) in FEATURED
        if group.featured and kind == "need" and group.property == LO + "meetsNeed":
            group.search = url_for("search.results", need=slug)
    return groups


def merge_groups(groups: list[LinkGroup]) -> list[LinkGroup]:
    """Groups with the same heading (a link and its inverse, or two properties that mean the same to a
    family) become one, each record once."""
    merged: dict[str, LinkGroup] = {}
    for group in groups:
        if group.title not in merged:
            merged[group.title] = LinkGroup(
                group.direction, group.property, group.title, group.count, list(group.links), group.see_all
            )
            continue
        into = merged[group.title]
        known = {item.iri for item in into.links}
        extra = [item for item in group.links if item.iri not in known]
        into.links.extend(extra)
        into.count += group.count - (len(group.links) - len(extra))
        into.see_all = into.see_all or group.see_all
    return list(merged.values())


# a hub (an age band, a topic, a council) has thousands of links in: counting them is most of its page's
# time, and the counts only change with the store, so they are kept per store version for hubs only
HUB_LINKS_IN = 200


def _in_link_groups(graph: Graph, node: NamedNode) -> list[dict]:
    hubs: dict[str, list[dict]] = graph.memo("hub_in_link_groups", dict)
    if node.value in hubs:
        return hubs[node.value]
    rows = graph.library.select(graph.store, "navigate/in_link_groups", node=node)
    if sum(int(row["count"].value) for row in rows) >= HUB_LINKS_IN:
        hubs[node.value] = rows
    return rows


def hub_rows(graph: Graph, node: NamedNode, key: str, run: Callable[[], list]) -> list:
    """`run()`'s rows, kept once per store version when the node is a hub (its in-link counts are kept, above):
    a hub's own statements and its first links are the same for every reader, and there are few hubs. Only
    small answers are kept this way (a page of links, a node's own statements), never a context's thousand."""
    if node.value not in graph.memo("hub_in_link_groups", dict):
        return run()
    return graph.memo(f"hub_rows:{node.value}|{key}", run)


def _in_previews(graph: Graph, node: NamedNode, kind: str, counts: list) -> list[tuple[str, int, list]]:
    """For each group of links arriving here: property, how many, and the first PREVIEW of them. Small
    groups come together in one query; each large one is paged in its own query, so a need with
    thousands of services costs about the same as one with three."""
    sizes = {
        row["property"].value: int(row["count"].value) for row in counts if not is_hidden(row["property"].value, IN)
    }
    members: dict[str, list[tuple[str, bool]]] = {prop: [] for prop in sizes}
    small = [NamedNode(prop) for prop, size in sizes.items() if size <= PREVIEW]
    if small:
        rows = hub_rows(
            graph,
            node,
            "in_links_of " + " ".join(p.value for p in small),
            lambda: graph.library.select(graph.store, "navigate/in_links_of", node=node, property=small),
        )
        for m in rows:
            members[m["property"].value].append((m["source"].value, _sampled(m)))
    context = family_context()
    in_context = not context.is_empty()
    for prop, size in sizes.items():
        if size > PREVIEW:
            # a few, unsorted: sorting a hub's thousands of links costs ~100 ms at scale 30 (link_lists.py);
            # a group the family reads, with a context, is chosen from more so their council's come first
            wanted = CONTEXT_PREVIEW if in_context and (kind, prop, IN) in FEATURED else PREVIEW

            def first(wanted: int = wanted, prop: str = prop) -> list:
                return graph.library.select(
                    graph.store, "navigate/in_links_first", page=1, per_page=wanted, node=node, property=NamedNode(prop)
                )

            rows = hub_rows(graph, node, f"in_links_first {prop}", first) if wanted == PREVIEW else first()
            members[prop] = [(m["source"].value, _sampled(m)) for m in rows]
    previews = []
    for prop, found in members.items():
        listed = sorted(found) if sizes[prop] <= PREVIEW else found
        if in_context and (kind, prop, IN) in FEATURED:
            listed = in_context_order(listed)[:PREVIEW]
        previews.append((prop, sizes[prop], listed))
    return sorted(previews, key=lambda p: _group_order(kind, p[0], IN))


def in_context_order(links: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """(IRI, is sample) links in the family's order: their council's (and those tied to none) first, then
    other councils', then those not for the child's age; within each, what links to their needs first."""
    split = split_by_context(need_first(links, lambda link: link[0]), iri_of=lambda link: link[0])
    return split.local + split.elsewhere + split.other_ages


def _sampled(row: dict) -> bool:
    return "isSample" in row and row["isSample"].value == "true"


def _out_groups(graph: Graph, kind: str, slug: str, out_links: dict[str, list[str]], link, labels) -> list[LinkGroup]:
    groups = []
    for prop, targets in out_links.items():
        if is_hidden(prop, OUT):
            continue
        inside = [t for t in dict.fromkeys(targets) if kind_of(t, graph.id_base)]
        if not inside:
            continue
        links = sorted((link(t) for t in inside), key=lambda item: item.label.lower())
        more = _links_url(kind, slug, OUT, prop) if len(links) > PREVIEW else None
        groups.append(LinkGroup(OUT, prop, group_heading(kind, prop, OUT, labels), len(links), links[:PREVIEW], more))
    return sorted(groups, key=lambda g: _group_order(kind, g.property, OUT))


# the groups a family most wants first, per direction; the rest follow in their heading's order
FIRST_OUT = [
    LO + p
    for p in (
        "providedBy",
        "runBy",
        "meetsNeed",
        "forNeed",
        "forAgeBand",
        "servesArea",
        "locatedIn",
        "accessLevel",
        "referralRoute",
        "fundingRoute",
    )
] + [SKOS + "broader"]
FIRST_IN = [
    LO + p
    for p in (
        "meetsNeed",
        "forNeed",
        "providedBy",
        "runBy",
        "servesArea",
        "inLocalOfferOf",
        "locatedIn",
        "forAgeBand",
        "answers",
    )
] + [SKOS + "broader"]


def _group_order(kind: str, prop: str, direction: str) -> tuple[int, str]:
    first = FIRST_OUT if direction == OUT else FIRST_IN
    return (first.index(prop) if prop in first else len(first), prop)


def _links_url(kind: str, slug: str, direction: str, prop: str) -> str:
    return url_for("explore.node_links", kind=kind, slug=slug, direction=direction, property=prop)
