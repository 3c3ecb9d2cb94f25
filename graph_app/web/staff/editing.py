"""Staff editing of services and settings: the review dashboard, forms from the SHACL shapes, versions,
comparison and rollback (all under /staff/records).

Who may do what is in edit_access.py, the save path in edit_save.py, the task list's parts in
record_parts.py (all views of the one `editing` blueprint). Every save is a version (graph_app/live/versions)
and a publish (graph_app/live), so the change shows at once on the record's page, in search and the map.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import Flask, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from ...live import PublishError, Replace, forms, records, recover, versions
from ...live.backfill import backfill_once
from ...namespaces import LO
from ...ntriples import ntriples
from ...private.db import open_private_db, private_db_exists
from ..core.cookie_session import get_private_db
from ..core.council_scope import council_of
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import label_map
from ..core.links import node_url
from ..core.security import error_page
from ..core.staff_user import current_user, login_required
from . import approvals, review_check, review_page, statement_preview, subforms, word_diff
from .edit_access import (
    after_publish,
    based_on_posted,
    can_edit,
    editing,
    free_slug,
    may_edit,
    may_see_history,
    moderates,
    names_another_owner,
    new_record,
    organisation_of,
    record_or_404,
    stale_message,
)
from .edit_save import save
from .record_form import RecordForm


# -- the dashboard ----------------------------------------------------------------------------------------
@editing.get("/")
@login_required
def dashboard() -> str:
    user = current_user()
    graph = get_graph()
    providers = []
    provider = user.provider_iri
    if user.role != "editor":
        providers = [
            (r["provider"].value, r["label"].value)
            for r in graph.library.select(graph.store, "live/providers")
            if not user.scoped or user.sees_council(council_of(r["provider"].value))  # a council's own (issue 18)
        ]
        chosen = request.args.get("provider", "")
        provider = chosen if chosen in {p for p, _ in providers} else None
    rows = []
    today = date.today()
    if provider:
        for row in graph.library.select(graph.store, "live/provider_records", provider=provider):
            iri = row["record"].value
            kind, slug = iri[len(graph.id_base) :].split("/", 1)
            reviewed = row["reviewed"].value if "reviewed" in row else None
            rows.append(
                {
                    "iri": iri,
                    "kind": kind,
                    "slug": slug,
                    "label": row["label"].value if "label" in row else slug,
                    "reviewed": reviewed,
                    "status": records.review_status(reviewed, today, current_app.config["REVIEW_MONTHS"]),
                    "url": node_url(iri, graph.id_base),
                }
            )
    numbers = versions.latest_numbers(get_private_db(), [r["iri"] for r in rows])
    waiting = approvals.waiting_records([r["iri"] for r in rows])  # changes held for approval (issue 18)
    for row in rows:
        row["version"] = numbers[row["iri"]]
        row["waiting"] = waiting.get(row["iri"])
    order = {"overdue": 0, "due": 1, "ok": 2}
    rows.sort(key=lambda r: (order[r["status"]], r["label"].lower()))
    names = label_map(graph, [provider]) if provider else {}
    return render_template(
        "staff/editing_dashboard.html",
        rows=rows,
        provider=provider,
        providers=providers,
        every_months=current_app.config["REVIEW_MONTHS"],
        provider_name=names.get(provider, ""),
        user=user,
        may_create=bool(provider) and user.can_edit(provider),
    )


@editing.route("/<kind>/<slug>/reviewed", methods=["GET", "POST"])
@login_required
def still_correct(kind: str, slug: str) -> Response | str:
    """ "Still correct" (issue 18): a read-only review of every field of the record (GET); its confirm button
    (POST) keeps the record as it is, with today as its review date (a version and a publish)."""
    record = record_or_404(kind, slug)
    may_edit(record)
    if request.method == "GET":
        form = RecordForm(record)
        latest = versions.latest(get_private_db(), record.iri)
        return render_template(
            "staff/review_record.html",
            record=record,
            rows=review_page.review_rows(form),
            last_checked=(record.values(LO + "lastReviewed") or [""])[0],
            based_on=latest.number if latest else 0,
            page_url=node_url(record.iri, get_graph().id_base),
            held=approvals.will_be_held(record, record.owner),  # "Your council checks changes ..."
        )
    today = date.today()
    triples = [t for t in record.triples if t.predicate.value != LO + "forAgeBand"]
    triples = review_check.with_date(record.iri, triples, today)
    changes = [Replace(record.iri, ntriples(triples))]
    changes += [Replace(a.iri, ntriples(a.triples)) for a in record.answers.values()]
    changes += [Replace(iri, ntriples(part)) for iri, part in record.parts.items()]  # in the version too
    user = current_user()
    try:
        # held where the council asks for approval: a provider editor's "still correct" moves the review date
        # families and commissioners see, as any save would (approvals.hold_if_needed holds editors' only)
        held = approvals.hold_if_needed(
            record, based_on_posted(), changes, owner=record.owner, summary="Checked: still correct",
            organisation=organisation_of(record, record.owner), checked_on=today.isoformat(),
        )  # fmt: skip
        if held is not None:
            return held
        records.save(
            current_app.config["SETTINGS"],
            get_private_db(),
            record,
            based_on_posted(),
            changes,
            user_id=user.id,
            user_name=user.name,
            summary="Checked: still correct",
            organisation=organisation_of(record, record.owner),
            checked_on=today.isoformat(),
        )
    except versions.StaleEdit as stale:
        flash(stale_message(stale))
        return redirect(url_for("editing.dashboard", provider=record.owner), code=303)
    except PublishError as error:
        abort(503, str(error))
    after_publish()
    flash(translate("{name}: marked as checked today.", name=record.label))
    return redirect(url_for("editing.dashboard", provider=record.owner), code=303)


@editing.errorhandler(versions.UnknownVersion)
def _unknown_version(error: versions.UnknownVersion) -> Response:
    """A form naming a version that was never saved: a 400 naming the field, never a 500."""
    message = translate(
        "The form names a version of this record that does not exist ('based_on'). Open the page again."
    )
    return error_page(BadRequest(message))


def _kept_when_signed_out(view: Callable) -> Callable:
    """A service's or setting's whole form sent after the session ended is kept as its person's draft, not
    lost (issue 18: staff/record_parts.py keep_after_session_end); they are asked to sign in again."""

    @wraps(view)
    def wrapper(kind: str, slug: str) -> Response | tuple[str, int]:
        if request.method == "POST" and current_user() is None and kind in record_parts.TASK_KINDS:
            return record_parts.keep_after_session_end(kind, slug, record_parts.WHOLE_FORM)
        return view(kind, slug)

    return wrapper


@editing.route("/<kind>/<slug>/edit", methods=["GET", "POST"])
@_kept_when_signed_out
@login_required
def edit(kind: str, slug: str) -> Response | tuple[str, int]:
    record = record_or_404(kind, slug)
    may_edit(record)
    if request.method == "GET":
        return RecordForm(record).render()
    if names_another_owner(kind):
        abort(403)  # the owner field is shown, not changed: a form naming another provider is tampered with
    review_check.refuse_typed(record, request.form)  # "Last checked" is set by the app, never posted
    if request.form.get("action") == "preview":
        return statement_preview.render(RecordForm(record, request.form))
    return save(record, based_on_posted())


@editing.route("/new/<kind>", methods=["GET", "POST"])
@login_required
def create(kind: str) -> Response | tuple[str, int]:
    """A new service or setting: an editor's is their own provider's (a form naming another is refused);
    a setting's type (early years, school or college; mainstream or specialist) is chosen on the form."""
    if kind not in records.EDITABLE_KINDS:
        abort(404)
    user = current_user()
    if user.role not in ("editor", "admin") or (kind in (*records.COUNCIL_OWNED, "provider") and user.role != "admin"):
        abort(403)  # an editor's organisation exists already: they edit its profile, never add another
    if request.method == "GET":
        return RecordForm(new_record(kind, "new"), new=True).render()
    if names_another_owner(kind):
        abort(403)
    review_check.refuse_typed(new_record(kind, "new"), request.form)
    if request.form.get("action") == "preview":
        return statement_preview.render(RecordForm(new_record(kind, "new"), request.form, new=True))
    name = request.form.get(forms.field_key("http://www.w3.org/2000/01/rdf-schema#label"), "")
    if kind == "council-statement":  # council-statement/{council}-{heading}, as the sample's
        name = statement_preview.statement_name(request.form, get_graph().id_base) or name
    return save(new_record(kind, free_slug(kind, name)), 0, new=True)


