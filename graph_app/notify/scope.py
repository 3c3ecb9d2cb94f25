"""A council-scoped admin's or moderator's share of the counts (issue 18, migration 026): the council of each
record read once (queries/live/record_councils.rq, the rule web/core/council_scope.py uses), so the digest
counts only their councils' feedback and records, as their staff pages list them."""

from __future__ import annotations

from datetime import date

from ..private.accounts import User
from ..queries import QueryLibrary
from ..staleness import REVIEW_MONTHS, is_out_of_date
from ..store import GraphStore
from .review_due import due_records, record_councils

__all__ = ["in_scope", "overdue_in_scope", "record_councils"]


def in_scope(user: User, councils: dict[str, str], *iris: str | None) -> bool:
    """Whether a record (then its provider) belongs to one of the user's councils; regional staff: always."""
    if not user.scope:
        return True
    council = next((councils[iri] for iri in iris if iri and iri in councils), None)
    return council in user.scope


def overdue_in_scope(
    store: GraphStore, library: QueryLibrary, id_base: str, user: User, councils: dict[str, str], today: date
) -> int:
    """How many records of a scoped admin's councils are out of date today (12 months, or never checked)."""
    return sum(
        1
        for record in due_records(store, library, id_base, None, today, REVIEW_MONTHS)
        if (record.checked is None or is_out_of_date(record.checked, today)) and in_scope(user, councils, record.iri)
    )
