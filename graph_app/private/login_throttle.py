"""Sign-in throttling. Each attempt is counted BEFORE its password is hashed, in one write transaction that
checks and counts together, so concurrent attempts cannot all pass the check before any of them is counted.

Per client address, an exponential back-off: the first `free` failed attempts in the window cost nothing; after
that each attempt must wait `base * 2**(failures - free)` seconds after the previous one, up to `cap`. An
attacker on one address is slowed to a few guesses an hour, while the account's owner, signing in from their
own address, is never locked out by someone else's guesses.

Per account, only a much higher ceiling (`account_ceiling` failed attempts per window, from all addresses
together). It stays because an attacker spread over many addresses escapes the per-address back-off: 100
guesses an hour against a password the password rule accepts (about 10^8 guesses or more, accounts.py) would
take over a century, and the owner is only affected while such an attack is going on.

Events live in the shared `rate_events` table (every worker process counts together); subjects are keyed
hashes (rate_limits.subject_key), never the address or email itself.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from .db import PrivateDB

ADDRESS, ACCOUNT = "login-address", "login-account"


@dataclass(frozen=True)
class Policy:
    free: int = 5  # failed attempts from one address before the back-off starts
    base: float = 2.0  # seconds: the first wait, doubled at each further failure
    cap: float = 15 * 60.0  # the longest wait between two attempts from one address
    window: float = 60 * 60.0  # failures older than this are forgotten
    account_ceiling: int = 100  # failed attempts on one account per window, from all addresses


@dataclass(frozen=True)
class Attempt:
    """An attempt that was counted: its event rows, taken back if the password turns out right."""

    event_ids: tuple[int, ...]


def address_wait(policy: Policy, times: list[float], now: float) -> float:
    """Seconds this address must still wait, given the times of its counted attempts (oldest first)."""
    over = len(times) - policy.free
    if over < 0:
        return 0.0
    delay = min(policy.cap, policy.base * 2.0 ** min(over, 32))
    return max(0.0, times[-1] + delay - now)


def reserve(db: PrivateDB, policy: Policy, address: str, account: str) -> Attempt | int:
    """Count one attempt from `address` on `account` and return it, or (counting nothing) the whole seconds
    to wait before another attempt is allowed."""
    now = time.time()
    with db.connect(immediate=True) as conn:  # the write lock: check and count are one step for every worker
        conn.execute(
            "DELETE FROM rate_events WHERE bucket IN (?, ?) AND at <= ?", (ADDRESS, ACCOUNT, now - policy.window)
        )
        times = [
            row["at"]
            for row in conn.execute(
                "SELECT at FROM rate_events WHERE bucket = ? AND subject = ? ORDER BY at", (ADDRESS, address)
            )
        ]
        wait = address_wait(policy, times, now)
        if not wait:
            rows = conn.execute(
                "SELECT at FROM rate_events WHERE bucket = ? AND subject = ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                (ACCOUNT, account, policy.account_ceiling - 1),
            ).fetchone()
            if rows is not None:  # at the ceiling: wait until the oldest counted attempt leaves the window
                wait = rows["at"] + policy.window - now
        if wait:
            return max(1, math.ceil(wait))
        ids = tuple(
            conn.execute(
                "INSERT INTO rate_events (bucket, subject, at) VALUES (?, ?, ?)", (bucket, subject, now)
            ).lastrowid
            for bucket, subject in ((ADDRESS, address), (ACCOUNT, account))
        )
    return Attempt(ids)


def succeeded(db: PrivateDB, attempt: Attempt, account: str) -> None:
    """The password was right: this attempt does not count, and the account's failures are forgotten. The
    address's earlier failures stay, so knowing one password does not reset the back-off for guessing others."""
    with db.connect(immediate=True) as conn:
        conn.executemany("DELETE FROM rate_events WHERE rowid = ?", [(i,) for i in attempt.event_ids])
        conn.execute("DELETE FROM rate_events WHERE bucket = ? AND subject = ?", (ACCOUNT, account))
