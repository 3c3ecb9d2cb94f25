"""Staff editing of services and settings: the review dashboard, forms from the SHACL shapes, versions,
comparison and rollback (all under /staff/records).

Who may do what: an editor changes only their own provider's records (403 otherwise, on GET and POST);
an admin changes any; only admins and the record's provider's editors roll back (a moderator may read
the history, not change the record). Every save is a version (graph_app/live/versions)
and a publish (graph_app/live), so the change shows at once on the record's page, in search and the map.
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox
from flask import Blueprint, Flask, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...live import PublishError, Replace, dependents, forms, records, recover, versions
from ...live.forms import Question
from ...namespaces import LO, RDF, compact
from ...private.db import open_private_db
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.labels import is_iri, label_map
from ..core.links import node_url
from ..core.staff_user import current_user, login_required

editing = Blueprint("editing", __name__, url_prefix="/staff/records")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,150}$")
OWNER_KEY = {"service": forms.field_key(LO + "providedBy"), "setting": forms.field_key(LO + "runBy")}


# -- who may do what --------------------------------------------------------------------------------------
def _record(kind: str, slug: str, must_exist: bool = True) -> records.Record:
    if kind not in records.EDITABLE_KINDS or not SLUG.match(slug):
        abort(404)
    graph = get_graph()
    record = records.load(graph.store, graph.library, graph.id_base, kind, slug)
    if must_exist and not record.exists:
        abort(404)
    return record


def _may_edit(record: records.Record) -> None:
    user = current_user()
    if user is None or not user.can_edit(record.owner):
        abort(403)


def _may_see_history(record: records.Record) -> None:
    user = current_user()
    if user is None or not (user.can_moderate or user.can_edit(record.owner)):
        abort(403)


# -- the dashboard ----------------------------------------------------------------------------------------
@editing.get("/")
@login_required
def dashboard() -> str:
    user = current_user()
    graph = get_graph()
    providers = []
    provider = user.provider_iri
    if user.role != "editor":
        providers = [(r["provider"].value, r["label"].value)
                     for r in graph.library.select(graph.store, "live/providers")]
        chosen = request.args.get("provider", "")
        provider = chosen if chosen in {p for p, _ in providers} else None
    rows = []
    today = date.today()
    if provider:
        for row in graph.library.select(graph.store, "live/provider_records", provider=provider):
            iri = row["record"].value
            kind, slug = iri[len(graph.id_base):].split("/", 1)
            reviewed = row["reviewed"].value if "reviewed" in row else None
            rows.append({"iri": iri, "kind": kind, "slug": slug,
                         "label": row["label"].value if "label" in row else slug, "reviewed": reviewed,
                         "status": records.review_status(reviewed, today, current_app.config["REVIEW_MONTHS"]),
                         "url": node_url(iri, graph.id_base)})
    numbers = versions.latest_numbers(get_private_db(), [r["iri"] for r in rows])
    for row in rows:
        row["version"] = numbers[row["iri"]]
    order = {"overdue": 0, "due": 1, "ok": 2}
    rows.sort(key=lambda r: (order[r["status"]], r["label"].lower()))
    names = label_map(graph, [provider]) if provider else {}
    return render_template("staff/editing_dashboard.html", rows=rows, provider=provider, providers=providers,
                           every_months=current_app.config["REVIEW_MONTHS"],
                           provider_name=names.get(provider, ""), user=user,
                           may_create=bool(provider) and user.can_edit(provider))


@editing.post("/<kind>/<slug>/reviewed")
@login_required
def still_correct(kind: str, slug: str) -> Response:
    """"Still correct": the record as it is, with today as its review date (a version and a publish)."""
    record = _record(kind, slug)
    _may_edit(record)
    today = ox.Literal(date.today().isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    triples = [t for t in record.triples if t.predicate.value not in (LO + "lastReviewed", LO + "forAgeBand")]
    triples.append(ox.Triple(ox.NamedNode(record.iri), ox.NamedNode(LO + "lastReviewed"), today))
    changes = [Replace(record.iri, "\n".join(f"{t} ." for t in triples))]
    changes += [Replace(a.iri, "\n".join(f"{t} ." for t in a.triples)) for a in record.answers.values()]
    user = current_user()
    try:
        records.save(current_app.config["SETTINGS"], get_private_db(), record, _based_on(), changes, user_id=user.id,
                     user_name=user.name, summary="Checked: still correct")
    except versions.StaleEdit as stale:
        flash(_stale_message(stale))
        return redirect(url_for("editing.dashboard", provider=record.owner), code=303)
    except PublishError as error:
        abort(503, str(error))
    _saved()
    flash(f"{record.label}: marked as checked today.")
    return redirect(url_for("editing.dashboard", provider=record.owner), code=303)


def _saved() -> None:
    """After a publish: read the new store generation from here on, and start building the map's
    projection of it now (web/projection_keeper.py serves the previous one until it is ready)."""
    g.pop("_graph_handles", None)
    keeper = current_app.extensions.get("projection_keeper")
    if keeper is not None:
        keeper.warm()


def _based_on() -> int:
    raw = request.form.get("based_on", "")
    if not raw.isdigit():
        abort(400, "The form is missing the version it was based on ('based_on'). Open the page again.")
    return int(raw)


def _stale_message(stale: versions.StaleEdit) -> str:
    when = stale.latest.created_at.replace("T", " at ").removesuffix("+00:00")
    return (f"{stale.latest.user_name} saved a change to this record on {when} (UTC), after you opened it. "
            "Your changes are not saved. Check their version, then make your changes again.")


# -- the form ---------------------------------------------------------------------------------------------
class _Form:
    """The fields, questions and values of one record's form: the record's own, or what was submitted."""

    def __init__(self, record: records.Record, submitted=None, new: bool = False) -> None:  # noqa: ANN001
        graph = get_graph()
        self.graph = graph
        self.record = record
        settings = current_app.config["SETTINGS"]
        self.fields = forms.form_fields(settings.shapes_file, graph.library, record.class_iri)
        user = current_user()
        owner = next(f for f in self.fields if f.key == OWNER_KEY[record.kind])
        # an editor's records are always their provider's (a new one starts with it): shown, never changed
        owner.fixed = user.role == "editor"
        stored = forms.state_of(self.fields, record.triples, {})
        self.state = forms.state_from_form(self.fields, [], submitted) if submitted is not None else stored
        if user.role == "editor":
            self.state.values[owner.key] = stored.values[owner.key]
        if new and submitted is None:
            checked = forms.field_key(LO + "lastReviewed")  # whoever adds a record has just checked it
            self.state.values[checked] = self.state.values.get(checked) or [date.today().isoformat()]
        owners = [o for o in self.state.values.get(owner.key) or [] if is_iri(o)] or [None]  # submitted: any text
        # the choices come from the record as stored, never from what was submitted: a value typed into a
        # POST (another provider's contact, say) is not offered, so it is refused with the field's message
        forms.add_choices(self.fields, graph.store, graph.library, stored.values,
                          lambda iris: label_map(graph, iris, ["en"]), owners[0], self._class_notes)
        self.questions = self._questions(self.state.values.get(forms.field_key(LO + "usesQuestionSet"), []))
        if submitted is not None:
            self.state.answers = forms.state_from_form([], self.questions, submitted).answers
        else:
            self.state.answers = {q.key: record.answers[q.iri].english_text if q.iri in record.answers else ""
                                  for q in self.questions}

    def _class_notes(self, classes: list[str]) -> dict[str, str]:
        rows = self.graph.library.select(self.graph.store, "live/class_notes",
                                         **{"class": [ox.NamedNode(c) for c in classes]})
        return {r["class"].value: r["note"].value for r in rows}

    @property
    def changes_type(self) -> bool:
        return any(f.partial for f in self.fields)

    def _questions(self, sets: list[str]) -> list[Question]:
        if not sets:
            return []
        sets = [s for s in sets if is_iri(s)]  # submitted values may be any text; the form check names them
        if not sets:
            return []
        rows = self.graph.library.select(self.graph.store, "live/question_sets", set=[ox.NamedNode(s) for s in sets])
        questions, seen = [], set()
        for row in rows:
            iri = row["question"].value
            if iri not in seen:
                seen.add(iri)
                answer = self.record.answers.get(iri)
                questions.append(Question("answer-" + iri.rsplit("/", 1)[-1], iri, row["label"].value,
                                          answer.iri if answer else None))
        return questions

    def render(self, errors: dict[str, str] | None = None, status: int = 200, problem: str = "",
               summary: str = "", based_on: int | None = None) -> tuple[str, int]:
        latest = versions.latest(get_private_db(), self.record.iri) if self.record.exists else None
        groups: list[tuple[str, list]] = []
        for item in self.fields:
            if not groups or groups[-1][0] != item.group:
                groups.append((item.group, []))
            groups[-1][1].append(item)
        if based_on is None and request.method == "POST":
            based_on = request.form.get("based_on")
        return render_template(
            "staff/editing_form.html", record=self.record, groups=groups, state=self.state, questions=self.questions,
            errors=errors or {}, problem=problem, summary=summary,
            based_on=based_on if based_on is not None else (latest.number if latest else 0),
            page_url=node_url(self.record.iri, self.graph.id_base) if self.record.exists else None,
        ), status


@editing.route("/<kind>/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(kind: str, slug: str) -> Response | tuple[str, int]:
    record = _record(kind, slug)
    _may_edit(record)
    if request.method == "GET":
        return _Form(record).render()
    if _names_another_owner(kind):
        abort(403)  # the owner field is shown, not changed: a form naming another provider is tampered with
    return _save(record, _based_on())


def _names_another_owner(kind: str) -> bool:
    """Whether an editor's submitted form names a provider other than their own as the record's owner."""
    user = current_user()
    return user.role == "editor" and any(v.strip() and v.strip() != user.provider_iri
                                         for v in request.form.getlist(OWNER_KEY[kind]))


@editing.route("/new/<kind>", methods=["GET", "POST"])
@login_required
def create(kind: str) -> Response | tuple[str, int]:
    """A new service or setting: an editor's is their own provider's (a form naming another is refused);
    a setting's type (early years, school or college; mainstream or specialist) is chosen on the form."""
    if kind not in records.EDITABLE_KINDS:
        abort(404)
    user = current_user()
    if user.role not in ("editor", "admin"):
        abort(403)
    if request.method == "GET":
        return _Form(_new_record(kind, "new"), new=True).render()
    if _names_another_owner(kind):
        abort(403)
    name = request.form.get(forms.field_key("http://www.w3.org/2000/01/rdf-schema#label"), "")
    return _save(_new_record(kind, _free_slug(kind, name)), 0, new=True)


