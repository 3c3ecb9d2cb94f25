"""Which council a record belongs to, and whether a council-scoped admin or moderator may see it (issue 18).

A record's council is the council of the area it is located in (lo:locatedIn; a district belongs to its
council), as the public history credits a council admin's change (queries/live/record_council.rq); a
provider's record not yet in the graph takes its provider's; a council statement its council's; a contact
detail its contact's council (web/core/contact_values.py). Read for every record at once, once per store version.
"""

from __future__ import annotations

from ...private.accounts import User
from ...private.feedback import Feedback
from .contact_values import contact_council
from .graph import get_graph


def _councils() -> dict[str, str]:
    graph = get_graph()

    def compute() -> dict[str, str]:
        found: dict[str, str] = {}
        for row in graph.library.select(graph.store, "live/record_councils"):
            found.setdefault(row["record"].value, row["council"].value)  # the first, as record_council.rq
        return found

    return graph.memo("record_councils", compute)


def council_of(*iris: str | None) -> str | None:
    """The council of the first of these IRIs that has one (a record, then its provider); None if none."""
    councils = _councils()
    return next((councils[iri] for iri in iris if iri and iri in councils), None)


def record_council(kind: str, iri: str, owner: str | None) -> str | None:
    """The council of an editable record (web/staff/editing.py's kinds); `owner` is its provider, council or
    contact (records.Record.owner), which a new record not yet in the graph is placed by."""
    if kind == "contact-value":
        return contact_council(get_graph(), owner or "")
    return council_of(iri, owner)


def sees(user: User | None, council: str | None) -> bool:
    return user is not None and user.sees_council(council)


def may_read_feedback(user: User | None, item: Feedback) -> bool:
    """Confidential feedback: its provider's editors, and the admins and moderators of the council kept with
    it (the council of the record it is about when it was given, as the inbox's database filter and its
    counts place it, so a record that later moved or left the graph changes none of them); an item older
    than that column, by the graph's council of the record (of its provider, when the record names none).
    Regional staff read all of it."""
    if user is None:
        return False
    if user.role == "editor":
        return bool(item.provider_iri) and item.provider_iri == user.provider_iri
    council = item.council_iri if item.council_iri is not None else council_of(item.about_iri, item.provider_iri)
    return user.sees_council(council or None)
