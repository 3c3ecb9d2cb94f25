"""Change over time for the gap analyses, kept in the private database (migration 021): every store version
the analyses were worked out for, with its date; each council's headline figures for that version (the
trend lines); and snapshots, whose results for all councils are kept for good.

Retention: a snapshot and its version are kept for ever; an ordinary version and its figures for
KEEP_DAYS days (the stored result files of graph_app/gaps/stored_results.py follow the same rule).

Snapshots are taken at each quarter end and on demand. There is no scheduler: a quarter-end snapshot is
taken the first time a new store version is worked out (a build or a published edit) after the quarter
has ended, so it holds the data of that first version, and its date says when that was. It is only taken
when this service was already running before the quarter ended (a fresh install has no quarter to close).
Nothing here needs Flask; web/commission/history.py works the figures out and calls these.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..private.db import PrivateDB

KEEP_DAYS = 90
NAME_MAX = 80


class SnapshotError(ValueError):
    """A snapshot that cannot be taken, with the field at fault and a message for the form."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Snapshot:
    id: int
    name: str
    kind: str  # "quarter" or "on_demand"
    period: str | None
    store_version: str
    built: str | None
    taken_at: str
    user_name: str | None


@dataclass(frozen=True)
class Point:
    day: str  # YYYY-MM-DD: when the version was first worked out here
    count: float
    snapshot: str | None  # the name of a snapshot of this version, if any


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).replace(microsecond=0).isoformat()


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def check_name(raw: str) -> str:
    """The name as it will be kept; SnapshotError names the field when it is empty, too long or odd."""
    name = " ".join(raw.split())
    if not name:
        raise SnapshotError("name", "Give the snapshot a name, for example 'Before the January panel'.")
    if len(name) > NAME_MAX:
        raise SnapshotError("name", f"The name must be {NAME_MAX} characters or fewer.")
    if any(ord(ch) < 32 for ch in name):
        raise SnapshotError("name", "The name must be plain text.")
    return name


def is_recorded(db: PrivateDB, version: str) -> bool:
    with db.connect() as conn:
        return conn.execute("SELECT 1 FROM gap_versions WHERE store_version = ?", (version,)).fetchone() is not None


def record_version(
    db: PrivateDB,
    version: str,
    built: str | None,
    figures: dict[str, dict[str, float]],
    now: datetime | None = None,
) -> bool:
    """Keep this version, its date and each council's headline figures ({council_iri: {analysis: count}}).
    The first record of a version wins (another worker may have recorded it); True if this one did."""
    with db.connect(immediate=True) as conn:
        added = conn.execute(
            "INSERT OR IGNORE INTO gap_versions (store_version, built, seen_at) VALUES (?, ?, ?)",
            (version, built, _now(now)),
        ).rowcount
        if added:
            conn.executemany(
                "INSERT INTO gap_figures (store_version, council_iri, analysis, count) VALUES (?, ?, ?, ?)",
                [(version, iri, name, float(n)) for iri, counts in figures.items() for name, n in counts.items()],
            )
    return bool(added)


def quarter_due(db: PrivateDB, today: date) -> str | None:
    """The quarter that has ended and still needs its snapshot (e.g. '2026-Q3'), or None: only when a
    version was seen before the current quarter began and that quarter has no snapshot yet."""
    began = quarter_start(today)
    closed = quarter_of(began - timedelta(days=1))
    with db.connect() as conn:
        earlier = conn.execute("SELECT 1 FROM gap_versions WHERE seen_at < ? LIMIT 1", (began.isoformat(),)).fetchone()
        taken = conn.execute("SELECT 1 FROM gap_snapshots WHERE period = ?", (closed,)).fetchone()
    return closed if earlier and not taken else None