def _new_record(kind: str, slug: str) -> records.Record:
    """A record not yet saved: its kind's class and, for an editor, their provider."""
    graph = get_graph()
    iri = records.record_iri(graph.id_base, kind, slug)
    triples = [ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDF + "type"), ox.NamedNode(records.EDITABLE_KINDS[kind]))]
    user = current_user()
    if user.role == "editor" and user.provider_iri:
        triples.append(ox.Triple(ox.NamedNode(iri), ox.NamedNode(records.OWNER_PATH[kind]),
                                 ox.NamedNode(user.provider_iri)))
    return records.Record(iri, kind, slug, triples, new=True)


def _free_slug(kind: str, name: str) -> str:
    graph = get_graph()
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or kind
    slug, number = base, 1
    while records.load(graph.store, graph.library, graph.id_base, kind, slug).exists:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _save(record: records.Record, based_on: int, new: bool = False) -> Response | tuple[str, int]:
    form = _Form(record, request.form, new=new)
    owner_key = OWNER_KEY[record.kind]
    user = current_user()
    if not user.can_edit((form.state.values.get(owner_key) or [None])[0]):
        abort(403)  # an admin may choose any provider; an editor's is always their own
    triples, errors = forms.record_triples(record.iri, form.fields, form.state, record.triples)
    graph = get_graph()
    hierarchy = graph.memo("live_class_hierarchy", lambda: graph.library.construct(
        graph.store, "live/class_hierarchy"))
    if form.changes_type:
        triples = forms.settle_types(record.iri, triples, hierarchy, _defined_classes())
    changes, answer_triples = _answer_changes(form, triples)
    checked = {record.iri: triples, **answer_triples}
    for focus, path, message in forms.check(current_app.config["SETTINGS"].shapes_file, graph.library, graph.store,
                                            checked, hierarchy):
        key = _error_key(form, focus, path, message)
        errors.setdefault(key, message)
    summary = request.form.get("summary", "").strip()[:300]
    if errors:
        return form.render(errors, 400, summary=summary)
    changes.insert(0, Replace(record.iri, "\n".join(f"{t} ." for t in triples)))
    summary = summary or ("Created" if new else "Edited") + f" {triples and _label_of(triples) or record.slug}"
    try:
        number = records.save(current_app.config["SETTINGS"], get_private_db(), record, based_on, changes,
                              user_id=user.id, user_name=user.name, summary=summary)
    except versions.StaleEdit as stale:
        # the form now carries the newer version: saving again replaces it, knowingly
        return form.render({}, 409, problem=_stale_message(stale) + " If you save again, your version "
                           "replaces theirs.", summary=summary, based_on=stale.latest.number)
    except PublishError as error:
        return form.render({}, 503, problem=f"Your changes could not be published: {error}", summary=summary)
    _saved()
    flash(f"Saved and published: {_label_of(triples)} (version {number}).")
    owner = (form.state.values.get(owner_key) or [None])[0]  # a setting need not name who runs it
    return redirect(url_for("editing.dashboard", provider=owner), code=303)


