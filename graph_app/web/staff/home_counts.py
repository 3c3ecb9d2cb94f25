"""The counts on the staff home page (issue 18): "3 records overdue · 1 new feedback", for the signed-in
person's scope: an editor's own provider's records, every record for an admin (their councils' for a
council's admin; moderators edit none), and the new (not yet acknowledged) feedback they can read."""

from __future__ import annotations

from datetime import date

from ...notify.review_due import overdue_count
from ...notify.scope import overdue_in_scope, record_councils
from ...private.accounts import User
from ...private.feedback import new_feedback_count
from ..core.cookie_session import get_private_db
from ..core.council_scope import council_of
from ..core.graph import get_graph


def home_counts(user: User) -> dict[str, int]:
    """{"overdue": n (admins and editors only), "feedback": n}."""
    # counted by the database for every role, so none is missed however much feedback there is
    counts = {"feedback": new_feedback_count(get_private_db(), user, council_of)}
    if user.role == "editor" or user.is_admin:
        graph = get_graph()
        if user.is_admin and user.scoped:  # a council's admin: that council's records only
            councils = graph.memo("record_councils", lambda: record_councils(graph.store, graph.library))
            counts["overdue"] = overdue_in_scope(
                graph.store, graph.library, graph.id_base, user, councils, date.today()
            )
        else:
            provider = user.provider_iri if user.role == "editor" else None
            counts["overdue"] = overdue_count(graph.store, graph.library, provider, date.today())
    return counts
