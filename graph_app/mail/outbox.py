"""The outbox table (migration 025): every email the app sends, kept for good, with its state.

`queue` writes an email inside the caller's transaction (so feedback and the email about it are saved
together, or neither); `claim` hands due emails to one sender at a time (a claim expires, so a sender killed
half-way leaves nothing stuck); `mark_sent` and `mark_failed` record the outcome, a failure with its error and
the time of the next try (1, 2, 4 ... minutes, at most 6 hours apart: never given up on)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..private.accounts import User, now_text
from ..private.db import PrivateDB
from .message import build, new_message_id

KINDS = ("invitation", "feedback", "review-due", "digest", "reply")
CLAIM_SECONDS = 120
MAX_WAIT_SECONDS = 6 * 3600
# an invitation link works once; after its email has gone, the outbox keeps no working copy of it
_INVITATION_LINK = re.compile(r"(/staff/invitation/)[A-Za-z0-9_-]+")
LINK_REMOVED = r"\1(link removed once sent)"


@dataclass(frozen=True)
class Email:
    id: int
    kind: str
    to_address: str
    to_user_id: int | None
    sent_by: int | None
    council_iri: str | None
    provider_iri: str | None
    about_iri: str | None
    subject: str
    body: str
    message_id: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: str
    created_at: str
    sent_at: str | None
    to_name: str | None = None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def queue(
    conn: sqlite3.Connection,
    sender: str,
    *,
    kind: str,
    to_address: str,
    subject: str,
    body: str,
    to_name: str | None = None,
    to_user_id: int | None = None,
    sent_by: int | None = None,
    council_iri: str | None = None,
    provider_iri: str | None = None,
    about_iri: str | None = None,
) -> int:
    """Add one email to the outbox in this transaction; its id. The message is built once here, so a bad
    address or a header value with a line break is refused now (MailError), never at send time."""
    if kind not in KINDS:
        raise ValueError(f"unknown email kind {kind!r}")
    message_id = new_message_id(sender)
    build(sender, to_address, to_name, subject, body, message_id, datetime.now(UTC))
    cursor = conn.execute(
        "INSERT INTO outbox (kind, to_address, to_user_id, sent_by, council_iri, provider_iri, about_iri, subject, "
        "body, message_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            kind,
            to_address,
            to_user_id,
            sent_by,
            council_iri,
            provider_iri,
            about_iri,
            subject,
            body,
            message_id,
            now_text(),
            now_text(),
        ),
    )
    assert cursor.lastrowid is not None  # an INSERT always has one
    return cursor.lastrowid


_SELECT = "SELECT outbox.*, users.name AS to_name FROM outbox LEFT JOIN users ON users.id = outbox.to_user_id"


def _email(row: sqlite3.Row) -> Email:
    return Email(**{key: row[key] for key in row.keys() if key != "claimed_until"})


def claim(
    db: PrivateDB, now: datetime | None = None, limit: int = 20, every: bool = False, after: int = 0
) -> list[Email]:
    """Up to `limit` pending emails numbered above `after` whose next try is due (`every`: due or not), held
    for this sender for CLAIM_SECONDS so another thread or process does not send them too."""
    moment = now or datetime.now(UTC)
    with db.connect(immediate=True) as conn:
        rows = conn.execute(
            _SELECT + " WHERE status = 'pending' AND outbox.id > ? AND (? OR next_attempt_at <= ?) "
            "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY outbox.id LIMIT ?",
            (after, every, _stamp(moment), _stamp(moment), limit),
        ).fetchall()
        until = _stamp(moment + timedelta(seconds=CLAIM_SECONDS))
        conn.executemany("UPDATE outbox SET claimed_until = ? WHERE id = ?", [(until, row["id"]) for row in rows])
    return [_email(row) for row in rows]


def release(db: PrivateDB, email_ids: list[int]) -> None:
    """Give claimed emails back untried (the server went away mid-pass): the next pass takes them."""
    with db.connect(immediate=True) as conn:
        conn.executemany("UPDATE outbox SET claimed_until = NULL WHERE id = ?", [(i,) for i in email_ids])


def mark_sent(db: PrivateDB, email_id: int) -> None:
    with db.connect(immediate=True) as conn:
        row = conn.execute("SELECT kind, body FROM outbox WHERE id = ?", (email_id,)).fetchone()
        body = _INVITATION_LINK.sub(LINK_REMOVED, row["body"]) if row["kind"] == "invitation" else row["body"]
        conn.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, "
            "claimed_until = NULL, body = ? WHERE id = ?",
            (now_text(), body, email_id),
        )


def mark_failed(db: PrivateDB, email_id: int, error: str, now: datetime | None = None) -> None:
    """Keep the email pending with its error; the next try waits twice as long as the last (at most 6 hours)."""
    moment = now or datetime.now(UTC)
    with db.connect(immediate=True) as conn:
        attempts = conn.execute("SELECT attempts FROM outbox WHERE id = ?", (email_id,)).fetchone()["attempts"] + 1
        wait = min(60 * 2 ** (attempts - 1), MAX_WAIT_SECONDS)
        conn.execute(
            "UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, claimed_until = NULL WHERE id = ?",
            (attempts, error[:500], _stamp(moment + timedelta(seconds=wait)), email_id),
        )


def visible_to(db: PrivateDB, user: User, limit: int = 200, offset: int = 0) -> list[Email]:
    """The emails this user may see, newest first: a regional admin (no council) every email; a council admin
    those about their councils and their own; anyone else the emails sent to them or by them."""
    clauses, values = ["outbox.to_user_id = ?", "outbox.sent_by = ?"], [user.id, user.id]
    scope = tuple(getattr(user, "scope", ()))  # an admin's councils (migration 026); none: regional
    if user.is_admin and not scope:
        clauses, values = ["1 = 1"], []  # a comparison, not SQLite's truthy 1: PostgreSQL wants a boolean
    elif user.is_admin:
        clauses.append(f"outbox.council_iri IN ({', '.join('?' for _ in scope)})")  # placeholders only
        values.extend(scope)
    with db.connect() as conn:
        rows = conn.execute(
            _SELECT + f" WHERE ({' OR '.join(clauses)}) ORDER BY outbox.id DESC LIMIT ? OFFSET ?",
            (*values, limit, offset),
        ).fetchall()
    return [_email(row) for row in rows]


def get(db: PrivateDB, email_id: int) -> Email | None:
    with db.connect() as conn:
        row = conn.execute(_SELECT + " WHERE outbox.id = ?", (email_id,)).fetchone()
    return _email(row) if row else None
