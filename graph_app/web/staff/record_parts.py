"""A service's or setting's editing task list (issue 18): its parts, each its own page and Save, drafts kept on
the server, a "what families will see" preview, and publishing (through edit_save.save, the one save path).

Why a draft until "Publish changes" rather than publishing each part: a new record cannot be published part
by part (the shapes need a name, areas, a contact... before anything is public), and a provider changing
several parts expects families to see the record change once, checked whole, not half-edited in between.
Each part's Save writes that part's values into the person's draft (private/drafts.py); the task list says
which parts are complete; the preview shows the result; "Publish changes" saves a version and publishes.
The draft is an overlay: only the parts someone saved are in it, every other value is the record's own.

A save sent after the session ended (or whose CSRF token no longer matches, e.g. after signing in again in
another tab) is kept as a draft of the person the form was shown to (core/form_owner.py), and they are asked
to sign in again; the part's page then shows what they typed, not yet published. Another account signing in
sees only its own drafts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ...live import forms, records
from ...private import drafts
from ..core import csrf, form_owner
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.links import node_url
from ..core.staff_user import current_user, login_required
from . import approvals, edit_access, edit_save, form_check, review_check, review_page, subforms, task_list
from .edit_access import editing
from .record_form import RecordForm

TASK_KINDS = ("service", "setting")
AUTOSAVE_SECONDS = 20  # the page's script sends the part's values this often while someone types
WARN_BEFORE_SECONDS = 120  # the timeout warning shows this long before the session ends
UK = ZoneInfo("Europe/London")
PART_ENDPOINTS = {"editing.part", "editing.new_part", "editing.autosave", "editing.new_autosave", "editing.edit"}
WHOLE_FORM = "all"  # every part at once: the form of /edit ("Edit every part on one page")


# -- which record, whose draft ----------------------------------------------------------------------------
def _target(kind: str, slug: str | None) -> tuple[records.Record, str, bool]:
    """The record (a new one when slug is None), its draft key and whether it is new; 403/404 as editing's."""
    if kind not in TASK_KINDS:
        abort(404)
    if slug is None:
        user = current_user()
        if user.role not in ("editor", "admin"):
            abort(403)
        return edit_access.new_record(kind, "new"), drafts.new_record_key(kind), True
    record = edit_access.record_or_404(kind, slug)
    edit_access.may_edit(record)
    return record, record.iri, False


def _key_without_user(kind: str, slug: str | None) -> str | None:
    """The draft key of the record a form is about, read without a signed-in user (a session that ended)."""
    if kind not in TASK_KINDS:
        return None
    if slug is None:
        return drafts.new_record_key(kind)
    graph = get_graph()
    return records.record_iri(graph.id_base, kind, slug)


def _multidict(fields: dict[str, list[str]]) -> MultiDict:
    return MultiDict([(key, value) for key, values in fields.items() for value in values])


def _stored_fields(form: RecordForm) -> dict[str, list[str]]:
    """The form's values by the names its page posts (a sub-form's items by their fieldsets' names)."""
    values: dict[str, list[str]] = {}
    for key, found in form.state.values.items():
        if found and not isinstance(found[0], str):  # a repeatable sub-form's items (staff/subforms.py)
            values.update(_item_names(key, found))
        else:
            values[key] = list(found)
    values.update({key: [text] if text else [] for key, text in form.state.answers.items()})
    return values


def _item_names(key: str, items: list) -> dict[str, list[str]]:
    """A sub-form's items as its page posts them: {key}-count, then {key}-{n}-{field} for each item."""
    names = {f"{key}-count": [str(len(items))]}
    for number, item in enumerate(items, start=1):
        prefix = f"{key}-{number}"
        if item.iri:
            names[f"{prefix}-iri"] = [item.iri]
        for field_key, field_values in item.values.items():
            names[f"{prefix}-{field_key}"] = [v for v in field_values if v]
        if item.public is not None:
            names[f"{prefix}-public"] = ["yes" if item.public else "no"]
        if item.remove:
            names[f"{prefix}-remove"] = ["yes"]
    return names


