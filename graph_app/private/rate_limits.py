"""Sliding-window rate limits kept in the private database, so every worker process counts together.

Subjects (an email address, a client address) are stored only as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from .db import PrivateDB

# the public forms' sends per client address per period (seconds); the app config may override each
# (web/feedback/post_limits.py counts them; the privacy notice states them)
FORM_LIMITS = {"COMMENT_LIMIT": (5, 10 * 60.0), "FEEDBACK_LIMIT": (5, 10 * 60.0)}


@dataclass(frozen=True)
class Limit:
    bucket: str  # what is counted, e.g. "login-account"
    count: int  # events allowed...
    window: float  # ...per this many seconds


def subject_key(secret: bytes, subject: str) -> str:
    return hmac.new(secret, subject.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()


def retry_after(db: PrivateDB, limit: Limit, subject: str) -> int | None:
    """Seconds until another event is allowed, or None when one is allowed now."""
    now = time.time()
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT at FROM rate_events WHERE bucket = ? AND subject = ? AND at > ? ORDER BY at",
            (limit.bucket, subject, now - limit.window),
        ).fetchall()
    if len(rows) < limit.count:
        return None
    oldest_counted = rows[len(rows) - limit.count]["at"]
    return max(1, math.ceil(oldest_counted + limit.window - now))


def record(db: PrivateDB, limit: Limit, subject: str) -> None:
    """Count one event (and forget events of this bucket older than its window)."""
    now = time.time()
    with db.connect(immediate=True) as conn:
        conn.execute("DELETE FROM rate_events WHERE bucket = ? AND at <= ?", (limit.bucket, now - limit.window))
        conn.execute("INSERT INTO rate_events (bucket, subject, at) VALUES (?, ?, ?)", (limit.bucket, subject, now))


def forget(db: PrivateDB, limit: Limit, subject: str) -> None:
    with db.connect(immediate=True) as conn:
        conn.execute("DELETE FROM rate_events WHERE bucket = ? AND subject = ?", (limit.bucket, subject))
