"""A record page's "What changed and when": its public history (graph_app/live/history.py) in plain words,
e.g. "12 March 2026: opening times and cost changed, by Acme Trust". A record never changed since it was
published has none, and the page shows nothing (the "last checked" date already says how fresh it is).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..core.graph import get_graph
from ..core.i18n import N_, translate
from ..core.labels import label_map
from ..core.links import node_url
from ..core.staleness import long_date

SHOWN = 10  # the newest changes; the record's RDF has them all
# the kinds of change (the ontology's scheme of them, ontology/core.ttl), by local name
WHAT = {
    "ChangeCreated": N_("added"),
    "ChangeChecked": N_("checked and still correct"),
    "ChangeWithdrawn": N_("withdrawn"),
}


@dataclass(frozen=True)
class ChangeLine:
    day: str  # ISO date, for <time datetime>
    day_words: str  # "12 March 2026"
    what: str  # "opening times and cost changed"
    organisation: str  # its name, or ""
    organisation_url: str | None
    # the changed fields' names (labels.Label), so the page marks an English name on a Welsh page
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeHistory:
    changes: list[ChangeLine]
    more: bool  # older changes exist beyond those shown

    def __bool__(self) -> bool:
        return bool(self.changes)


def change_history(record_iri: str) -> ChangeHistory:
    """The record's newest published changes in plain words (empty when it was never changed)."""
    graph = get_graph()
    rows = graph.library.select(
        graph.store, "navigate/record_changes", page=1, per_page=SHOWN + 1, node=NamedNode(record_iri)
    )
    shown = rows[:SHOWN]
    if not shown:
        return ChangeHistory([], False)
    fields: dict[str, list[str]] = {}
    for row in graph.library.select(
        graph.store, "navigate/change_fields", change=[NamedNode(r["change"].value) for r in shown]
    ):
        fields.setdefault(row["change"].value, []).append(row["field"].value)
    organisations = [r["organisation"].value for r in shown if r.get("organisation") is not None]
    names = label_map(graph, organisations + [f for found in fields.values() for f in found])
    lines = []
    for row in shown:
        day = row["ended"].value[:10]
        organisation = row["organisation"].value if row.get("organisation") is not None else ""
        kind = row["kind"].value.rsplit("#", 1)[-1]
        changed = [names.get(f) or f.rsplit("#", 1)[-1] for f in fields.get(row["change"].value, [])]
        lines.append(
            ChangeLine(
                day,
                long_date(day),
                _what(kind, changed),
                names.get(organisation, "") if organisation else "",
                node_url(organisation, graph.id_base) if organisation else None,
                tuple(changed) if kind not in WHAT else (),
            )
        )
    return ChangeHistory(lines, len(rows) > SHOWN)


def _what(kind: str, changed: list[str]) -> str:
    if kind in WHAT or not changed:
        return translate(WHAT.get(kind, N_("checked and still correct")))
    if len(changed) == 1:
        return translate("{fields} changed", fields=changed[0])
    listed = translate("{items} and {last}", items=", ".join(changed[:-1]), last=changed[-1])
    return translate("{fields} changed", fields=listed)
