"""One record's editing form and what a save makes of it: the fields from the SHACL shapes, the questions of
its question sets, the triples and answer changes to publish, where a shape's message belongs on the form,
and a version comparison's rows in the form's words (the views are in editing.py)."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
from flask import current_app, render_template, request

from ...live import Replace, dependents, forms, owned_text, records, versions
from ...live.forms import Question
from ...namespaces import LO, RDF, compact
from ...ntriples import ntriples
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.labels import is_iri, label_map
from ..core.links import node_url
from ..core.staff_user import current_user
from . import choice_language, review_check, subforms

OWNER_KEY = {kind: forms.field_key(path) for kind, path in records.OWNER_PATH.items()}
# a provider's profile is its own (records.SELF_OWNED): no field; its owner is in the state under this key, so
# the owner checks read it as they read a service's provider (a form posting it is refused: editing.py)
OWNER_KEY.update({kind: "owned-by-itself" for kind in records.SELF_OWNED})


class RecordForm:
    """The fields, questions and values of one record's form: the record's own, or what was submitted."""

    def __init__(self, record: records.Record, submitted=None, new: bool = False) -> None:
        graph = get_graph()
        self.graph = graph
        self.record = record
        settings = current_app.config["SETTINGS"]
        self.fields = forms.form_fields(settings.shapes_file, graph.library, record.class_iri)
        user = current_user()
        owner = next((f for f in self.fields if f.key == OWNER_KEY[record.kind]), None)
        if owner is not None:  # none on a provider's own profile
            # an editor's records are always their provider's (a new one starts with it): shown, never changed;
            # so is the contact a contact detail belongs to
            owner.fixed = user.role == "editor" or record.kind == "contact-value"
            if record.kind in records.COUNCIL_OWNED and user.council_iri:  # a council admin writes for their own
                owner.fixed = True
        sub_items = subforms.prepare(self, submitted)  # repeatable sub-forms' items (before state_of: see there)
        stored = forms.state_of(self.fields, record.triples, {})
        stored.values.update(owned_text.texts(self.fields, record))  # "who can use it": its own criterion's text
        self.state = forms.state_from_form(self.fields, [], submitted) if submitted is not None else stored
        if owner is None:  # a provider's profile: owned by itself, whatever was submitted
            self.state.values[OWNER_KEY[record.kind]] = [record.owner] if record.owner else []
        elif owner.fixed:
            self.state.values[owner.key] = stored.values[owner.key]
        self.state.values.update(sub_items)  # each sub-form's items (web/staff/subforms.py)
        if new and submitted is None:
            checked = forms.field_key(LO + "lastReviewed")  # whoever adds a record has just checked it
            if checked in self.state.values:  # a field only where the app does not set it (issue 18)
                self.state.values[checked] = self.state.values.get(checked) or [date.today().isoformat()]
        owners = [o for o in self.state.values.get(OWNER_KEY[record.kind]) or [] if is_iri(o)] or [None]  # any text
        # the choices come from the record as stored, never from what was submitted: a value typed into a
        # POST (another provider's contact, say) is not offered, so it is refused with the field's message
        forms.add_choices(
            self.fields,
            graph.store,
            graph.library,
            stored.values,
            lambda iris: label_map(graph, iris, ["en"]),
            owners[0],
            self._class_notes,
        )
        for sub in self.fields:  # a sub-form's choice fields (a price's "per", a place's accessibility)
            if sub.item_fields:
                # what its items have that the list lacks (an ORUK import's own accessibility node) is offered
                # too, ticked, so a save that does not touch it keeps it (untick it to remove it)
                held = {
                    f.key: [v for item in self.sub_stored.get(sub.key, []) for v in item.values.get(f.key, [])]
                    for f in sub.item_fields
                }
                forms.add_choices(sub.item_fields, graph.store, graph.library, held, lambda i: label_map(graph, i))
                choice_language.in_page_language(sub.item_fields, graph)
        choice_language.in_page_language(self.fields, graph)  # headings such as kinds of need, in cy or pl too
        self.questions = self._questions(self.state.values.get(forms.field_key(LO + "usesQuestionSet"), []))
        if submitted is not None:
            self.state.answers = forms.state_from_form([], self.questions, submitted).answers
        else:
            self.state.answers = {
                q.key: record.answers[q.iri].english_text if q.iri in record.answers else "" for q in self.questions
            }

    def _class_notes(self, classes: list[str]) -> dict[str, str]:
        rows = self.graph.library.select(
            self.graph.store, "live/class_notes", **{"class": [ox.NamedNode(c) for c in classes]}
        )
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
                questions.append(
                    Question(
                        "answer-" + iri.rsplit("/", 1)[-1], iri, row["label"].value, answer.iri if answer else None
                    )
                )
        return questions

    def render(
        self,
        errors: dict[str, str] | None = None,
        status: int = 200,
        problem: str = "",
        summary: str = "",
        based_on: int | None = None,
        preview: object | None = None,  # a council statement's (statement_preview.py)
    ) -> tuple[str, int]:
        latest = versions.latest(get_private_db(), self.record.iri) if self.record.exists else None
        groups: list[tuple[str, list]] = []
        for item in self.fields:
            if not groups or groups[-1][0] != item.group:
                groups.append((item.group, []))
            groups[-1][1].append(item)
        if based_on is None and request.method == "POST":
            based_on = request.form.get("based_on")
        return render_template(
            "staff/editing_form.html",
            record=self.record,
            groups=groups,
            state=self.state,
            questions=self.questions,
            errors=errors or {},
            problem=problem,
            summary=summary,
            based_on=based_on if based_on is not None else (latest.number if latest else 0),
            page_url=node_url(self.record.iri, self.graph.id_base) if self.record.exists else None,
            preview=preview,
            asks_checked=review_check.asks_checked(self.record),  # "Did you check the whole record?"
        ), status


def defined_classes() -> dict[str, set[str]]:
    graph = get_graph()

    def read() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for row in graph.library.select(graph.store, "live/defined_classes"):
            found.setdefault(row["defined"].value, set()).add(row["member"].value)
        return found

    return graph.memo("live_defined_classes", read)


def label_of(triples: list[ox.Triple]) -> str:
    return next((t.object.value for t in triples if t.predicate.value.endswith("rdf-schema#label")), "")


def answer_changes(form: RecordForm, triples: list[ox.Triple]) -> tuple[list[Replace], dict[str, list[ox.Triple]]]:
    record = form.record
    changes: list[Replace] = []
    checked: dict[str, list[ox.Triple]] = {}
    label = label_of(triples) or record.slug
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
        changes.append(Replace(iri, ntriples(answer)))
    # answers to questions of a set the record no longer uses are kept as they are
    for question, answer in record.answers.items():
        if question not in asked:
            changes.append(Replace(answer.iri, ntriples(answer.triples)))
    # the record's own dependents the form edits as one text ("who can use it"): made, changed or removed
    owned, owned_checked = owned_text.changes(record, form.fields, form.state.values, label)
    return changes + owned, {**checked, **owned_checked}


def error_key(form: RecordForm, focus: str, path: str, message: str) -> str:
    if focus != form.record.iri:
        owned = owned_text.field_for(form.fields, form.record.iri, focus)
        if owned is not None:
            return owned.key
        base = get_graph().id_base
        question = next(
            (q for q in form.questions if focus in (q.answer_iri, dependents.answer_iri(base, form.record.iri, q.iri))),
            None,
        )
        return question.key if question else "record"
    for item in form.fields:
        if item.partial and item.message == message:  # a rule on the record's type: its field
            return item.key
        if not item.partial and compact(item.path) == path:
            return item.key
    return "record"


def described_changes(record: records.Record, triples: list[ox.Triple], change: str) -> list[dict]:
    graph = get_graph()
    settings = current_app.config["SETTINGS"]
    fields = forms.form_fields(settings.shapes_file, graph.library, record.class_iri)
    names = {f.path: f.label for f in fields if not f.partial}
    for item in (f for sub in fields for f in sub.item_fields):  # a sub-form item's own ("Opens at")
        names.setdefault(item.path, item.label)
    type_names = {value: f.label for f in fields if f.partial for value in f.allowed}  # which type field
    names.update({LO + "answerText": "Answer", LO + "answers": "Question", LO + "answerOf": "Answered by"})
    # a dependent's statements by its own field's name: "Who can use it", a price's "Per", a place's "Street"
    own_names = {(owned_text.own_iri(record.iri, f), f.owned_text): f.label for f in fields if f.owned_text}
    item_names = {i.path: i.label for f in fields for i in f.item_fields}
    iris = [t.object.value for t in triples if isinstance(t.object, ox.NamedNode)]
    iris += [t.subject.value for t in triples if t.subject.value != record.iri]
    labels = label_map(graph, iris, ["en"])
    rows = []
    for triple in triples:
        subject = (
            record.label
            if triple.subject.value == record.iri
            else labels.get(triple.subject.value, triple.subject.value.rsplit("/", 1)[-1])
        )
        value = (
            labels.get(triple.object.value, triple.object.value)
            if isinstance(triple.object, ox.NamedNode)
            else triple.object.value
        )
        prop = type_names.get(triple.object.value) if triple.predicate.value == RDF + "type" else None
        if triple.subject.value != record.iri:
            dependent = (triple.subject.value, triple.predicate.value)
            prop = prop or own_names.get(dependent) or item_names.get(triple.predicate.value)
        prop = prop or names.get(triple.predicate.value, compact(triple.predicate.value))
        rows.append({"subject": subject, "property": prop, "value": value, "change": change})
    return rows
