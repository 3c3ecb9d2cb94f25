"""Confidential feedback's notifications and its inbox's extras (issue 18): the email that tells the provider's
editors and the council's moderators that feedback arrived (graph_app/notify/events.py), and what the inbox shows
beside each item (status, who moved it on, replies, the record's edit link). The status and reply actions are
staff pages: web/staff/feedback_actions.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from flask import current_app

from ...mail.sender import kick
from ...notify import events
from ...notify.texts import STATUS_NAMES
from ...private.feedback import Feedback, names_of, replies_for
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.public_url import public_root


def tell_provider(
    about_iri: str, about_label: str, provider_iri: str | None, council_iri: str | None
) -> Callable[[sqlite3.Connection, int, str], None]:
    """For add_feedback's `then`: the emails about new feedback, written in its transaction."""
    site, id_base, settings = public_root(), get_graph().id_base, current_app.config["SETTINGS"]

    def then(conn: sqlite3.Connection, feedback_id: int, reference: str) -> None:
        events.feedback_received(
            conn, settings, feedback_id, reference, about_iri, about_label, provider_iri, site, id_base, council_iri
        )

    return then


def sent_now() -> None:
    """Start sending what was just queued (in the background: the request does not wait)."""
    kick(current_app.config["SETTINGS"])


def inbox_extras(items: list[Feedback]) -> dict[str, object]:
    """What the inbox shows beside each item: its replies, who moved it on, its record's edit link."""
    db, id_base = get_private_db(), get_graph().id_base
    people = {i.acknowledged_by for i in items} | {i.resolved_by for i in items}
    return {
        "replies": replies_for(db, [item.id for item in items]),
        "staff_names": names_of(db, {p for p in people if p is not None}),
        "edit_paths": {item.id: events.edit_path(id_base, item.about_iri) for item in items},
        "status_names": STATUS_NAMES,
    }
