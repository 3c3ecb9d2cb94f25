"""Server-side records of signed-in staff sessions: the cookie holds a random id, this table its hash.

Idle sessions end after `idle` seconds and every session after `absolute` seconds, whatever happens in
the browser; signing out, a password change, a role change or disabling the account end them at once.
"""

from __future__ import annotations

import secrets
import time

from .accounts import COUNCILS, User, _user, token_hash
from .db import PrivateDB

TOUCH_EVERY = 60.0  # seconds: write last_seen_at at most this often, not on every request


def start_session(db: PrivateDB, user: User) -> str:
    """A new session id for this user (a fresh one at every sign-in, so a planted id is worthless)."""
    session_id = secrets.token_urlsafe(32)
    now = time.time()
    with db.connect(immediate=True) as conn:
        conn.execute(
            "INSERT INTO staff_sessions (id_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            (token_hash(session_id), user.id, now, now),
        )
    return session_id


def session_user(db: PrivateDB, session_id: str, idle: float, absolute: float) -> User | None:
    """The signed-in user of a live session, refreshing its last-seen time; None when it has ended."""
    key, now = token_hash(session_id), time.time()
    with db.connect() as conn:
        row = conn.execute(
            f"SELECT users.*, {COUNCILS}, staff_sessions.created_at AS started, staff_sessions.last_seen_at AS seen "
            "FROM staff_sessions JOIN users ON users.id = staff_sessions.user_id "
            "WHERE id_hash = ? AND users.disabled = 0",
            (key,),
        ).fetchone()
    if row is None:
        return None
    if now - row["seen"] > idle or now - row["started"] > absolute:
        end_session(db, session_id)
        return None
    if now - row["seen"] > TOUCH_EVERY:
        with db.connect(immediate=True) as conn:
            conn.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?", (now, key))
    return _user(row)


def end_session(db: PrivateDB, session_id: str) -> None:
    with db.connect(immediate=True) as conn:
        conn.execute("DELETE FROM staff_sessions WHERE id_hash = ?", (token_hash(session_id),))


def prune_sessions(db: PrivateDB, idle: float, absolute: float) -> int:
    """Forget sessions that have ended by time (run at each sign-in, so the table stays small)."""
    now = time.time()
    with db.connect(immediate=True) as conn:
        return conn.execute(
            "DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?", (now - idle, now - absolute)
        ).rowcount


def touch(db: PrivateDB, session_id: str) -> None:
    """Mark a live session as seen now ("Stay signed in" on the timeout warning): the idle time starts again."""
    with db.connect(immediate=True) as conn:
        conn.execute(
            "UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?", (time.time(), token_hash(session_id))
        )