def take(
    db: PrivateDB,
    name: str,
    version: str,
    built: str | None,
    results: dict[str, dict[str, Any]],
    user_name: str | None = None,
    period: str | None = None,
    now: datetime | None = None,
) -> Snapshot | None:
    """Keep a snapshot of these results ({analysis: {"columns": ..., "rows": ...}} for all councils). A
    quarter's snapshot (`period`) is taken once: None if another process took it first."""
    name = check_name(name)
    kind = "quarter" if period else "on_demand"
    taken_at = _now(now)
    try:
        with db.connect(immediate=True) as conn:
            snapshot_id = conn.execute(
                "INSERT INTO gap_snapshots (name, kind, period, store_version, built, taken_at, user_name)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, kind, period, version, built, taken_at, user_name),
            ).lastrowid
            conn.executemany(
                "INSERT INTO gap_snapshot_results (snapshot_id, analysis, result) VALUES (?, ?, ?)",
                [(snapshot_id, analysis, _pack(data)) for analysis, data in results.items()],
            )
    except sqlite3.IntegrityError:
        if period:
            return None  # the quarter was closed by another worker meanwhile
        raise
    assert snapshot_id is not None
    return Snapshot(snapshot_id, name, kind, period, version, built, taken_at, user_name)


def _pack(data: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _snapshot(row: sqlite3.Row) -> Snapshot:
    return Snapshot(
        row["id"],
        row["name"],
        row["kind"],
        row["period"],
        row["store_version"],
        row["built"],
        row["taken_at"],
        row["user_name"],
    )


def snapshots(db: PrivateDB) -> list[Snapshot]:
    """Every snapshot, the newest first."""
    with db.connect() as conn:
        rows = conn.execute("SELECT * FROM gap_snapshots ORDER BY taken_at DESC, id DESC").fetchall()
    return [_snapshot(row) for row in rows]


def get(db: PrivateDB, snapshot_id: int) -> Snapshot | None:
    with db.connect() as conn:
        row = conn.execute("SELECT * FROM gap_snapshots WHERE id = ?", (snapshot_id,)).fetchone()
    return _snapshot(row) if row else None


def result_of(db: PrivateDB, snapshot_id: int, analysis: str) -> dict[str, Any] | None:
    """The snapshot's result of one analysis for all councils, or None if it had no such analysis."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT result FROM gap_snapshot_results WHERE snapshot_id = ? AND analysis = ?", (snapshot_id, analysis)
        ).fetchone()
    return json.loads(gzip.decompress(row["result"]).decode("utf-8")) if row else None


def figures_of(db: PrivateDB, version: str, council_iri: str) -> dict[str, float]:
    """A council's headline figures as recorded for a version ({analysis: count}); empty if not recorded."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT analysis, count FROM gap_figures WHERE store_version = ? AND council_iri = ?",
            (version, council_iri),
        ).fetchall()
    return {row["analysis"]: row["count"] for row in rows}


def latest_snapshot_before(db: PrivateDB, version: str) -> Snapshot | None:
    """The newest snapshot of another store version than this one (the one a report compares with)."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT * FROM gap_snapshots WHERE store_version != ? ORDER BY taken_at DESC, id DESC LIMIT 1",
            (version,),
        ).fetchone()
    return _snapshot(row) if row else None


def trend(db: PrivateDB, council_iri: str) -> dict[str, list[Point]]:
    """Each headline figure of a council over time ({analysis: points, oldest first}), one point a day:
    the last version worked out that day (a day of many published edits is one point)."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT v.store_version, v.seen_at, f.analysis, f.count,"
            " (SELECT name FROM gap_snapshots s WHERE s.store_version = v.store_version ORDER BY s.id LIMIT 1)"
            " AS snapshot FROM gap_versions v JOIN gap_figures f ON f.store_version = v.store_version"
            " WHERE f.council_iri = ? ORDER BY v.seen_at, v.rowid",
            (council_iri,),
        ).fetchall()
    by_day: dict[str, dict[str, Point]] = {}
    for row in rows:
        day = row["seen_at"][:10]
        earlier = by_day.setdefault(row["analysis"], {}).get(day)
        named = row["snapshot"] or (earlier.snapshot if earlier else None)
        by_day[row["analysis"]][day] = Point(day, row["count"], named)
    return {analysis: list(days.values()) for analysis, days in by_day.items()}


def prune(db: PrivateDB, now: datetime | None = None, keep_days: int = KEEP_DAYS) -> int:
    """Forget ordinary versions (and their figures) first seen more than `keep_days` ago; a snapshot's
    version is kept for good. Returns how many versions were forgotten."""
    cutoff = _now((now or datetime.now(UTC)) - timedelta(days=keep_days))
    with db.connect(immediate=True) as conn:
        return conn.execute(
            "DELETE FROM gap_versions WHERE seen_at < ?"
            " AND store_version NOT IN (SELECT store_version FROM gap_snapshots)",
            (cutoff,),
        ).rowcount
