"""Who receives what: the staff accounts that can sign in (not disabled, password set)."""

from __future__ import annotations

import sqlite3

from ..private.accounts import COUNCILS, User

_ACTIVE = "disabled = 0 AND password_hash IS NOT NULL"


def _users(rows: list[sqlite3.Row]) -> list[User]:
    """Accounts with their councils (the COUNCILS column, when selected)."""
    found = []
    for r in rows:
        listed = r["councils"] if "councils" in r.keys() and r["councils"] else ""
        councils = tuple(sorted(listed.split())) or ((r["council_iri"],) if r["council_iri"] else ())
        found.append(User(r["id"], r["email"], r["name"], r["role"], r["provider_iri"], r["council_iri"], councils))
    return found


def editors_of(conn: sqlite3.Connection, provider_iri: str) -> list[User]:
    """The provider's editors."""
    rows = conn.execute(
        f"SELECT * FROM users WHERE role = 'editor' AND provider_iri = ? AND {_ACTIVE} ORDER BY id", (provider_iri,)
    ).fetchall()
    return _users(rows)


def moderators(conn: sqlite3.Connection, council_iri: str | None = None) -> list[User]:
    """The moderators who read feedback about this council's records: regional ones (no councils, migration
    026) and those given this council."""
    rows = conn.execute(
        f"SELECT * FROM users WHERE role = 'moderator' AND {_ACTIVE} AND (NOT EXISTS (SELECT 1 FROM user_councils "
        "WHERE user_id = users.id) OR EXISTS (SELECT 1 FROM user_councils WHERE user_id = users.id "
        "AND council_iri = ?)) ORDER BY id",
        (council_iri,),
    ).fetchall()
    return _users(rows)


def active_staff(conn: sqlite3.Connection) -> list[User]:
    return _users(conn.execute(f"SELECT users.*, {COUNCILS} FROM users WHERE {_ACTIVE} ORDER BY id").fetchall())


def providers_with_editors(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        f"SELECT DISTINCT provider_iri FROM users WHERE role = 'editor' AND {_ACTIVE} ORDER BY provider_iri"
    ).fetchall()
    return [row["provider_iri"] for row in rows]
