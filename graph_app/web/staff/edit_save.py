"""The one save path of a record's form (the one-page form, the task list's "Publish changes" and a new
record): read the form, settle its dates, answers and sub-forms, check it with the shapes, then hold it for
approval or save a version and publish it."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ...live import PublishError, Replace, forms, record_check, records, versions
from ...ntriples import ntriples
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.staff_user import current_user
from . import approvals, contact_check, record_form, review_check, statement_preview, subforms
from . import edit_access as access
from .record_form import RecordForm


def save(record: records.Record, based_on: int, new: bool = False) -> Response | tuple[str, int]:
    form = RecordForm(record, request.form, new=new)
    # a contact detail: the "I checked this" box and the date rules (contact_check.py), before the shapes
    checks = contact_check.settle(form, request.form, record, date.today()) if record.kind == "contact-value" else {}
    owner_key = record_form.OWNER_KEY[record.kind]
    user = current_user()
    if not access.can_edit(record.kind, (form.state.values.get(owner_key) or [None])[0]):
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
    changes = records.unlinked_parts(record, triples, changes)  # a removed place's address goes with it
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
            organisation=access.organisation_of(record, owner), checked_on=review.checked_on,
        )  # fmt: skip
        if held is not None:
            subforms.keep_private_while_held(form, parts, changes)  # staff-only contacts: never public, not held
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
            organisation=access.organisation_of(record, (form.state.values.get(owner_key) or [None])[0]),
            checked_on=review.checked_on,
        )
        subforms.keep_private(form, parts, number)  # contacts not shown to the public: private database only
    except versions.StaleEdit as stale:
        # the form now carries the newer version: saving again replaces it, knowingly
        return form.render(
            {},
            409,
            problem=access.stale_message(stale) + " " + translate("If you save again, your version replaces theirs."),
            summary=summary,
            based_on=stale.latest.number,
        )
    except PublishError as error:
        return form.render(
            {}, 503, problem=translate("Your changes could not be published: {error}", error=error), summary=summary
        )
    access.after_publish()
    name = record_form.label_of(triples)
    flash(translate("Saved and published: {name} (version {number}).", name=name, number=number))
    if record.kind in records.COUNCIL_OWNED:  # a statement, consultation or youth forum: back to the council's list
        return redirect(statement_preview.list_url((form.state.values.get(owner_key) or [None])[0]), code=303)
    if record.kind == "contact-value":
        return redirect(url_for("staff_contacts.index", _anchor=record.slug), code=303)
    owner = (form.state.values.get(owner_key) or [None])[0]  # a setting need not name who runs it
    return redirect(url_for("editing.dashboard", provider=owner), code=303)
