"""Staff editing of services and settings: the review dashboard, forms from the SHACL shapes, versions,
comparison and rollback (all under /staff/records).

Who may do what: an editor changes only their own provider's records (403 otherwise, on GET and POST);
an admin changes any; only admins and the record's provider's editors roll back (a moderator may read
the history, not change the record). Every save is a version (graph_app/live/versions)
and a publish (graph_app/live), so the change shows at once on the record's page, in search and the map.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

import pyoxigraph as ox
from flask import Blueprint, Flask, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from ...live import PublishError, Replace, forms, record_check, records, recover, versions
from ...live import history as public_history
from ...live.backfill import backfill_once
from ...namespaces import LO, RDF
from ...ntriples import ntriples
from ...private.db import open_private_db
from ...slugs import is_slug, slugify
from ..core.contact_values import contact_council
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import label_map
from ..core.links import node_url
from ..core.security import error_page
from ..core.staff_user import current_user, login_required
from . import approvals, contact_check, record_form, review_check, review_page, statement_preview, subforms, word_diff
from .council_scope import council_of, record_council
from .record_form import RecordForm

editing = Blueprint("editing", __name__, url_prefix="/staff/records")


# -- who may do what --------------------------------------------------------------------------------------
def _record(kind: str, slug: str, must_exist: bool = True) -> records.Record:
    if kind not in records.EDITABLE_KINDS or not is_slug(slug):
        abort(404)
    graph = get_graph()
    record = records.load(graph.store, graph.library, graph.id_base, kind, slug)
    if must_exist and not record.exists:
        abort(404)
    return record


def _can_edit(kind: str, owner: str | None) -> bool:
    """A service or setting: admins and its provider's editors; a council statement: its council's admins
    and regional admins only (an admin of another council is refused)."""
    user = current_user()
    if user is None:
        return False
    if kind == "contact-value":  # a contact detail (issue 16): its contact's council's admins, regional admins
        return user.can_edit_council(contact_council(get_graph(), owner or ""))
    if kind == "council-statement":
        return user.can_edit_council(owner)
    # a council-scoped admin (issue 18): records of their councils' providers only
    return user.can_edit(owner) and not (user.scoped and not user.sees_council(council_of(owner)))


def _may_edit(record: records.Record) -> None:
    if not _can_edit(record.kind, record.owner):
        abort(403)


def _may_see_history(record: records.Record) -> None:
    user = current_user()
    if user is None or not (_moderates(record) or _can_edit(record.kind, record.owner)):
        abort(403)


def _moderates(record: records.Record) -> bool:
    """A moderator or admin of the record's council (every council for regional ones): reads its history and
    may roll it back to its original version (issue 18)."""
    user = current_user()
    council = record_council(record.kind, record.iri, record.owner)
    return user is not None and user.can_moderate and user.sees_council(council)


def _organisation(record: records.Record, owner: str | None) -> str | None:
    """Who the public history credits with a change: the editor's provider or the admin's council."""
    user, graph = current_user(), get_graph()
    council = getattr(user, "council_iri", None)  # a council admin's own council, where the account names it
    return public_history.organisation_for(
        graph.store, graph.library, user.role, user.provider_iri, record.iri, owner, council
    )


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
    record = _record(kind, slug)
    _may_edit(record)
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
        )
    today = date.today()
    triples = [t for t in record.triples if t.predicate.value != LO + "forAgeBand"]
    triples = review_check.with_date(record.iri, triples, today)
    changes = [Replace(record.iri, ntriples(triples))]
    changes += [Replace(a.iri, ntriples(a.triples)) for a in record.answers.values()]
    changes += [Replace(iri, ntriples(part)) for iri, part in record.parts.items()]  # in the version too
    user = current_user()
    try:
        records.save(
            current_app.config["SETTINGS"],
            get_private_db(),
            record,
            _based_on(),
            changes,
            user_id=user.id,
            user_name=user.name,
            summary="Checked: still correct",
            organisation=_organisation(record, record.owner),
            checked_on=today.isoformat(),
        )
    except versions.StaleEdit as stale:
        flash(_stale_message(stale))
        return redirect(url_for("editing.dashboard", provider=record.owner), code=303)
    except PublishError as error:
        abort(503, str(error))
    _saved()
    flash(translate("{name}: marked as checked today.", name=record.label))
    return redirect(url_for("editing.dashboard", provider=record.owner), code=303)


def _saved() -> None:
    """After a publish: read the new store generation from here on, and start building the map's
    projection of it now (web/projection_keeper.py serves the previous one until it is ready)."""
    g.pop("_graph_handles", None)
    keeper = current_app.extensions.get("projection_keeper")
    if keeper is not None:
        keeper.warm()


@editing.errorhandler(versions.UnknownVersion)
def _unknown_version(error: versions.UnknownVersion) -> Response:
    """A form naming a version that was never saved: a 400 naming the field, never a 500."""
    message = translate(
        "The form names a version of this record that does not exist ('based_on'). Open the page again."
    )
    return error_page(BadRequest(message))


def _based_on() -> int:
    raw = request.form.get("based_on", "")
    if not raw.isdigit():
        abort(400, translate("The form is missing the version it was based on ('based_on'). Open the page again."))
    return int(raw)


def _stale_message(stale: versions.StaleEdit) -> str:
    day, _, time = stale.latest.created_at.removesuffix("+00:00").partition("T")
    return translate(
        "{name} saved a change to this record on {day} at {time} (UTC), after you opened it. "
        "Your changes are not saved. Check their version, then make your changes again.",
        name=stale.latest.user_name,
        day=day,
        time=time,
    )


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
    record = _record(kind, slug)
    _may_edit(record)
    if request.method == "GET":
        return RecordForm(record).render()
    if _names_another_owner(kind):
        abort(403)  # the owner field is shown, not changed: a form naming another provider is tampered with
    review_check.refuse_typed(record, request.form)  # "Last checked" is set by the app, never posted
    if request.form.get("action") == "preview":
        return statement_preview.render(RecordForm(record, request.form))
    return _save(record, _based_on())


def _names_another_owner(kind: str) -> bool:
    """Whether an editor's submitted form names a provider other than their own as the record's owner."""
    user = current_user()
    return user.role == "editor" and any(
        v.strip() and v.strip() != user.provider_iri for v in request.form.getlist(record_form.OWNER_KEY[kind])
    )


@editing.route("/new/<kind>", methods=["GET", "POST"])
@login_required
def create(kind: str) -> Response | tuple[str, int]:
    """A new service or setting: an editor's is their own provider's (a form naming another is refused);
    a setting's type (early years, school or college; mainstream or specialist) is chosen on the form."""
    if kind not in records.EDITABLE_KINDS:
        abort(404)
    user = current_user()
    if user.role not in ("editor", "admin") or (kind in ("council-statement", "provider") and user.role != "admin"):
        abort(403)  # an editor's organisation exists already: they edit its profile, never add another
    if request.method == "GET":
        return RecordForm(_new_record(kind, "new"), new=True).render()
    if _names_another_owner(kind):
        abort(403)
    review_check.refuse_typed(_new_record(kind, "new"), request.form)
    if request.form.get("action") == "preview":
        return statement_preview.render(RecordForm(_new_record(kind, "new"), request.form, new=True))
    name = request.form.get(forms.field_key("http://www.w3.org/2000/01/rdf-schema#label"), "")
    if kind == "council-statement":  # council-statement/{council}-{heading}, as the sample's
        name = statement_preview.statement_name(request.form, get_graph().id_base) or name
    return _save(_new_record(kind, _free_slug(kind, name)), 0, new=True)


