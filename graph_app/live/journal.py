"""The public change journal in the private database: the truth about every change after a build.

An entry is committed (WAL, synchronous=FULL) before any store is touched, so a crash at any later
moment loses nothing: the next publish, the next start of the app or the next build applies every entry
newer than what the live store records having applied. Replace is idempotent, so applying an entry twice
(a crash after the swap but before the record of it) gives the same graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..private.db import PrivateDB
from .changes import Replace, from_json, to_json
from .dependents import migrate_changes


@dataclass(frozen=True)
class Entry:
    seq: int
    created_at: str
    actor: str
    summary: str
    changes: list[Replace]


def append(db: PrivateDB, changes: Sequence[Replace], actor: str, summary: str) -> int:
    """Write an entry durably and return its sequence number."""
    with db.connect(immediate=True) as connection:
        cursor = connection.execute(
            "INSERT INTO public_changes (created_at, actor, summary, changes) VALUES (?, ?, ?, ?)",
            (datetime.now(UTC).isoformat(timespec="seconds"), actor, summary, to_json(changes)),
        )
        return int(cursor.lastrowid)


def pending(db: PrivateDB, after: int) -> list[Entry]:
    """Entries newer than `after`, oldest first, without the ones that failed."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT seq, created_at, actor, summary, changes FROM public_changes "
            "WHERE seq > ? AND status = 'pending' ORDER BY seq",
            (after,),
        ).fetchall()
    entries = []
    for r in rows:
        try:  # entries written before answers' IRIs named their record's kind: moved to the new IRIs
            changes = migrate_changes(r["summary"], from_json(r["changes"]))
        except ValueError as error:  # refused, with the reason kept in the journal, never half applied
            mark_failed(db, r["seq"], f"not replayed: {error}")
            continue
        entries.append(Entry(r["seq"], r["created_at"], r["actor"], r["summary"], changes))
    return entries


def subjects_between(db: PrivateDB, after: int, upto: int) -> list[str]:
    """The records changed by the entries after `after` up to `upto` that did not fail: what a search index
    that has applied `after` reindexes to reach `upto` (graph_app/search/follow.py)."""
    return [change.subject_iri for e in pending(db, after) if e.seq <= upto for change in e.changes]


def last_seq(db: PrivateDB) -> int:
    with db.connect() as connection:
        row = connection.execute("SELECT max(seq) FROM public_changes").fetchone()
    return int(row[0] or 0)


def mark_failed(db: PrivateDB, seq: int, error: str) -> None:
    """An entry that cannot be applied is kept (for the record) but never replayed."""
    with db.connect(immediate=True) as connection:
        connection.execute("UPDATE public_changes SET status = 'failed', error = ? WHERE seq = ?", (error, seq))


def status(db: PrivateDB, seq: int) -> tuple[str, str | None]:
    with db.connect() as connection:
        row = connection.execute("SELECT status, error FROM public_changes WHERE seq = ?", (seq,)).fetchone()
    return (row["status"], row["error"]) if row else ("missing", None)


def applied_remote(db: PrivateDB, target: str) -> int:
    with db.connect() as connection:
        row = connection.execute("SELECT applied_seq FROM public_change_targets WHERE target = ?", (target,)).fetchone()
    return int(row[0]) if row else 0


def record_applied_remote(db: PrivateDB, target: str, seq: int) -> None:
    with db.connect(immediate=True) as connection:
        connection.execute(
            "INSERT INTO public_change_targets (target, applied_seq) VALUES (?, ?) "
            "ON CONFLICT(target) DO UPDATE SET applied_seq = excluded.applied_seq "
            "WHERE excluded.applied_seq > public_change_targets.applied_seq",
            (target, seq),
        )


@dataclass(frozen=True)
class Listed:
    seq: int
    created_at: str
    actor: str
    summary: str
    status: str
    error: str | None
    subjects: list[str]


def listing(db: PrivateDB, failed_only: bool = False, limit: int = 50) -> list[Listed]:
    """The newest entries first (for `graph-app journal list`)."""
    where = "WHERE status = 'failed'" if failed_only else ""
    with db.connect() as connection:
        rows = connection.execute(
            f"SELECT * FROM public_changes {where} ORDER BY seq DESC LIMIT ?", (limit,)
        ).fetchall()
    return [
        Listed(
            r["seq"],
            r["created_at"],
            r["actor"],
            r["summary"],
            r["status"],
            r["error"],
            [c.subject_iri for c in from_json(r["changes"])],
        )
        for r in rows
    ]


def entry(db: PrivateDB, seq: int) -> Entry | None:
    with db.connect() as connection:
        row = connection.execute("SELECT * FROM public_changes WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        return None
    return Entry(row["seq"], row["created_at"], row["actor"], row["summary"], from_json(row["changes"]))