def _defined_classes() -> dict[str, set[str]]:
    graph = get_graph()

    def read() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for row in graph.library.select(graph.store, "live/defined_classes"):
            found.setdefault(row["defined"].value, set()).add(row["member"].value)
        return found

    return graph.memo("live_defined_classes", read)


def _label_of(triples: list[ox.Triple]) -> str:
    return next((t.object.value for t in triples if t.predicate.value.endswith("rdf-schema#label")), "")


def _answer_changes(form: _Form, triples: list[ox.Triple]) -> tuple[list[Replace], dict[str, list[ox.Triple]]]:
    record = form.record
    changes: list[Replace] = []
    checked: dict[str, list[ox.Triple]] = {}
    label = _label_of(triples) or record.slug
    asked = set()
    for question in form.questions:
        asked.add(question.iri)
        text = form.state.answers.get(question.key, "")
        existing = record.answers.get(question.iri)
        if not text:
            if existing:
                changes.append(Replace(existing.iri, ""))
            continue
        # unique to this record, its kind included: another kind's record with the same slug has other IRIs
        iri = existing.iri if existing else dependents.answer_iri(get_graph().id_base, record.iri, question.iri)
        answer = forms.answer_triples(record.iri, label, question, text, existing.triples if existing else [], iri)
        checked[iri] = answer
        changes.append(Replace(iri, "\n".join(f"{t} ." for t in answer)))
    # answers to questions of a set the record no longer uses are kept as they are
    for question, answer in record.answers.items():
        if question not in asked:
            changes.append(Replace(answer.iri, "\n".join(f"{t} ." for t in answer.triples)))
    return changes, checked