def _new_record(kind: str, slug: str) -> records.Record:
    """A record not yet saved: its kind's class and, for an editor, their provider."""
    graph = get_graph()
    iri = records.record_iri(graph.id_base, kind, slug)
    triples = [ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDF + "type"), ox.NamedNode(records.EDITABLE_KINDS[kind]))]
    user = current_user()
    if user.role == "editor" and user.provider_iri:
        triples.append(
            ox.Triple(ox.NamedNode(iri), ox.NamedNode(records.OWNER_PATH[kind]), ox.NamedNode(user.provider_iri))
        )
    if kind == "council-statement":  # a council admin's council, and the heading the link came from
        triples += statement_preview.new_statement(iri, user.council_iri, request.args.get("heading", ""), graph)
    return records.Record(iri, kind, slug, triples, new=True)


def _free_slug(kind: str, name: str) -> str:
    graph = get_graph()
    base = slugify(name, 80) or kind
    slug, number = base, 1
    while records.load(graph.store, graph.library, graph.id_base, kind, slug).exists:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _save(record: records.Record, based_on: int, new: bool = False) -> Response | tuple[str, int]:
    form = RecordForm(record, request.form, new=new)
    # a contact detail: the "I checked this" box and the date rules (contact_check.py), before the shapes
    checks = contact_check.settle(form, request.form, record, date.today()) if record.kind == "contact-value" else {}
    owner_key = record_form.OWNER_KEY[record.kind]
    user = current_user()
    if not _can_edit(record.kind, (form.state.values.get(owner_key) or [None])[0]):
        abort(403)  # an admin may choose any provider; an editor's is always their own
    triples, errors = forms.record_triples(record.iri, form.fields, form.state, record.triples)
    errors.update(checks)
    graph = get_graph()
    hierarchy = graph.memo("live_class_hierarchy", lambda: graph.library.construct(graph.store, "live/class_hierarchy"))
    if form.changes_type:
        triples = record_check.settle_types(record.iri, triples, hierarchy, record_form.defined_classes())
    # "Last checked": today when the record is new or the editor checked all of it, else as it was
    review = review_check.settle(record, triples, request.form, date.today())
    triples = review.triples
    errors.update(review.errors)
    changes, answer_triples = record_form.answer_changes(form, triples)
    parts = subforms.settle(form, triples, record_form.label_of(triples) or record.slug)  # opening times, contacts
    triples = parts.triples
    errors.update(parts.errors)
    changes += parts.changes + subforms.kept_parts(record.parts, changes + parts.changes)
    checked = {record.iri: triples, **answer_triples, **parts.checked}
    shapes_file = current_app.config["SETTINGS"].shapes_file
    for focus, path, message in record_check.check(shapes_file, graph.library, graph.store, checked, hierarchy):
        if placed := subforms.place_error(form, focus, path, message):  # "Opening times 2: ..."
            errors.setdefault(*placed)
            continue
        key = record_form.error_key(form, focus, path, message)
        if key == "record" and path == "lo:lastReviewed":  # no field: the question that sets it
            key = review_check.CHECKED_KEY
        errors.setdefault(key, message)
    summary = request.form.get("summary", "").strip()[:300]
    if errors:
        return form.render(errors, 400, summary=summary)
    changes.insert(0, Replace(record.iri, ntriples(triples)))
    name = triples and record_form.label_of(triples) or record.slug
    summary = summary or ("Created" if new else "Edited") + f" {name}"
    try:
        # a council that asks for approval keeps a provider editor's save waiting (web/staff/approvals.py)
        owner = (form.state.values.get(owner_key) or [None])[0]
        held = approvals.hold_if_needed(
            record, based_on, changes, owner=owner, summary=summary,
            organisation=_organisation(record, owner), checked_on=review.checked_on,
        )  # fmt: skip
        if held is not None:
            return held
        number = records.save(
            current_app.config["SETTINGS"],
            get_private_db(),
            record,
            based_on,
            changes,
            user_id=user.id,
            user_name=user.name,
            summary=summary,
            organisation=_organisation(record, (form.state.values.get(owner_key) or [None])[0]),
            checked_on=review.checked_on,
        )
        subforms.keep_private(form, parts, number)  # contacts not shown to the public: private database only
    except versions.StaleEdit as stale:
        # the form now carries the newer version: saving again replaces it, knowingly
        return form.render(
            {},
            409,
            problem=_stale_message(stale) + " " + translate("If you save again, your version replaces theirs."),
            summary=summary,
            based_on=stale.latest.number,
        )
    except PublishError as error:
        return form.render(
            {}, 503, problem=translate("Your changes could not be published: {error}", error=error), summary=summary
        )
    _saved()
    name = record_form.label_of(triples)
    flash(translate("Saved and published: {name} (version {number}).", name=name, number=number))
    if record.kind == "council-statement":
        return redirect(statement_preview.list_url((form.state.values.get(owner_key) or [None])[0]), code=303)
    if record.kind == "contact-value":
        return redirect(url_for("staff_contacts.index", _anchor=record.slug), code=303)
    owner = (form.state.values.get(owner_key) or [None])[0]  # a setting need not name who runs it
    return redirect(url_for("editing.dashboard", provider=owner), code=303)