def preview_rows(form: RecordForm) -> list[review_page.ReviewRow]:
    """What families will see, in the form's order: each field's values in words (a choice's label), each
    sub-form item as one line, then the answers."""
    rows = []
    for item in form.fields:
        names = {c.value: c.label for c in item.choices}
        shown = []
        for value in form.state.values.get(item.key, []):
            if isinstance(value, str):
                shown.append(names.get(value, value))
            elif not value.remove and value.public is not False:  # a staff-only item: families never see it
                shown.append(subforms.item_words(item, value))
        rows.append(review_page.ReviewRow(item.label, [v for v in shown if v]))
    for question in form.questions:
        answer = form.state.answers.get(question.key, "")
        rows.append(review_page.ReviewRow(question.label, [answer] if answer else [], is_field=False))
    return rows


def _form(record: records.Record, new: bool, draft: drafts.Draft | None) -> RecordForm:
    """The record's form with the person's draft laid over its own values."""
    stored = RecordForm(record, new=new)
    if draft is None:
        return stored
    merged = _stored_fields(stored)
    merged.update(draft.fields)
    return RecordForm(record, _multidict(merged), new=new)


def _overlay(fields: dict[str, list[str]], posted: MultiDict, keys: list[str]) -> dict[str, list[str]]:
    """The draft's values with the posted part's replaced (a box not ticked is no value: the key stays). A
    repeatable sub-form's names are its field's key and a suffix ("lo-hasContact-1-name"): all replaced."""
    result = {k: v for k, v in fields.items() if not any(k.startswith(key + "-") for key in keys)}
    for key in keys:
        result[key] = [value.strip() for value in posted.getlist(key) if value.strip()]
        for name in posted:
            if name.startswith(key + "-") and name not in keys:
                result[name] = [value.strip() for value in posted.getlist(name) if value.strip()]
    return result


def _posted_keys(record_class: str, part_slug: str, posted: MultiDict) -> list[str]:
    """A part's form names, from the shapes alone (no signed-in user needed)."""
    answers = [key for key in posted if key.startswith("answer-")]
    if part_slug == task_list.ANSWERS:
        return answers
    settings = current_app.config["SETTINGS"]
    fields = forms.form_fields(settings.shapes_file, get_graph().library, record_class)
    if part_slug == WHOLE_FORM:
        return [item.key for item in fields] + answers
    return [item.key for item in fields if task_list.part_of(item) == part_slug]


def _based_on_posted() -> int:
    raw = request.form.get("based_on", "")
    return int(raw) if raw.isdigit() else 0


def _urls(kind: str, slug: str | None) -> dict[str, str]:
    if slug is None:
        return {
            "tasks": url_for("editing.new_tasks", kind=kind),
            "publish": url_for("editing.new_publish", kind=kind),
            "discard": url_for("editing.new_discard", kind=kind),
        }
    return {
        "tasks": url_for("editing.tasks", kind=kind, slug=slug),
        "publish": url_for("editing.publish", kind=kind, slug=slug),
        "discard": url_for("editing.discard", kind=kind, slug=slug),
    }


def _part_url(kind: str, slug: str | None, part: str, endpoint: str = "part") -> str:
    if slug is None:
        return url_for(f"editing.new_{endpoint}", kind=kind, part=part)
    return url_for(f"editing.{endpoint}", kind=kind, slug=slug, part=part)


def session_ends() -> str:
    """When the signed-in session ends if the person does nothing more (UK time, e.g. "10:42")."""
    idle = int(current_app.config["STAFF_IDLE_SECONDS"])
    return (datetime.now(UK) + timedelta(seconds=idle)).strftime("%H:%M")


def _saved_at(draft: drafts.Draft) -> str:
    saved = datetime.fromtimestamp(draft.updated_at, UK)
    return f"{saved:%H:%M} on {saved.day} {saved:%B %Y}"  # "10:42 on 7 December 2026"


