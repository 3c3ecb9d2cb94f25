"""The weekly digest: to each member of staff who can sign in, what is waiting for them (new feedback, records
out of date, comments to moderate), once per ISO week (digests_sent, migration 025). A week with nothing
waiting sends nothing: an email that says "nothing" teaches people to ignore the ones that say something.
Run by `graph-app notify digest` (cron, e.g. Monday mornings)."""

from __future__ import annotations

from datetime import date

from ..config import Settings
from ..mail import outbox
from ..private.accounts import User, now_text
from ..private.comments import pending_count
from ..private.db import PrivateDB
from ..private.feedback import new_feedback_count
from ..queries import QueryLibrary
from ..store import GraphStore
from . import texts
from .events import link
from .recipients import active_staff
from .review_due import overdue_count
from .scope import overdue_in_scope, record_councils
from .texts import paragraphs


def week_of(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def counts_for(
    db: PrivateDB,
    store: GraphStore,
    library: QueryLibrary,
    user: User,
    today: date,
    overdue_memo: dict[str | None, int] | None = None,
    councils: dict[str, str] | None = None,
    id_base: str = "",
) -> dict[str, int]:
    """What waits for this user: new feedback they can read, records out of date they look after (an
    editor's provider's, every provider's for an admin: their councils' for a council-scoped one), comments to
    moderate. `overdue_memo` keeps each provider's count across users; `councils` (record -> council) is
    needed for council-scoped staff."""
    memo = {} if overdue_memo is None else overdue_memo
    scoped = user.role != "editor" and bool(user.scope)
    placed = councils or {}  # items kept before their council was (migration 028): the graph's council

    def council_of(about_iri: str, provider_iri: str | None) -> str | None:
        return next((placed[iri] for iri in (about_iri, provider_iri) if iri and iri in placed), None)

    counts = {"feedback": new_feedback_count(db, user, council_of)}  # counted by the database: every item
    if user.role == "editor" or user.is_admin:
        if scoped:
            counts["overdue"] = overdue_in_scope(store, library, id_base, user, councils or {}, today)
        else:
            provider = user.provider_iri if user.role == "editor" else None
            if provider not in memo:
                memo[provider] = overdue_count(store, library, provider, today)
            counts["overdue"] = memo[provider]
    if user.can_moderate:
        counts["comments"] = pending_count(db)  # comments are not council-scoped in the private database
    return counts


def send_digests(
    settings: Settings, db: PrivateDB, store: GraphStore, library: QueryLibrary, site: str, today: date
) -> int:
    """Queue this week's digest for everyone with something waiting who has not had it; how many."""
    week = week_of(today)
    with db.connect() as conn:
        people = active_staff(conn)
        done = {row["user_id"] for row in conn.execute("SELECT user_id FROM digests_sent WHERE week = ?", (week,))}
    queued = 0
    memo: dict[str | None, int] = {}
    councils = record_councils(store, library) if any(p.scope and p.role != "editor" for p in people) else {}
    for person in people:
        if person.id in done:
            continue
        counts = counts_for(db, store, library, person, today, memo, councils, settings.base + "id/")
        if not any(counts.values()):
            continue
        lines = []
        if counts.get("feedback"):
            lines.append(texts.DIGEST_FEEDBACK.format(count=counts["feedback"]) + "\n" + link(site, "/staff/feedback"))
        if counts.get("overdue"):
            lines.append(
                texts.DIGEST_OVERDUE.format(count=counts["overdue"]) + "\n" + link(site, "/staff/due-for-review/")
            )
        if counts.get("comments"):
            lines.append(texts.DIGEST_COMMENTS.format(count=counts["comments"]) + "\n" + link(site, "/staff/comments/"))
        body = paragraphs(
            texts.DIGEST_HELLO.format(name=person.name),
            *lines,
            texts.DIGEST_STAFF + "\n" + link(site, "/staff/"),
            texts.SIGN_OFF,
        )
        with db.connect(immediate=True) as conn:
            if conn.execute(
                "INSERT OR IGNORE INTO digests_sent (user_id, week, sent_at) VALUES (?, ?, ?)",
                (person.id, week, now_text()),
            ).rowcount:
                outbox.queue(
                    conn,
                    settings.mail_from,
                    kind="digest",
                    to_address=person.email,
                    to_name=person.name,
                    to_user_id=person.id,
                    subject=texts.DIGEST_SUBJECT,
                    body=body,
                    provider_iri=person.provider_iri,
                    council_iri=person.council_iri,
                )
                queued += 1
    return queued
