"""Drafts of record edits (issue 18): one per person and record, in the private database.

A draft holds the whole form's values (field name -> list of values) as the person last saved a part or as
the page's autosave sent them, and the version it started from. Only its own person ever reads it: every
function takes the user id, and nothing lists another person's drafts. Publishing removes it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from .db import PrivateDB

MAX_VALUES = 2000  # values in one draft: far more than any form has; a bigger one is refused, not stored
MAX_TEXT = 200_000  # characters of one draft's JSON


@dataclass(frozen=True)
class Draft:
    user_id: int
    record_key: str
    based_on: int
    fields: dict[str, list[str]]
    updated_at: float
    kept_after_session_end: bool


class DraftTooBig(ValueError):
    """A draft with more values or text than any real form sends."""


def new_record_key(kind: str) -> str:
    """The key of a person's draft of a record not yet saved."""
    return "new:" + kind


def load(db: PrivateDB, user_id: int, record_key: str) -> Draft | None:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT * FROM drafts WHERE user_id = ? AND record_key = ?", (user_id, record_key)
        ).fetchone()
    if row is None:
        return None
    return Draft(
        row["user_id"],
        row["record_key"],
        row["based_on"],
        {str(k): [str(v) for v in vs] for k, vs in json.loads(row["fields"]).items()},
        row["updated_at"],
        bool(row["kept_after_session_end"]),
    )


def save(
    db: PrivateDB,
    user_id: int,
    record_key: str,
    based_on: int,
    fields: dict[str, list[str]],
    kept_after_session_end: bool = False,
) -> None:
    """Write (or replace) the person's draft of this record."""
    if sum(len(v) for v in fields.values()) > MAX_VALUES:
        raise DraftTooBig(record_key)
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    if len(text) > MAX_TEXT:
        raise DraftTooBig(record_key)
    with db.connect(immediate=True) as conn:
        conn.execute(
            "INSERT INTO drafts (user_id, record_key, based_on, fields, updated_at, kept_after_session_end) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, record_key) DO UPDATE SET based_on = excluded.based_on, "
            "fields = excluded.fields, updated_at = excluded.updated_at, "
            "kept_after_session_end = excluded.kept_after_session_end",
            (user_id, record_key, based_on, text, time.time(), int(kept_after_session_end)),
        )


def discard(db: PrivateDB, user_id: int, record_key: str) -> bool:
    """Remove the person's draft of this record; whether there was one."""
    with db.connect(immediate=True) as conn:
        return (
            conn.execute("DELETE FROM drafts WHERE user_id = ? AND record_key = ?", (user_id, record_key)).rowcount > 0
        )
