"""Confidential feedback to a provider: kept only here, read only by that provider's editors and by council
moderators and admins. The sender gets a reference number; nothing of it is ever published or logged."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from .accounts import User, now_text
from .db import PrivateDB

BODY_MAX = 5000
# no 0/O, 1/I/L: a reference read out over the phone is not misheard (32 symbols, 40 random bits)
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Feedback:
    id: int
    reference: str
    about_iri: str
    about_label: str
    provider_iri: str | None
    body: str
    sender_name: str | None
    sender_email: str | None  # for a reply by email only: never shown to staff
    created_at: str
    # the workflow (migration 025): new -> acknowledged -> resolved, with who (a users.id) and when
    status: str = "new"
    acknowledged_by: int | None = None
    acknowledged_at: str | None = None
    resolved_by: int | None = None
    resolved_at: str | None = None
    # the council of the record when the feedback was given (migration 028; "" none, None not worked out yet)
    council_iri: str | None = None


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"FB-{chars[:4]}-{chars[4:]}"


def add_feedback(
    db: PrivateDB,
    about_iri: str,
    about_label: str,
    provider_iri: str | None,
    body: str,
    sender_name: str | None,
    sender_email: str | None,
    then: Callable[[sqlite3.Connection, int, str], object] | None = None,
    council_iri: str | None = None,
) -> str:
    """Store the feedback; returns its reference number. `then(conn, id, reference)` runs in the same
    transaction (the emails that tell the provider: both are kept, or neither). `council_iri`: the council of
    the record it is about ("" for none; None: not known here, the inbox works it out, fill_councils)."""
    for _attempt in range(5):
        reference = new_reference()
        try:
            with db.connect(immediate=True) as conn:
                conn.execute(
                    "INSERT INTO feedback (reference, about_iri, about_label, provider_iri, body, sender_name, "
                    "sender_email, created_at, council_iri) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        reference,
                        about_iri,
                        about_label,
                        provider_iri,
                        body,
                        sender_name or None,
                        sender_email or None,
                        now_text(),
                        council_iri,
                    ),
                )
                if then is not None:
                    then(conn, conn.execute("SELECT last_insert_rowid()").fetchone()[0], reference)
            return reference
        except sqlite3.IntegrityError:
            continue  # the same reference drawn twice: draw again
    raise RuntimeError("could not draw an unused feedback reference")


def _readable(user: User) -> tuple[str, list[str]] | None:
    """The WHERE clause (placeholders only) and its parameters for what this user may read; None: nothing.
    A council's admin or moderator: their councils' items, and items whose council is not worked out yet
    (the caller checks those against the graph); regional staff: everything; an editor: their provider's."""
    if user.can_moderate and user.scope:
        marks = ", ".join("?" for _ in user.scope)
        return f"(council_iri IN ({marks}) OR council_iri IS NULL)", list(user.scope)
    if user.can_moderate:
        return "1 = 1", []
    if user.role == "editor" and user.provider_iri:
        return "provider_iri = ?", [user.provider_iri]
    return None


def feedback_for(db: PrivateDB, user: User, limit: int = 500, offset: int = 0) -> list[Feedback]:
    """What this user may read, newest first, `limit` items from `offset`: every council's for regional
    moderators and admins, their councils' for council-scoped ones (filtered here, so none is missed behind
    other councils' newer items), their provider's for an editor."""
    readable = _readable(user)
    if readable is None:
        return []
    where, parameters = readable
    with db.connect() as conn:
        rows = conn.execute(
            f"SELECT * FROM feedback WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?", [*parameters, limit, offset]
        ).fetchall()
    return [_feedback(row) for row in rows]


def feedback_count(db: PrivateDB, user: User) -> int:
    """How many items feedback_for pages through for this user."""
    readable = _readable(user)
    if readable is None:
        return 0
    where, parameters = readable
    with db.connect() as conn:
        return conn.execute(f"SELECT COUNT(*) FROM feedback WHERE {where}", parameters).fetchone()[0]


def new_feedback_count(db: PrivateDB, user: User, council_of: Callable[[str, str | None], str | None]) -> int:
    """How many new (not yet acknowledged) items this user may read, counted by the database however many
    there are (the staff home's "1 new feedback"). A council's admins and moderators: items kept with one of
    their councils, and items stored before their council was kept placed by `council_of(about_iri,
    provider_iri)` as the inbox places them (only those few are read here)."""
    readable = _readable(user)
    if readable is None:
        return 0
    where, parameters = readable
    with db.connect() as conn:
        if not (user.can_moderate and user.scope):
            query = f"SELECT COUNT(*) FROM feedback WHERE status = ? AND {where}"
            return conn.execute(query, ["new", *parameters]).fetchone()[0]
        marks = ", ".join("?" for _ in user.scope)
        counted = conn.execute(
            f"SELECT COUNT(*) FROM feedback WHERE status = ? AND council_iri IN ({marks})", ["new", *user.scope]
        ).fetchone()[0]
        unplaced = conn.execute(
            "SELECT about_iri, provider_iri FROM feedback WHERE status = ? AND council_iri IS NULL", ["new"]
        ).fetchall()
    return counted + sum(1 for row in unplaced if council_of(row["about_iri"], row["provider_iri"]) in user.scope)