# -- versions -----------------------------------------------------------------------------------------
@editing.get("/<kind>/<slug>/versions")
@login_required
def history(kind: str, slug: str) -> str:
    record = record_or_404(kind, slug)
    may_see_history(record)
    return render_template(
        "staff/editing_versions.html",
        record=record,
        versions=versions.history(get_private_db(), record.iri),
        user=current_user(),
        may_restore_original=can_edit(record.kind, record.owner) or moderates(record),
        page_url=node_url(record.iri, get_graph().id_base),
    )


@editing.get("/<kind>/<slug>/versions/<int:number>")
@login_required
def compare(kind: str, slug: str, number: int) -> str:
    record = record_or_404(kind, slug)
    may_see_history(record)
    db = get_private_db()
    version = versions.get(db, record.iri, number)
    if version is None or number == 0:
        abort(404)
    previous = versions.get(db, record.iri, number - 1)
    # compared by meaning (live/comparable.py): "Free." and "Free."@en are the same cost; word by word
    rows = word_diff.compared_rows(record, list(previous.triples()) if previous else [], list(version.triples()))
    latest = versions.latest(db, record.iri)
    return render_template(
        "staff/editing_compare.html",
        record=record,
        version=version,
        previous=previous,
        rows=rows,
        fields=sorted({r.field for r in rows}),
        latest=latest,
        user=current_user(),
    )