def _page_context(kind: str, slug: str | None, record: records.Record, key: str) -> dict:
    user = current_user()
    return {
        "record": record,
        "urls": _urls(kind, slug),
        "form_owner_field": form_owner.field(user.id, key),
        "session_ends": session_ends(),
        "session_idle": int(current_app.config["STAFF_IDLE_SECONDS"]),
        "warn_before": min(WARN_BEFORE_SECONDS, int(current_app.config["STAFF_IDLE_SECONDS"]) // 2),
        "kind_name": translate("service") if kind == "service" else translate("setting"),
    }


# -- the task list --------------------------------------------------------------------------------------
@editing.get("/<kind>/<slug>/tasks")
@login_required
def tasks(kind: str, slug: str) -> str:
    return _tasks(kind, slug)


@editing.get("/new/<kind>/tasks")
@login_required
def new_tasks(kind: str) -> str:
    return _tasks(kind, None)


def _tasks(kind: str, slug: str | None) -> str:
    record, key, new = _target(kind, slug)
    draft = drafts.load(get_private_db(), current_user().id, key)
    form = _form(record, new, draft)
    parts = task_list.parts_of(form.fields)
    errors = form_check.form_errors(form)
    values = _stored_fields(form)
    question_keys = [q.key for q in form.questions]
    task_list.settle_statuses(parts, values, errors, question_keys, bool(form.questions))
    part_keys = {k for part in parts for k in task_list.part_keys(part, question_keys)}
    record_errors = [message for k, message in errors.items() if k not in part_keys and k != review_check.CHECKED_KEY]
    done = sum(part.status == task_list.COMPLETED for part in parts)
    return render_template(
        "staff/task_list.html",
        parts=[(part, _part_url(kind, slug, part.slug)) for part in parts],
        done=done,
        ready=all(task_list.counts_as_done(part) for part in parts) and not record_errors,
        record_errors=record_errors,
        draft=draft,
        draft_saved_at=_saved_at(draft) if draft else "",
        page_url=node_url(record.iri, get_graph().id_base) if record.exists else None,
        **_page_context(kind, slug, record, key),
    )


# -- one part ---------------------------------------------------------------------------------------------
@editing.route("/<kind>/<slug>/parts/<part>", methods=["GET", "POST"])
def part(kind: str, slug: str, part: str) -> Response | str | tuple[str, int]:
    return _part(kind, slug, part)


@editing.route("/new/<kind>/parts/<part>", methods=["GET", "POST"])
def new_part(kind: str, part: str) -> Response | str | tuple[str, int]:
    return _part(kind, None, part)


@login_required
def _part_page(kind: str, slug: str | None, part_slug: str) -> Response | str | tuple[str, int]:
    record, key, new = _target(kind, slug)
    user, db = current_user(), get_private_db()
    draft = drafts.load(db, user.id, key)
    form = _form(record, new, draft)
    found = next((p for p in task_list.parts_of(form.fields) if p.slug == part_slug), None)
    if found is None:
        abort(404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        review_check.refuse_typed(record, request.form)
        if edit_access.names_another_owner(kind):
            abort(403)
        keys = task_list.part_keys(found, [q.key for q in form.questions])
        fields = _overlay(draft.fields if draft else {}, request.form, keys)
        try:
            drafts.save(db, user.id, key, draft.based_on if draft else _based_on_posted(), fields)
        except drafts.DraftTooBig:
            abort(400, translate("This form sent far more values than any part has ('{field}').", field=part_slug))
        draft = drafts.load(db, user.id, key)
        form = _form(record, new, draft)
        found = next(p for p in task_list.parts_of(form.fields) if p.slug == part_slug)
        keys = task_list.part_keys(found, [q.key for q in form.questions])
        errors = {k: m for k, m in form_check.form_errors(form).items() if subforms.in_part(k, keys)}
        if not errors:
            flash(
                translate(
                    "{part}: saved in your draft. Families see it once you publish your changes.",
                    part=translate(found.label),
                )
            )
            return redirect(_urls(kind, slug)["tasks"], code=303)
    latest_based_on = draft.based_on if draft else _latest_number(record)
    return render_template(
        "staff/record_part.html",
        part=found,
        form=form,
        state=form.state,
        questions=form.questions if found.slug == task_list.ANSWERS else [],
        includes=task_list.PART_INCLUDES.get(found.slug, []),
        errors=errors,
        based_on=latest_based_on,
        kept=bool(draft and draft.kept_after_session_end),
        draft=draft,
        draft_saved_at=_saved_at(draft) if draft else "",
        autosave_url=_part_url(kind, slug, part_slug, "autosave"),
        autosave_seconds=AUTOSAVE_SECONDS,
        **_page_context(kind, slug, record, key),
    ), 400 if errors else 200


def _part(kind: str, slug: str | None, part_slug: str) -> Response | str | tuple[str, int]:
    if request.method == "POST" and current_user() is None:
        return keep_after_session_end(kind, slug, part_slug)
    return _part_page(kind, slug, part_slug)


def _latest_number(record: records.Record) -> int:
    from ...live import versions

    latest = versions.latest(get_private_db(), record.iri) if record.exists else None
    return latest.number if latest else 0


# -- autosave (with JavaScript) ---------------------------------------------------------------------------
@editing.post("/<kind>/<slug>/parts/<part>/autosave")
def autosave(kind: str, slug: str, part: str) -> Response:
    return _autosave(kind, slug, part)


@editing.post("/new/<kind>/parts/<part>/autosave")
def new_autosave(kind: str, part: str) -> Response:
    return _autosave(kind, None, part)


def _autosave(kind: str, slug: str | None, part_slug: str) -> Response:
    """The part's values as typed so far, into the draft (the page's script, every few seconds): 204."""
    if current_user() is None:
        kept = keep_after_session_end(kind, slug, part_slug)
        return Response(
            translate("Your session has ended. Sign in again to carry on."),
            status=401,
            headers={"Location": kept.location},
        )
    record, key, new = _target(kind, slug)
    user, db = current_user(), get_private_db()
    draft = drafts.load(db, user.id, key)
    if part_slug not in {slug_ for slug_, _ in task_list.PARTS}:
        abort(404)
    review_check.refuse_typed(record, request.form)
    if edit_access.names_another_owner(kind):
        abort(403)
    keys = _posted_keys(record.class_iri, part_slug, request.form)
    try:
        drafts.save(
            db,
            user.id,
            key,
            draft.based_on if draft else _based_on_posted(),
            _overlay(draft.fields if draft else {}, request.form, keys),
        )
    except drafts.DraftTooBig:
        abort(400, translate("This form sent far more values than any part has ('{field}').", field=part_slug))
    return Response(status=204)


# -- a save after the session ended ----------------------------------------------------------------------
def keep_after_session_end(kind: str, slug: str | None, part_slug: str) -> Response:
    """Keep the posted part as the draft of the person the form was shown to, and ask them to sign in again
    (then the part's page shows it). Nothing is kept when the form's signed owner is missing or wrong."""
    key = _key_without_user(kind, slug)
    owner = form_owner.owner(key) if key else None
    if kind not in TASK_KINDS:
        target = url_for("staff.home")
    elif part_slug == WHOLE_FORM:
        target = _urls(kind, slug)["tasks"]  # the task list, which offers the kept draft back
    else:
        target = _part_url(kind, slug, part_slug)
    if owner is not None and (part_slug in {s for s, _ in task_list.PARTS} or part_slug == WHOLE_FORM):
        db = get_private_db()
        draft = drafts.load(db, owner, key)
        keys = _posted_keys(records.EDITABLE_KINDS[kind], part_slug, request.form)
        fields = _overlay(draft.fields if draft else {}, request.form, keys)
        try:
            drafts.save(
                db, owner, key, draft.based_on if draft else _based_on_posted(), fields, kept_after_session_end=True
            )
        except drafts.DraftTooBig:
            owner = None
    user = current_user()
    if user is not None and owner == user.id:  # still signed in (a token from before signing in again)
        return redirect(target, code=303)
    query = {"next": target, "ended": "kept" if owner is not None else "lost"}
    return redirect(url_for("staff.login") + "?" + urlencode(query), code=303)


def _refused_form() -> Response | None:
    """CSRF refused a part's save: keep what it sent rather than lose it (core/csrf.py calls this)."""
    if request.endpoint not in PART_ENDPOINTS:
        return None
    args = request.view_args or {}
    kind, slug = args.get("kind", ""), args.get("slug")
    key = _key_without_user(kind, slug)
    if key is None or form_owner.owner(key) is None:
        return None  # nobody's form to keep (no owner field, or a forged one): the refusal stands
    return keep_after_session_end(kind, slug, args.get("part", WHOLE_FORM))


csrf.on_refused(_refused_form)


@editing.app_template_global("form_owner_field")
def form_owner_field(record: records.Record) -> str:
    """The signed owner field of a service's or setting's whole form (editing_form.html), so a save sent after
    the session ended can be kept for its person; empty for other kinds and for new records' one-page form."""
    user = current_user()
    if user is None or record.kind not in TASK_KINDS or not record.exists:
        return ""
    return form_owner.field(user.id, record.iri)


# -- drafts offered back: discard -------------------------------------------------------------------------
@editing.post("/<kind>/<slug>/draft/discard")
@login_required
def discard(kind: str, slug: str) -> Response:
    return _discard(kind, slug)


@editing.post("/new/<kind>/draft/discard")
@login_required
def new_discard(kind: str) -> Response:
    return _discard(kind, None)


def _discard(kind: str, slug: str | None) -> Response:
    _, key, _ = _target(kind, slug)
    drafts.discard(get_private_db(), current_user().id, key)
    flash(translate("Your unpublished changes are discarded."))
    return redirect(_urls(kind, slug)["tasks"], code=303)


# -- what families will see, and publishing ---------------------------------------------------------------
@editing.route("/<kind>/<slug>/publish", methods=["GET", "POST"])
@login_required
def publish(kind: str, slug: str) -> Response | str | tuple[str, int]:
    return _publish(kind, slug)


@editing.route("/new/<kind>/publish", methods=["GET", "POST"])
@login_required
def new_publish(kind: str) -> Response | str | tuple[str, int]:
    return _publish(kind, None)


def _publish(kind: str, slug: str | None) -> Response | str | tuple[str, int]:
    record, key, new = _target(kind, slug)
    user, db = current_user(), get_private_db()
    draft = drafts.load(db, user.id, key)
    errors: dict[str, str] = {}
    if request.method == "POST":
        review_check.refuse_typed(record, request.form)
        if edit_access.names_another_owner(kind):
            abort(403)
        asks = review_check.asks_checked(record)
        if asks and request.form.get(review_check.CHECKED_KEY) not in ("yes", "no"):
            errors[review_check.CHECKED_KEY] = translate(
                'Choose "Yes" if you checked the whole record, or "No" if you did not.'
            )
        else:
            if new:
                name = request.form.get(forms.field_key("http://www.w3.org/2000/01/rdf-schema#label"), "")
                saved = edit_save.save(edit_access.new_record(kind, edit_access.free_slug(kind, name)), 0, new=True)
            else:
                saved = edit_save.save(record, edit_access.based_on_posted())
            if isinstance(saved, Response) and saved.status_code == 303:
                drafts.discard(db, user.id, key)  # published: the draft is done
            return saved
    form = _form(record, new, draft)
    rows = preview_rows(form)
    return render_template(
        "staff/record_preview.html",
        form=form,
        rows=rows,
        hidden=_stored_fields(form),
        based_on=draft.based_on if draft else _latest_number(record),
        asks_checked=review_check.asks_checked(record),
        errors=errors,
        draft=draft,
        held=approvals.will_be_held(record, record.owner),  # "Send for approval", not "Publish changes"
        **_page_context(kind, slug, record, key),
    ), 400 if errors else 200
