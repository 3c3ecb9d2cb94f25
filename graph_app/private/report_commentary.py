"""Commissioners' commentary and actions on a council's joint commissioning report, and the report's
headline figures as each report was made (migration 020).

Commentary belongs to one report: a council and a quarter ("2026-Q4"). Every save is a new version, so
what the board was shown can always be found again; the report shows the latest. The figures are kept
per council and store version the first time a report is made from that version, so a later report can
say what changed since the last one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from .accounts import User, now_text
from .db import PrivateDB

COMMENTARY_MAX = 5000
ACTION_MAX = 300
OWNER_MAX = 100
ACTIONS_MAX = 10


class CommentaryError(ValueError):
    """A field that cannot be saved, with the field's name and a message for the form."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Action:
    action: str
    owner: str
    due: str = ""  # YYYY-MM-DD or empty


@dataclass(frozen=True)
class Commentary:
    council_iri: str
    period: str
    version: int
    created_at: str
    user_name: str
    commentary: str
    actions: list[Action] = field(default_factory=list)


def period_of(day: date) -> str:
    """The quarter a report made on this day belongs to, e.g. '2026-Q4'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def check(commentary: str, actions: list[Action]) -> tuple[str, list[Action]]:
    """The commentary and actions as they will be saved (blank actions dropped); CommentaryError names the
    field that is wrong."""
    text = commentary.replace("\r\n", "\n").strip()
    if len(text) > COMMENTARY_MAX:
        raise CommentaryError("commentary", f"The commentary must be {COMMENTARY_MAX:,} characters or fewer.")
    kept = []
    for number, given in enumerate(actions, start=1):
        action, owner, due = given.action.strip(), given.owner.strip(), given.due.strip()
        if not (action or owner or due):
            continue
        if not action:
            raise CommentaryError(f"action-{number}", f"Action {number}: say what will be done, or clear its owner.")
        if not owner:
            raise CommentaryError(f"owner-{number}", f"Action {number}: say who owns it (a name or a role).")
        if len(action) > ACTION_MAX or len(owner) > OWNER_MAX:
            raise CommentaryError(
                f"action-{number}",
                f"Action {number}: keep the action to {ACTION_MAX} characters and the owner to {OWNER_MAX}.",
            )
        if due:
            try:
                due = date.fromisoformat(due).isoformat()
            except ValueError:
                raise CommentaryError(f"due-{number}", f"Action {number}: the date must be like 2027-03-31.") from None
        kept.append(Action(action, owner, due))
    if len(kept) > ACTIONS_MAX:
        raise CommentaryError("actions", f"A report can have at most {ACTIONS_MAX} actions.")
    return text, kept


def save(
    db: PrivateDB, council_iri: str, period: str, user: User, commentary: str, actions: list[Action]
) -> Commentary:
    """Save a new version of the report's commentary; returns it."""
    text, kept = check(commentary, actions)
    stored = json.dumps([a.__dict__ for a in kept], ensure_ascii=False)
    with db.connect(immediate=True) as conn:
        latest = conn.execute(
            "SELECT MAX(version) FROM report_commentary WHERE council_iri = ? AND period = ?", (council_iri, period)
        ).fetchone()[0]
        version = (latest or 0) + 1
        created = now_text()
        conn.execute(
            "INSERT INTO report_commentary (council_iri, period, version, created_at, user_id, user_name, commentary,"
            " actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (council_iri, period, version, created, user.id, user.name, text, stored),
        )
    return Commentary(council_iri, period, version, created, user.name, text, kept)


def _commentary(row: sqlite3.Row) -> Commentary:
    actions = [Action(a["action"], a["owner"], a.get("due", "")) for a in json.loads(row["actions"])]
    return Commentary(
        row["council_iri"],
        row["period"],
        row["version"],
        row["created_at"],
        row["user_name"],
        row["commentary"],
        actions,
    )


def versions(db: PrivateDB, council_iri: str, period: str) -> list[Commentary]:
    """Every saved version of the report's commentary, the latest first."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM report_commentary WHERE council_iri = ? AND period = ? ORDER BY version DESC",
            (council_iri, period),
        ).fetchall()
    return [_commentary(row) for row in rows]


def latest(db: PrivateDB, council_iri: str, period: str) -> Commentary | None:
    found = versions(db, council_iri, period)
    return found[0] if found else None


@dataclass(frozen=True)
class RecordedFigures:
    store_version: str
    built: str | None
    recorded_at: str
    figures: dict[str, int]


def record_figures(
    db: PrivateDB, council_iri: str, store_version: str, built: str | None, figures: dict[str, int]
) -> None:
    """Keep the report's headline counts for this store version (the first report made from it wins)."""
    with db.connect(immediate=True) as conn:
        conn.execute(
            "INSERT OR IGNORE INTO report_figures (council_iri, store_version, built, recorded_at, figures)"
            " VALUES (?, ?, ?, ?, ?)",
            (council_iri, store_version, built, now_text(), json.dumps(figures, sort_keys=True)),
        )


def previous_figures(db: PrivateDB, council_iri: str, store_version: str) -> RecordedFigures | None:
    """The figures of the latest report made from another (earlier) store version, or None."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT * FROM report_figures WHERE council_iri = ? AND store_version != ?"
            " ORDER BY recorded_at DESC, rowid DESC LIMIT 1",
            (council_iri, store_version),
        ).fetchone()
    if row is None:
        return None
    return RecordedFigures(row["store_version"], row["built"], row["recorded_at"], json.loads(row["figures"]))