def _error_key(form: _Form, focus: str, path: str, message: str) -> str:
    if focus != form.record.iri:
        base = get_graph().id_base
        question = next((q for q in form.questions if focus in (
            q.answer_iri, dependents.answer_iri(base, form.record.iri, q.iri))), None)
        return question.key if question else "record"
    for item in form.fields:
        if item.partial and item.message == message:  # a rule on the record's type: its field
            return item.key
        if not item.partial and compact(item.path) == path:
            return item.key
    return "record"


# -- versions -----------------------------------------------------------------------------------------
@editing.get("/<kind>/<slug>/versions")
@login_required
def history(kind: str, slug: str) -> str:
    record = _record(kind, slug)
    _may_see_history(record)
    return render_template("staff/editing_versions.html", record=record,
                           versions=versions.history(get_private_db(), record.iri), user=current_user(),
                           page_url=node_url(record.iri, get_graph().id_base))


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
    new, old = version.triples(), previous.triples() if previous else set()
    rows = _described(record, sorted(new - old, key=str), "added") + _described(record, sorted(old - new, key=str),
                                                                              "removed")
    rows.sort(key=lambda r: (r["subject"] != record.label, r["subject"], r["property"], r["change"]))
    latest = versions.latest(db, record.iri)
    return render_template("staff/editing_compare.html", record=record, version=version, previous=previous, rows=rows,
                           latest=latest, user=current_user())


