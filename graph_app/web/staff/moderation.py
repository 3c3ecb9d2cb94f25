"""/staff/comments: moderators publish each pending comment with the council's response and any action
taken (it then enters the public graph through graph_app.live.publish), or reject it."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from pyoxigraph import NamedNode
from werkzeug.wrappers import Response

from ... import live  # live.publish: the one way to change the public graph
from ...comment_graph import comment_iri, comment_triples, response_iri, response_triples
from ...private.accounts import now_text
from ...private.comments import (
    RESPONSE_MAX,
    StoredComment,
    decided_comments,
    get_comment,
    mark_published,
    mark_rejected,
    pending_comments,
    pending_count,
)
from ..core.area import COUNCIL_SLUGS, council_names
from ..core.cookie_session import get_private_db
from ..core.council_scope import council_of
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import is_iri, label_map
from ..core.local_paths import local_path
from ..core.staff_user import current_user, roles_required

moderation = Blueprint("moderation", __name__, url_prefix="/staff/comments")
MODERATORS = ("admin", "moderator")
PER_PAGE = 50  # pending comments on one page of the queue
ORDERS = ("oldest", "newest")


def _suggested_council(comment: StoredComment) -> str | None:
    """The slug of the council whose Local Offer lists the record commented on, when there is one."""
    if not is_iri(comment.subject_iri):
        return None  # stored before pages were checked: shown as text, published only once corrected
    graph = get_graph()
    rows = graph.library.select(graph.store, "navigate/local_offer_of", node=NamedNode(comment.subject_iri))
    slugs = [row["council"].value.removeprefix(graph.id_base + "area/") for row in rows]
    return next((slug for slug in slugs if slug in COUNCIL_SLUGS), None)


def _comment_council(comment: StoredComment) -> str | None:
    """The council a comment is for (issue 18): the one that answered it; else the council of the record it is
    about (web/core/council_scope.py); else the council whose Local Offer lists it."""
    if comment.council_iri:
        return comment.council_iri
    if not is_iri(comment.subject_iri):
        return None
    slug = _suggested_council(comment)
    return council_of(comment.subject_iri) or (f"{get_graph().id_base}area/{slug}" if slug else None)


def _in_scope(comments: list[StoredComment]) -> list[StoredComment]:
    """The comments of the signed-in moderator's councils (all of them for regional staff)."""
    user = current_user()
    return comments if not user.scoped else [c for c in comments if user.sees_council(_comment_council(c))]


def _paging() -> tuple[str, int]:
    """The queue's order and page from the address; 400 naming the parameter when it is not one."""
    order = request.args.get("order", "oldest")
    if order not in ORDERS:
        abort(400, translate("The 'order' parameter must be 'oldest' or 'newest'."))
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 and int(raw) >= 1):
        abort(400, translate("The 'page' parameter must be a whole number from 1."))
    return order, int(raw)


def _queue(
    status: int = 200, errors: dict[int, dict[str, str]] | None = None, kept: dict[int, dict[str, str]] | None = None
) -> tuple[str, int]:
    db = get_private_db()
    order, page = _paging()
    scoped = current_user().scoped
    # a council's moderators page through their own council's comments only (the queue is small)
    mine = _in_scope(pending_comments(db, 10**6, 0, newest_first=order == "newest")) if scoped else []
    total = len(mine) if scoped else pending_count(db)
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    if scoped:
        pending = mine[(page - 1) * PER_PAGE : page * PER_PAGE]
    else:
        pending = pending_comments(db, PER_PAGE, (page - 1) * PER_PAGE, newest_first=order == "newest")
    decided = _in_scope(decided_comments(db, 200))[:20] if scoped else decided_comments(db)
    graph = get_graph()
    labels = label_map(graph, [c.subject_iri for c in pending + decided if is_iri(c.subject_iri)])
    suggested = {c.id: _suggested_council(c) for c in pending}
    return render_template(
        "staff/staff_comments.html",
        pending=pending,
        decided=decided,
        labels=labels,
        suggested=suggested,
        councils={s: n for s, n in council_names().items() if _may_answer_as(s)},
        errors=errors or {},
        kept=kept or {},
        response_max=RESPONSE_MAX,
        order=order,
        page=page,
        pages=pages,
        total=total,
        links=safe_links(pending + decided),
    ), status