def fill_councils(db: PrivateDB, council_of: Callable[[str, str | None], str | None], batch: int = 1000) -> int:
    """Give items stored before their council was kept (migration 028) the council of the record they are
    about (`council_of(about_iri, provider_iri)`, "" for none); returns how many were filled."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT id, about_iri, provider_iri FROM feedback WHERE council_iri IS NULL ORDER BY id LIMIT ?", (batch,)
        ).fetchall()
    if rows:
        with db.connect(immediate=True) as conn:
            for row in rows:
                council = council_of(row["about_iri"], row["provider_iri"]) or ""
                conn.execute(
                    "UPDATE feedback SET council_iri = ? WHERE id = ? AND council_iri IS NULL", (council, row["id"])
                )
    return len(rows)


STATUSES = ("new", "acknowledged", "resolved")


def _feedback(row: sqlite3.Row) -> Feedback:
    return Feedback(**{key: row[key] for key in row.keys() if key in Feedback.__dataclass_fields__})


def may_read(user: User, item: Feedback) -> bool:
    """feedback_for's rule for one item: moderators and admins, or the provider's own editors."""
    return user.can_moderate or (
        user.role == "editor" and bool(user.provider_iri) and item.provider_iri == user.provider_iri
    )


def feedback_item(db: PrivateDB, user: User, feedback_id: int) -> Feedback | None:
    """One item, if this user may read it; None otherwise (the same answer as for one that does not exist)."""
    with db.connect() as conn:
        row = conn.execute("SELECT * FROM feedback WHERE id = ?", (feedback_id,)).fetchone()
    item = _feedback(row) if row else None
    return item if item is not None and may_read(user, item) else None


def set_status(db: PrivateDB, feedback_id: int, status: str, user: User) -> None:
    """Move feedback on: "acknowledged" (from new) or "resolved" (from either), recording who and when.
    ValueError for another status; moving back is refused the same way (the record of who did what stays)."""
    if status not in STATUSES[1:]:
        raise ValueError(f"status must be one of {', '.join(STATUSES[1:])}")
    with db.connect(immediate=True) as conn:
        current = conn.execute("SELECT status FROM feedback WHERE id = ?", (feedback_id,)).fetchone()["status"]
        if STATUSES.index(status) <= STATUSES.index(current):
            raise ValueError(f"this feedback is already {current}")
        when = now_text()
        conn.execute(
            "UPDATE feedback SET status = ?, acknowledged_by = COALESCE(acknowledged_by, ?), "
            "acknowledged_at = COALESCE(acknowledged_at, ?) WHERE id = ?",
            (status, user.id, when, feedback_id),
        )
        if status == "resolved":
            conn.execute(
                "UPDATE feedback SET resolved_by = ?, resolved_at = ? WHERE id = ?", (user.id, when, feedback_id)
            )


@dataclass(frozen=True)
class Reply:
    feedback_id: int
    user_name: str
    body: str
    created_at: str
    email_status: str


def replies_for(db: PrivateDB, feedback_ids: list[int]) -> dict[int, list[Reply]]:
    """The replies sent to the senders of these items, oldest first, with whether each email has gone."""
    if not feedback_ids:
        return {}
    marks = ", ".join("?" for _ in feedback_ids)  # placeholders only: the ids are bound
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT feedback_replies.feedback_id, users.name AS user_name, feedback_replies.body, "
            "feedback_replies.created_at, outbox.status AS email_status FROM feedback_replies "
            "JOIN users ON users.id = feedback_replies.user_id JOIN outbox ON outbox.id = feedback_replies.outbox_id "
            f"WHERE feedback_id IN ({marks}) ORDER BY feedback_replies.id",
            feedback_ids,
        ).fetchall()
    found: dict[int, list[Reply]] = {}
    for row in rows:
        found.setdefault(row["feedback_id"], []).append(Reply(**{key: row[key] for key in row.keys()}))
    return found


def names_of(db: PrivateDB, user_ids: set[int]) -> dict[int, str]:
    """Staff names by account id (who acknowledged or resolved an item)."""
    ids = sorted(i for i in user_ids if i is not None)
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    with db.connect() as conn:
        rows = conn.execute(f"SELECT id, name FROM users WHERE id IN ({marks})", ids).fetchall()
    return {row["id"]: row["name"] for row in rows}