def _described(record: records.Record, triples: list[ox.Triple], change: str) -> list[dict]:
    graph = get_graph()
    settings = current_app.config["SETTINGS"]
    fields = forms.form_fields(settings.shapes_file, graph.library, record.class_iri)
    names = {f.path: f.label for f in fields if not f.partial}
    type_names = {value: f.label for f in fields if f.partial for value in f.allowed}  # which type field
    names.update({LO + "answerText": "Answer", LO + "answers": "Question", LO + "answerOf": "Answered by"})
    iris = [t.object.value for t in triples if isinstance(t.object, ox.NamedNode)]
    iris += [t.subject.value for t in triples if t.subject.value != record.iri]
    labels = label_map(graph, iris, ["en"])
    rows = []
    for triple in triples:
        subject = record.label if triple.subject.value == record.iri else labels.get(
            triple.subject.value, triple.subject.value.rsplit("/", 1)[-1])
        value = labels.get(triple.object.value, triple.object.value) if isinstance(
            triple.object, ox.NamedNode) else triple.object.value
        prop = type_names.get(triple.object.value) if triple.predicate.value == RDF + "type" else None
        prop = prop or names.get(triple.predicate.value, compact(triple.predicate.value))
        rows.append({"subject": subject, "property": prop,
                     "value": value, "change": change})
    return rows


@editing.post("/<kind>/<slug>/versions/<int:number>/rollback")
@login_required
def rollback(kind: str, slug: str, number: int) -> Response:
    record = _record(kind, slug)
    _may_edit(record)  # a rollback changes the record: admins and its own provider's editors only
    user = current_user()
    db = get_private_db()
    target, latest = versions.get(db, record.iri, number), versions.latest(db, record.iri)
    if target is None or latest is None or number >= latest.number:
        abort(404)
    changes = versions.changes_between(latest.ntriples, target.ntriples)
    try:
        new = records.save(current_app.config["SETTINGS"], db, record, _based_on(), changes, user_id=user.id,
                           user_name=user.name, summary=f"Rolled back to version {number}", rolled_back_from=number)
    except versions.StaleEdit as stale:
        flash(_stale_message(stale))
        return redirect(url_for("editing.history", kind=kind, slug=slug), code=303)
    except PublishError as error:
        abort(503, str(error))
    _saved()
    flash(f"Rolled back to version {number}: saved as version {new} and published.")
    return redirect(url_for("editing.history", kind=kind, slug=slug), code=303)


def init_app(app: Flask) -> None:
    """Apply journal entries a crash left unapplied, before the first request is served."""
    app.config.setdefault("REVIEW_MONTHS", records.REVIEW_MONTHS)
    settings = app.config["SETTINGS"]
    try:
        recover(settings)
        if settings.private_db.exists():
            records.repair_unconfirmed(open_private_db(settings))
    except Exception as error:  # noqa: BLE001 - the site still serves the graph it has
        app.logger.warning("could not apply unpublished changes at start: %s", error)
