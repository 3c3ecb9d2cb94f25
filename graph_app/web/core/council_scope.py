"""Which council a record belongs to, and whether a council-scoped admin or moderator may see it (issue 18).

A record's council is the council of the area it is located in (lo:locatedIn; a district belongs to its
council), as the public history credits a council admin's change (queries/live/record_council.rq); a
provider's record not yet in the graph takes its provider's; a council statement its council's; a contact
detail its contact's council (web/core/contact_values.py). Read for the records a request asks about and kept
per store version (web/core/version_lru.py): reading every record's council at once cost each publish's next
staff request 0.1 s at sample scale, seconds at national scale.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from ...private.accounts import User
from ...private.feedback import Feedback
from .contact_values import contact_council
from .graph import get_graph
from .version_lru import node_answers

NO_COUNCIL = ""  # kept for a record with none, so it is not asked about again


def _councils(iris: list[str]) -> dict[str, str]:
    """Each IRI's council (NO_COUNCIL for none), from this store version's kept answers or one query."""
    graph = get_graph()
    kept = node_answers(graph, "council")
    known, missing = kept.lookup(iris)
    if missing:
        found = dict.fromkeys(missing, NO_COUNCIL)
        records = [node for node in map(_named, missing) if node is not None]
        rows = graph.library.select(graph.store, "live/record_councils", record=records) if records else []
        for row in rows:  # ordered by council: the first, as the every-record map keeps
            if found[row["record"].value] == NO_COUNCIL:
                found[row["record"].value] = row["council"].value
        kept.keep(found)
        known.update(found)
    return known


def _named(iri: str) -> NamedNode | None:
    """The IRI as a term; None for a stored value that is no IRI (a private database row written by hand or
    by an older version), which has no council rather than failing the page."""
    try:
        return NamedNode(iri)
    except ValueError:
        return None


def council_of(*iris: str | None) -> str | None:
    """The council of the first of these IRIs that has one (a record, then its provider); None if none."""
    asked = [iri for iri in dict.fromkeys(iris) if iri]
    councils = _councils(asked) if asked else {}
    return next((councils[iri] for iri in asked if councils[iri] != NO_COUNCIL), None)


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
