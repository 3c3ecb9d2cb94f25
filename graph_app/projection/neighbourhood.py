"""A node's neighbourhood for the mind map: its meaningful links grouped by relation and direction,
capped per group because a hub has thousands of links."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Projection
from .relations import BY_PROPERTY, RELATIONS

PER_GROUP = 8
_ORDER = {relation.property: n for n, relation in enumerate(RELATIONS)}


@dataclass(frozen=True)
class Group:
    property: str
    direction: str  # "out": the node is the subject of these links; "in": they point at it
    title: str
    count: int
    members: tuple[int, ...]  # the first PER_GROUP, specific nodes first


def neighbourhood(projection: Projection, node: int, per_group: int = PER_GROUP) -> list[Group]:
    buckets: dict[tuple[str, str], list[int]] = {}
    for neighbour, data in projection.graph.adj[node].items():
        for source, prop in data["links"]:
            direction = "out" if source == node else "in"
            buckets.setdefault((prop, direction), []).append(neighbour)
    groups = []
    for (prop, direction), members in sorted(buckets.items(), key=lambda item: (item[0][1] == "in",
                                                                                   _ORDER[item[0][0]])):
        relation = BY_PROPERTY[prop]
        # smaller nodes are more specific and say more; ties by name so the map is stable
        members.sort(key=lambda n: (projection.degree[n], projection.labels[n].lower()))
        title = relation.out_title if direction == "out" else relation.in_title
        groups.append(Group(prop, direction, title, len(members), tuple(members[:per_group])))
    return groups