@editing.post("/<kind>/<slug>/versions/<int:number>/rollback")
@login_required
def rollback(kind: str, slug: str, number: int) -> Response:
    record = record_or_404(kind, slug)
    # a rollback changes the record: admins and its own provider's editors; to the original version (0, as
    # first published), its council's moderators too (issue 18)
    if not (can_edit(record.kind, record.owner) or (number == 0 and moderates(record))):
        abort(403)
    user = current_user()
    db = get_private_db()
    target, latest = versions.get(db, record.iri, number), versions.latest(db, record.iri)
    if target is None or latest is None or number >= latest.number:
        abort(404)
    changes = versions.changes_between(latest.ntriples, target.ntriples)
    try:
        # a provider editor's rollback changes what families see, as a save does: held where the council asks
        # for approval; a moderator's or admin's is not (they are the ones who approve). Its staff-only
        # contacts are never public, so they are rolled back at once either way.
        held = approvals.hold_if_needed(
            record, based_on_posted(), changes, owner=record.owner, summary=f"Rolled back to version {number}",
            organisation=organisation_of(record, record.owner), checked_on=None,
        )  # fmt: skip
        if held is not None:
            subforms.roll_back_private(record.iri, number, latest.number)
            return held
        new = records.save(
            current_app.config["SETTINGS"],
            db,
            record,
            based_on_posted(),
            changes,
            user_id=user.id,
            user_name=user.name,
            summary=f"Rolled back to version {number}",
            rolled_back_from=number,
            organisation=organisation_of(record, record.owner),
        )
        subforms.roll_back_private(record.iri, number, new)  # its staff-only contacts as that version had them
    except versions.StaleEdit as stale:
        flash(stale_message(stale))
        return redirect(url_for("editing.history", kind=kind, slug=slug), code=303)
    except PublishError as error:
        abort(503, str(error))
    after_publish()
    flash(translate("Rolled back to version {number}: saved as version {new} and published.", number=number, new=new))
    return redirect(url_for("editing.history", kind=kind, slug=slug), code=303)


def init_app(app: Flask) -> None:
    """Apply journal entries a crash left unapplied, before the first request is served."""
    app.config.setdefault("REVIEW_MONTHS", records.REVIEW_MONTHS)
    settings = app.config["SETTINGS"]
    try:
        recover(settings)
        if private_db_exists(settings):
            records.repair_unconfirmed(open_private_db(settings))
            backfill_once(settings)  # the public history of versions saved before it existed (live/backfill.py)
    except Exception as error:  # the site still serves the graph it has
        app.logger.warning("could not apply unpublished changes at start: %s", error)


# the task list, its parts, drafts and publishing (issue 18) join this blueprint: imported last, as they use
# the views above
from . import record_parts  # noqa: E402, F401
