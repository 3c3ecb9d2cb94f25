"""Comments from the public, kept here until a moderator publishes them (with the council's response) or
rejects them. Email addresses stay here: they are for a reply and are never published."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .accounts import now_text
from .db import PrivateDB

BODY_MAX = 2000
NAME_MAX = 60
RESPONSE_MAX = 4000


@dataclass(frozen=True)
class StoredComment:
    id: int
    page_path: str
    subject_iri: str
    body: str
    display_name: str | None
    email: str | None
    created_at: str
    status: str  # "pending" | "published" | "rejected"
    response: str | None
    action_taken: str | None
    council_iri: str | None
    moderated_at: str | None
    moderator_name: str | None = None


def _comment(row: sqlite3.Row) -> StoredComment:
    return StoredComment(
        row["id"],
        row["page_path"],
        row["subject_iri"],
        row["body"],
        row["display_name"],
        row["email"],
        row["created_at"],
        row["status"],
        row["response"],
        row["action_taken"],
        row["council_iri"],
        row["moderated_at"],
        row["moderator_name"],
    )


_SELECT = (
    "SELECT comments.*, users.name AS moderator_name FROM comments LEFT JOIN users ON users.id = comments.moderated_by "
)


def add_comment(
    db: PrivateDB, page_path: str, subject_iri: str, body: str, display_name: str | None, email: str | None
) -> int:
    with db.connect(immediate=True) as conn:
        cursor = conn.execute(
            "INSERT INTO comments (page_path, subject_iri, body, display_name, email, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (page_path, subject_iri, body, display_name or None, email or None, now_text()),
        )
        return cursor.lastrowid


def get_comment(db: PrivateDB, comment_id: int) -> StoredComment | None:
    with db.connect() as conn:
        row = conn.execute(_SELECT + "WHERE comments.id = ?", (comment_id,)).fetchone()
    return _comment(row) if row else None


def pending_comments(
    db: PrivateDB, limit: int = 200, offset: int = 0, newest_first: bool = False
) -> list[StoredComment]:
    """One page of the queue: oldest first by default (the order comments came in), or newest first."""
    order = "DESC" if newest_first else "ASC"  # one of two fixed words, never request text
    with db.connect() as conn:
        rows = conn.execute(
            _SELECT + f"WHERE status = 'pending' ORDER BY comments.id {order} LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
    return [_comment(row) for row in rows]


def pending_count(db: PrivateDB) -> int:
    with db.connect() as conn:
        return int(conn.execute("SELECT count(*) FROM comments WHERE status = 'pending'").fetchone()[0])


def decided_comments(db: PrivateDB, limit: int = 20) -> list[StoredComment]:
    with db.connect() as conn:
        rows = conn.execute(
            _SELECT + "WHERE status != 'pending' ORDER BY moderated_at DESC, comments.id DESC LIMIT ?", (limit,)
        ).fetchall()
    return [_comment(row) for row in rows]


def mark_published(
    db: PrivateDB,
    comment_id: int,
    response: str,
    action_taken: str | None,
    council_iri: str,
    moderator_id: int,
    journal_seq: int,
) -> None:
    with db.connect(immediate=True) as conn:
        conn.execute(
            "UPDATE comments SET status = 'published', response = ?, action_taken = ?, council_iri = ?, "
            "moderated_by = ?, moderated_at = ?, journal_seq = ? WHERE id = ?",
            (response, action_taken or None, council_iri, moderator_id, now_text(), journal_seq, comment_id),
        )


def mark_rejected(db: PrivateDB, comment_id: int, moderator_id: int) -> bool:
    """Reject a pending comment; False when it was no longer pending."""
    with db.connect(immediate=True) as conn:
        return (
            conn.execute(
                "UPDATE comments SET status = 'rejected', moderated_by = ?, moderated_at = ? "
                "WHERE id = ? AND status = 'pending'",
                (moderator_id, now_text(), comment_id),
            ).rowcount
            == 1
        )