def safe_links(comments: list[StoredComment]) -> dict[int, str]:
    """The page each comment is about, as a link, for those whose stored path is a plain path on this site
    (a stored value is shown as text whatever it is, but only a local path becomes an href)."""
    return {
        c.id: c.page_path
        for c in comments
        if local_path(c.page_path) == c.page_path and is_iri("https://x" + c.page_path)
    }


@moderation.get("/")
@roles_required(*MODERATORS)
def queue() -> tuple[str, int]:
    return _queue()


def _pending_or_404(comment_id: int) -> StoredComment | None:
    comment = get_comment(get_private_db(), comment_id)
    # another council's comment is as unknown as a missing one to a council's moderator (issue 18)
    if comment is None or not current_user().sees_council(_comment_council(comment)):
        abort(404, translate("There is no comment number {number}.", number=comment_id))
    if comment.status != "pending":
        done = {"published": translate("published"), "rejected": translate("rejected")}.get(
            comment.status, comment.status
        )
        who = comment.moderator_name or translate("someone else")
        flash(translate("Comment {number} was already {done} by {who}.", number=comment_id, done=done, who=who))
        return None
    return comment


@moderation.post("/<int:comment_id>/publish")
@roles_required(*MODERATORS)
def publish(comment_id: int) -> Response | tuple[str, int]:
    comment = _pending_or_404(comment_id)
    if comment is None:
        return redirect(url_for("moderation.queue"), code=303)
    form = {key: request.form.get(key, "").strip() for key in ("response", "action", "council")}
    errors = {}
    if not form["response"]:
        errors["response"] = translate("Enter the council's response")
    elif len(form["response"]) > RESPONSE_MAX:
        errors["response"] = translate("The response must be {count} characters or fewer", count=RESPONSE_MAX)
    if len(form["action"]) > RESPONSE_MAX:
        errors["action"] = translate("The action taken must be {count} characters or fewer", count=RESPONSE_MAX)
    if form["council"] not in COUNCIL_SLUGS or not _may_answer_as(form["council"]):
        errors["council"] = translate("Choose the council that is responding")
    errors.update(stored_problems(comment))
    if not errors:
        try:
            _publish(comment, form["response"], form["action"], form["council"])
        except live.PublishError as error:  # a plain message; the public graph is as it was
            errors["response"] = translate(
                "The comment could not be published, so nothing changed: {error}", error=error
            )
        else:
            flash(translate("Comment {number} is published with the council's response.", number=comment_id))
            return redirect(url_for("moderation.queue"), code=303)
    return _queue(400, errors={comment_id: errors}, kept={comment_id: form})


def _may_answer_as(slug: str) -> bool:
    return current_user().sees_council(f"{get_graph().id_base}area/{slug}")


def stored_problems(comment: StoredComment) -> dict[str, str]:
    """What in the stored comment cannot go into the public graph (values stored before pages were
    checked, or written to the database directly): field -> message. Such a comment can only be rejected."""
    graph = get_graph()
    problems = {}
    if not (is_iri(comment.subject_iri) and comment.subject_iri.startswith(graph.settings.base)):
        problems["page"] = translate(
            "The page this comment is about is not a page of this website, so it cannot be published: reject it"
        )
    try:
        datetime.fromisoformat(comment.created_at)
    except (TypeError, ValueError):
        problems["created_at"] = translate(
            "The time this comment was received is not a date and time, so it cannot be published"
        )
    return problems


def _publish(comment: StoredComment, response: str, action: str, council_slug: str) -> int:
    """Put the comment and response in the public graph, then record the decision with the journal number."""
    graph = get_graph()
    base, user = graph.id_base, current_user()
    council = f"{base}area/{council_slug}"
    changes = [
        live.Replace(comment_iri(base, comment.id), comment_triples(base, comment, council)),
        live.Replace(
            response_iri(base, comment.id),
            response_triples(base, comment.id, response, action or None, council, now_text()),
        ),
    ]
    seq = live.publish(
        graph.settings, changes, actor=user.email, summary=f"Published comment {comment.id} with the council's response"
    )
    mark_published(get_private_db(), comment.id, response, action, council, user.id, seq)
    return seq


@moderation.post("/<int:comment_id>/reject")
@roles_required(*MODERATORS)
def reject(comment_id: int) -> Response:
    comment = _pending_or_404(comment_id)
    if comment is not None and mark_rejected(get_private_db(), comment_id, current_user().id):
        flash(translate("Comment {number} is rejected and will not be published.", number=comment_id))
    return redirect(url_for("moderation.queue"), code=303)
