"""A node's neighbourhood for the mind map: its meaningful links grouped by relation and direction,
capped per group because a hub has thousands of links."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import PROPERTIES, Projection
from .relations import BY_PROPERTY

PER_GROUP = 8


@dataclass(frozen=True)
class Group:
    property: str
    direction: str  # "out": the node is the subject of these links; "in": they point at it
    title: str
    count: int
    members: tuple[int, ...]  # the first PER_GROUP, specific nodes first


def neighbourhood(projection: Projection, node: int, per_group: int = PER_GROUP) -> list[Group]:
    links = projection.incident_links(node)
    sources = projection.link_source[links]
    outgoing = sources == node
    neighbours = np.where(outgoing, projection.link_target[links], sources)
    # groups in relation order, the node's own links first
    group_keys = projection.link_property[links].astype(np.int64) + np.where(outgoing, 0, len(PROPERTIES))
    groups = []
    for key in np.unique(group_keys):
        members = neighbours[group_keys == key]
        # smaller nodes are more specific and say more; ties by name so the map is stable
        order = np.lexsort((projection.label_order[members], projection.degree[members]))
        prop = PROPERTIES[int(key) % len(PROPERTIES)]
        direction = "out" if key < len(PROPERTIES) else "in"
        relation = BY_PROPERTY[prop]
        title = relation.out_title if direction == "out" else relation.in_title
        groups.append(Group(prop, direction, title, len(members), tuple(members[order[:per_group]].tolist())))
    return groups
