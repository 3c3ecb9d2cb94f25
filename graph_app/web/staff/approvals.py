"""/staff/approvals: a council's "changes need approval" setting, the queue of its provider editors' changes
waiting for approval with the comparison, Approve and Return (issue 18), and an editor's own held changes.

Who sees what: a held change belongs to the council of its record (web/core/council_scope.py); that
council's moderators and admins (and regional ones) see, approve and return it; its editor reads it and any
reason it was returned; anyone else gets a 404, as for a change that does not exist. Only a council's admins
(and regional admins) switch the setting. The public graph changes only on Approve, through the one save
path (live/records.save), refused when the record changed after the editor opened it.

What is held, for a council that asks for approval (what such a council expects: nothing families see
changes without one of its moderators agreeing; nothing else waits):
- a provider editor's save, from the one-page form or the task list's "Publish changes": held;
- a provider editor's "Still correct": held, since it moves the record's public review date ("Last
  checked"), which families read and the commissioners' out-of-date analysis trusts;
- a provider editor's rollback to an earlier version: held, since it changes the public record as a save does;
- a moderator's or admin's save or rollback: never held, since they are the people who approve;
- staff-only contacts (never in the public graph): kept at once, whatever happens to the rest of the save
  (subforms.keep_private_while_held); one the held save would make public stays staff-only until approved.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...live import PublishError, Replace, approvals, records, versions
from ...slugs import COUNCILS
from ..core.area import council_names
from ..core.cookie_session import get_private_db
from ..core.council_scope import record_council
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.links import node_url
from ..core.staff_user import current_user, login_required, roles_required
from . import subforms
from .edit_access import after_publish
from .word_diff import compared_rows

approvals_page = Blueprint("approvals", __name__, url_prefix="/staff/approvals")
MODERATORS = ("admin", "moderator")


# -- the hook in the save path (web/staff/edit_save.py save) -------------------------------------------------
def will_be_held(record: records.Record, owner: str | None) -> bool:
    """Whether the signed-in person's save of this record would wait for approval (the preview says so)."""
    user = current_user()
    if user is None or user.role != "editor":
        return False
    return approvals.approval_required(get_private_db(), record_council(record.kind, record.iri, owner))


def hold_if_needed(
    record: records.Record,
    based_on: int,
    changes: list[Replace],
    *,
    owner: str | None,
    summary: str,
    organisation: str | None,
    checked_on: str | None,
) -> Response | None:
    """A provider editor's save of a record whose council asks for approval: kept, not published, and the
    editor told so (a redirect); None for every other save, which publishes as before. Raises
    versions.StaleEdit as a save would when another save came in after the form was opened."""
    user = current_user()
    if user is None or user.role != "editor":
        return None
    council = record_council(record.kind, record.iri, owner)
    db = get_private_db()
    if not approvals.approval_required(db, council):
        return None
    latest = versions.latest(db, record.iri)
    current = latest.number if latest else 0
    if based_on > current or based_on < 0:
        raise versions.UnknownVersion(record.iri, based_on)
    if latest is not None and based_on != current:
        raise versions.StaleEdit(latest)
    approvals.hold(
        db,
        record,
        based_on,
        versions.as_ntriples(changes),
        council_iri=council,
        summary=summary,
        organisation=organisation,
        checked_on=checked_on,
        user_id=user.id,
        user_name=user.name,
    )
    flash(
        translate(
            "Your change to {name} is waiting for approval by a council moderator. "
            "Families still see the page as it was until it is approved.",
            name=record.label if record.exists else record.slug,
        )
    )
    return redirect(url_for("approvals.mine"), code=303)


def waiting_records(record_iris: list[str]) -> dict[str, int]:
    """Record IRI -> the number of a change to it waiting for approval, for the dashboard's rows."""
    wanted = set(record_iris)
    return {c.record_iri: c.id for c in approvals.waiting(get_private_db()) if c.record_iri in wanted}


# -- who may see a held change ------------------------------------------------------------------------------
def _change_or_404(change_id: int, *, deciding: bool) -> approvals.Pending:
    """The held change if this user may see it (deciding: approve or return it); else a 404, so another
    council's changes cannot be told from missing ones."""
    change = approvals.get(get_private_db(), change_id)
    user = current_user()
    if change is not None and user is not None:
        if user.can_moderate and user.sees_council(change.council_iri):
            return change
        if not deciding and user.role == "editor" and user.provider_iri in (_owner(change), _made_by(change)):
            return change
    abort(404, translate("There is no change number {number} waiting for you.", number=change_id))


def _owner(change: approvals.Pending) -> str | None:
    """The provider whose record the change is to (as the change has it: an editor's form never changes it)."""
    path = records.OWNER_PATH.get(change.kind)
    owners = [
        t.object.value for t in change.triples() if t.subject.value == change.record_iri and t.predicate.value == path
    ]
    return owners[0] if owners else (change.record_iri if change.kind == "provider" else None)


def _made_by(change: approvals.Pending) -> str | None:
    """The provider of the editor who made it (their own changes, whatever record)."""
    user = current_user()
    return user.provider_iri if user is not None and change.user_id == user.id else None


