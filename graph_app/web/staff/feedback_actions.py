"""Staff actions on confidential feedback (issue 18): New -> Acknowledged -> Resolved, recording who and when
(CSRF-protected POSTs), and a reply to the sender by email through the outbox: their address is never shown to
staff, and without one the page says a reply is not possible. Only those who may read the item act on it
(its provider's editors, its council's moderators and admins): anyone else gets 404."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...mail.message import MailError
from ...mail.sender import kick
from ...notify import events
from ...notify.texts import STATUS_NAMES
from ...private.accounts import User
from ...private.feedback import BODY_MAX, Feedback, feedback_item, replies_for, set_status
from ..core.cookie_session import get_private_db
from ..core.council_scope import council_of, may_read_feedback
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.links import node_url
from ..core.public_url import public_root
from ..core.staff_user import current_user, login_required

feedback_workflow = Blueprint("feedback_workflow", __name__, url_prefix="/staff/feedback")


def _item(feedback_id: int) -> tuple[User, Feedback]:
    user = current_user()
    assert user is not None  # login_required
    # a number beyond SQLite's integers names no feedback (and would be an OverflowError, not a 404)
    item = feedback_item(get_private_db(), user, feedback_id) if feedback_id < 2**63 else None
    if item is not None and not may_read_feedback(user, item):
        item = None  # another council's, for council-scoped staff
    if item is None:  # not theirs to read, or none: the same answer
        abort(404, translate("There is no feedback number {number} that you can read.", number=feedback_id))
    return user, item


@feedback_workflow.post("/<int:feedback_id>/status")
@login_required
def status(feedback_id: int) -> Response:
    user, item = _item(feedback_id)
    wanted = request.form.get("status", "")
    if wanted not in ("acknowledged", "resolved"):
        abort(400, translate("The 'status' field must be 'acknowledged' or 'resolved'."))
    try:
        set_status(get_private_db(), item.id, wanted, user)
    except ValueError:
        abort(409, translate("This feedback is already {status}.", status=translate(STATUS_NAMES[item.status]).lower()))
    flash(
        translate(
            "{reference} is now {status}.", reference=item.reference, status=translate(STATUS_NAMES[wanted]).lower()
        )
    )
    return redirect(url_for("feedback.inbox") + f"#feedback-{item.id}", code=303)


@feedback_workflow.route("/<int:feedback_id>/reply", methods=["GET", "POST"])
@login_required
def reply(feedback_id: int) -> Response | tuple[str, int]:
    user, item = _item(feedback_id)
    errors: dict[str, str] = {}
    text = request.form.get("reply", "").strip()
    if request.method == "POST":
        if not item.sender_email:
            errors["reply"] = translate("The sender gave no email address, so a reply is not possible.")
        elif not text:
            errors["reply"] = translate("Enter your reply")
        elif len(text) > BODY_MAX:
            errors["reply"] = translate("Your reply must be {count} characters or fewer", count=BODY_MAX)
        if not errors:
            graph = get_graph()
            page = node_url(item.about_iri, graph.id_base) or "/"
            db = get_private_db()
            try:
                council = council_of(item.about_iri, item.provider_iri)
                with db.connect(immediate=True) as conn:
                    settings = current_app.config["SETTINGS"]
                    events.reply(conn, settings, item, user, text, public_root(), page, council)
            except MailError:
                errors["reply"] = translate("The sender's email address cannot be used, so a reply is not possible.")
            else:
                kick(current_app.config["SETTINGS"])  # sent in the background
                flash(translate("Your reply to {reference} is on its way to the sender.", reference=item.reference))
                return redirect(url_for("feedback.inbox") + f"#feedback-{item.id}", code=303)
    page_html = render_template(
        "staff/staff_feedback_reply.html",
        item=item,
        text=text,
        errors=errors,
        status_names=STATUS_NAMES,
        replies=replies_for(get_private_db(), [item.id]).get(item.id, []),
    )
    return page_html, 400 if errors else 200
