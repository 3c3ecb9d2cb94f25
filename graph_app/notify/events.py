"""The emails that follow one event: an invitation, feedback received, a reply to feedback. Each is written to
the outbox in the caller's transaction (`conn`), so the event and its emails are kept together or not at all."""

from __future__ import annotations

import sqlite3

from ..config import Settings
from ..mail import outbox
from ..mail.message import one_line
from ..private.accounts import INVITATION_DAYS, ROLE_NAMES, User, now_text
from ..private.feedback import Feedback
from . import texts
from .recipients import editors_of, moderators
from .texts import paragraphs

EDITABLE = ("service", "setting")  # the record kinds an editor edits under /staff/records/<kind>/<slug>/edit


class NoAddress(ValueError):
    """A reply to feedback whose sender gave no email address."""


def link(site: str, path: str) -> str:
    """An absolute address on this site (`site` ends with "/", `path` starts with one)."""
    return site.rstrip("/") + path


def edit_path(id_base: str, iri: str) -> str | None:
    """/staff/records/<kind>/<slug>/edit for a record an editor can edit; None for anything else."""
    kind, _, slug = iri.removeprefix(id_base).partition("/")
    return f"/staff/records/{kind}/{slug}/edit" if iri.startswith(id_base) and kind in EDITABLE and slug else None


def invitation(
    conn: sqlite3.Connection,
    settings: Settings,
    invited: User,
    token: str,
    site: str,
    sent_by: int | None = None,
) -> int:
    """The invitation email with its one-time link; the outbox id."""
    role = ROLE_NAMES[invited.role].lower()
    body = paragraphs(
        texts.INVITE_HELLO.format(name=invited.name),
        texts.INVITE_BODY.format(role=role),
        texts.INVITE_LINK.format(days=INVITATION_DAYS) + "\n" + link(site, f"/staff/invitation/{token}"),
        texts.INVITE_IGNORE,
        texts.SIGN_OFF,
    )
    return outbox.queue(
        conn,
        settings.mail_from,
        kind="invitation",
        to_address=invited.email,
        to_name=invited.name,
        to_user_id=invited.id,
        sent_by=sent_by,
        subject=texts.INVITE_SUBJECT,
        body=body,
        council_iri=invited.council_iri,
        provider_iri=invited.provider_iri,
    )


def feedback_received(
    conn: sqlite3.Connection,
    settings: Settings,
    feedback_id: int,
    reference: str,
    about_iri: str,
    about_label: str,
    provider_iri: str | None,
    site: str,
    id_base: str,
    council_iri: str | None = None,
) -> list[int]:
    """To the provider's editors and the moderators: that feedback arrived, with links to read it and to edit
    the record. The feedback's text stays out of email (it is confidential; mailboxes are copied and kept)."""
    people = (editors_of(conn, provider_iri) if provider_iri else []) + moderators(conn, council_iri)
    name = one_line(about_label)
    edit = edit_path(id_base, about_iri)
    body = paragraphs(
        texts.FEEDBACK_BODY.format(name=name, reference=reference),
        texts.FEEDBACK_READ + "\n" + link(site, f"/staff/feedback#feedback-{feedback_id}"),
        (texts.EDIT_RECORD + "\n" + link(site, edit)) if edit else "",
        texts.FEEDBACK_CONFIDENTIAL,
        texts.SIGN_OFF,
    )
    subject = texts.FEEDBACK_SUBJECT.format(name=one_line(about_label, 80), reference=reference)
    return [
        outbox.queue(
            conn,
            settings.mail_from,
            kind="feedback",
            to_address=person.email,
            to_name=person.name,
            to_user_id=person.id,
            subject=subject,
            body=body,
            council_iri=council_iri,
            provider_iri=provider_iri,
            about_iri=about_iri,
        )
        for person in people
    ]


def reply(
    conn: sqlite3.Connection,
    settings: Settings,
    feedback: Feedback,
    user: User,
    text: str,
    site: str,
    page_path: str,
    council_iri: str | None = None,
) -> int:
    """The reply to the feedback's sender, kept with the feedback (feedback_replies); the feedback is
    acknowledged if it was new. NoAddress when the sender gave no email address."""
    if not feedback.sender_email:
        raise NoAddress("the sender gave no email address")
    about = one_line(feedback.about_label)
    hello = (
        texts.REPLY_HELLO.format(name=one_line(feedback.sender_name))
        if feedback.sender_name
        else texts.REPLY_HELLO_ANON
    )
    body = paragraphs(
        hello,
        texts.REPLY_INTRO.format(about=about, reference=feedback.reference),
        text.strip(),
        texts.REPLY_AGAIN.format(about=about) + "\n" + link(site, page_path),
        texts.SIGN_OFF,
    )
    email_id = outbox.queue(
        conn,
        settings.mail_from,
        kind="reply",
        to_address=feedback.sender_email,
        sent_by=user.id,
        subject=texts.REPLY_SUBJECT.format(reference=feedback.reference),
        body=body,
        council_iri=council_iri,
        provider_iri=feedback.provider_iri,
        about_iri=feedback.about_iri,
    )
    conn.execute(
        "INSERT INTO feedback_replies (feedback_id, user_id, body, outbox_id, created_at) VALUES (?, ?, ?, ?, ?)",
        (feedback.id, user.id, text.strip(), email_id, now_text()),
    )
    conn.execute(
        "UPDATE feedback SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? "
        "WHERE id = ? AND status = 'new'",
        (user.id, now_text(), feedback.id),
    )
    return email_id