def _comparison(change: approvals.Pending) -> tuple[records.Record, list]:
    graph = get_graph()
    record = approvals.current_record(graph.store, graph.library, graph.id_base, change)
    # the record as a version holds it (its answers and own parts too), so it compares like with like
    before = [] if record.new else approvals.parse(record.ntriples())
    shown = records.Record(change.record_iri, change.kind, change.slug, change.triples(), new=record.new)
    label_source = record if record.exists else shown
    return label_source, compared_rows(label_source, before, change.triples())


def _settings_councils() -> dict[str, str]:
    """council IRI -> name, for the councils whose setting this admin switches (none for a moderator)."""
    user, graph = current_user(), get_graph()
    names = council_names()
    found = {f"{graph.id_base}area/{slug}": names.get(slug, slug) for slug in COUNCILS}
    return {iri: name for iri, name in found.items() if user.is_admin and user.can_edit_council(iri)}


# -- the queue ------------------------------------------------------------------------------------------------
@approvals_page.get("/")
@roles_required(*MODERATORS)
def queue() -> str:
    user, db = current_user(), get_private_db()
    waiting = [c for c in approvals.waiting(db) if user.sees_council(c.council_iri)]
    switchable = _settings_councils()
    required = approvals.councils_requiring(db)
    names = council_names()
    return render_template(
        "staff/approvals.html",
        waiting=waiting,
        switchable=switchable,
        required=required,
        council_name=lambda iri: names.get((iri or "").rsplit("/", 1)[-1], iri or translate("No council")),
    )


@approvals_page.post("/settings")
@roles_required("admin")
def switch() -> Response:
    council = request.form.get("council", "")
    choice = request.form.get("required", "")
    if council not in _settings_councils():
        abort(404, translate("You do not look after the council named by 'council'."))
    if choice not in ("yes", "no"):
        abort(400, translate("The 'required' field must be 'yes' or 'no'."))
    approvals.set_approval_required(get_private_db(), council, choice == "yes", current_user().id)
    name = _settings_councils()[council]
    flash(
        translate("{council}: provider editors' changes now wait for approval.", council=name)
        if choice == "yes"
        else translate("{council}: provider editors' changes are published at once.", council=name)
    )
    return redirect(url_for("approvals.queue"), code=303)


@approvals_page.get("/<int:change_id>")
@login_required
def show(change_id: int) -> str:
    change = _change_or_404(change_id, deciding=False)
    record, rows = _comparison(change)
    graph = get_graph()
    return render_template(
        "staff/approvals_change.html",
        change=change,
        record=record,
        rows=rows,
        may_decide=current_user().can_moderate,
        page_url=None if record.new else node_url(record.iri, graph.id_base),
        errors={},
        reason="",
        reason_max=approvals.REASON_MAX,
    )


@approvals_page.post("/<int:change_id>/approve")
@roles_required(*MODERATORS)
def approve(change_id: int) -> Response:
    change = _change_or_404(change_id, deciding=True)
    user = current_user()
    graph = get_graph()
    record = approvals.current_record(graph.store, graph.library, graph.id_base, change)
    try:
        number = approvals.approve(current_app.config["SETTINGS"], get_private_db(), record, change, user.id, user.name)
    except approvals.NotPending:
        flash(translate("Change {number} was already decided.", number=change_id))
        return redirect(url_for("approvals.queue"), code=303)
    except versions.StaleEdit as stale:
        flash(
            translate(
                "{name} saved a change to this record after this one was made, so approving it would undo theirs. "
                "Return it to its editor to make again.",
                name=stale.latest.user_name,
            )
        )
        return redirect(url_for("approvals.show", change_id=change_id), code=303)
    except PublishError as error:
        abort(503, str(error))
    subforms.after_approval(change.record_iri, number, change.triples())  # staff-only items it made public
    after_publish()  # the store generation and map refresh every publish does
    flash(translate("Approved and published: version {number}.", number=number))
    return redirect(url_for("approvals.queue"), code=303)


@approvals_page.post("/<int:change_id>/return")
@roles_required(*MODERATORS)
def return_change(change_id: int) -> Response | tuple[str, int]:
    change = _change_or_404(change_id, deciding=True)
    reason = request.form.get("reason", "").strip()
    error = None
    if not reason:
        error = translate("Enter why the change is returned, so its editor can put it right")
    elif len(reason) > approvals.REASON_MAX:
        error = translate("The reason must be {count} characters or fewer", count=approvals.REASON_MAX)
    if error:
        record, rows = _comparison(change)
        return render_template(
            "staff/approvals_change.html",
            change=change,
            record=record,
            rows=rows,
            may_decide=True,
            page_url=None,
            errors={"reason": error},
            reason=reason,
            reason_max=approvals.REASON_MAX,
        ), 400
    user = current_user()
    try:
        approvals.return_to_editor(get_private_db(), change, reason, user.id, user.name)
    except approvals.NotPending:
        flash(translate("Change {number} was already decided.", number=change_id))
        return redirect(url_for("approvals.queue"), code=303)
    flash(translate("Change {number} is returned to its editor with your reason.", number=change_id))
    return redirect(url_for("approvals.queue"), code=303)


@approvals_page.get("/mine")
@login_required
def mine() -> str:
    user = current_user()
    return render_template("staff/approvals_mine.html", changes=approvals.of_user(get_private_db(), user.id))
