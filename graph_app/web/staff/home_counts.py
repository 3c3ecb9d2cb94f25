"""The counts on the staff home page (issue 18): "3 records overdue · 1 new feedback", for the signed-in
person's scope: an editor's own provider's records, every record for an admin (their councils' for a
council's admin; moderators edit none), and the new (not yet acknowledged) feedback they can read."""

from __future__ import annotations

from datetime import date

from ...notify.review_due import overdue_count
from ...notify.scope import overdue_in_scope, record_councils
from ...private.accounts import User
from ...private.feedback import feedback_for
from ..core.cookie_session import get_private_db
from ..core.council_scope import may_read_feedback
from ..core.graph import get_graph


def home_counts(user: User) -> dict[str, int]:
    """{"overdue": n (admins and editors only), "feedback": n}."""
    counts = {
        "feedback": sum(
            1
            for item in feedback_for(get_private_db(), user)
            if item.status == "new" and may_read_feedback(user, item.about_iri, item.provider_iri)
        )
    }
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
