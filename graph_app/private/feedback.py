"""Confidential feedback to a provider: kept only here, read only by that provider's editors and by council
moderators and admins. The sender gets a reference number; nothing of it is ever published or logged."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from .accounts import User, now_text
from .db import PrivateDB

BODY_MAX = 5000
# no 0/O, 1/I/L: a reference read out over the phone is not misheard (32 symbols, 40 random bits)
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Feedback:
    id: int
    reference: str
    about_iri: str
    about_label: str
    provider_iri: str | None
    body: str
    sender_name: str | None
    sender_email: str | None
    created_at: str


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"FB-{chars[:4]}-{chars[4:]}"


def add_feedback(
    db: PrivateDB,
    about_iri: str,
    about_label: str,
    provider_iri: str | None,
    body: str,
    sender_name: str | None,
    sender_email: str | None,
) -> str:
    """Store the feedback; returns its reference number."""
    for _attempt in range(5):
        reference = new_reference()
        try:
            with db.connect(immediate=True) as conn:
                conn.execute(
                    "INSERT INTO feedback (reference, about_iri, about_label, provider_iri, body, sender_name, "
                    "sender_email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        reference,
                        about_iri,
                        about_label,
                        provider_iri,
                        body,
                        sender_name or None,
                        sender_email or None,
                        now_text(),
                    ),
                )
            return reference
        except sqlite3.IntegrityError:
            continue  # the same reference drawn twice: draw again
    raise RuntimeError("could not draw an unused feedback reference")


def feedback_for(db: PrivateDB, user: User, limit: int = 500) -> list[Feedback]:
    """What this user may read: everything for moderators and admins, their provider's for an editor."""
    with db.connect() as conn:
        if user.can_moderate:
            rows = conn.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        elif user.role == "editor" and user.provider_iri:
            rows = conn.execute(
                "SELECT * FROM feedback WHERE provider_iri = ? ORDER BY id DESC LIMIT ?", (user.provider_iri, limit)
            ).fetchall()
        else:
            rows = []
    return [Feedback(**{key: row[key] for key in row.keys()}) for row in rows]