# -- versions -----------------------------------------------------------------------------------------
@editing.get("/<kind>/<slug>/versions")
@login_required
def history(kind: str, slug: str) -> str:
    record = _record(kind, slug)
    _may_see_history(record)
    return render_template(
        "staff/editing_versions.html",
        record=record,
        versions=versions.history(get_private_db(), record.iri),
        user=current_user(),
        may_restore_original=_can_edit(record.kind, record.owner) or _moderates(record),
        page_url=node_url(record.iri, get_graph().id_base),
    )


@editing.get("/<kind>/<slug>/versions/<int:number>")
@login_required
def compare(kind: str, slug: str, number: int) -> str:
    record = _record(kind, slug)
    _may_see_history(record)
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
    record = _record(kind, slug)
    # a rollback changes the record: admins and its own provider's editors; to the original version (0, as
    # first published), its council's moderators too (issue 18)
    if not (_can_edit(record.kind, record.owner) or (number == 0 and _moderates(record))):
        abort(403)
    user = current_user()
    db = get_private_db()
    target, latest = versions.get(db, record.iri, number), versions.latest(db, record.iri)
    if target is None or latest is None or number >= latest.number:
        abort(404)
    changes = versions.changes_between(latest.ntriples, target.ntriples)
    try:
        new = records.save(
            current_app.config["SETTINGS"],
            db,
            record,
            _based_on(),
            changes,
            user_id=user.id,
            user_name=user.name,
            summary=f"Rolled back to version {number}",
            rolled_back_from=number,
            organisation=_organisation(record, record.owner),
        )
        subforms.roll_back_private(record.iri, number, new)  # its staff-only contacts as that version had them
    except versions.StaleEdit as stale:
        flash(_stale_message(stale))
        return redirect(url_for("editing.history", kind=kind, slug=slug), code=303)
    except PublishError as error:
        abort(503, str(error))
    _saved()
    flash(translate("Rolled back to version {number}: saved as version {new} and published.", number=number, new=new))
    return redirect(url_for("editing.history", kind=kind, slug=slug), code=303)


def init_app(app: Flask) -> None:
    """Apply journal entries a crash left unapplied, before the first request is served."""
    app.config.setdefault("REVIEW_MONTHS", records.REVIEW_MONTHS)
    settings = app.config["SETTINGS"]
    try:
        recover(settings)
        if settings.private_db.exists():
            records.repair_unconfirmed(open_private_db(settings))
            backfill_once(settings)  # the public history of versions saved before it existed (live/backfill.py)
    except Exception as error:  # the site still serves the graph it has
        app.logger.warning("could not apply unpublished changes at start: %s", error)


# the task list, its parts, drafts and publishing (issue 18) join this blueprint: imported last, as they use
# the views above
from . import record_parts  # noqa: E402, F401
