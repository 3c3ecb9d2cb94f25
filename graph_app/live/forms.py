"""Editing forms generated from ontology/shapes.ttl, and the record they produce, checked with the same shapes.

Each property shape of the node shapes targeting a class is a field: sh:name is its label, sh:description
its help text, sh:order its place, sh:group its section, sh:minCount/sh:maxCount whether it is required
and repeated, sh:datatype (or the path) the kind of input, sh:class or sh:in the choices (read from the
store). A submitted form becomes the record's statements: the fields' values replace the statements on
their paths; everything the form does not show (types, sources, other languages) is kept as it was.
A property shape marked los:systemSet true ("Last checked") is no field: the app sets its value.
A property shape with los:subForm (opening times, a record's own contacts) is a repeatable sub-form: a field
of widget "subform" whose item_fields come from the node shape it names; its items are read and written by
live/subrecords.py and web/staff/subforms.py (whose docstrings say how to declare one), not here.
The result is validated with the shapes compiled to SPARQL (record_check.py) on a small store of
the record, its answers, the types of what it links to and the class hierarchy.

A node shape with a sh:name that requires one of several classes (a setting is an early years setting, a
school or a college) is a field too: it sets the record's rdf:type among those classes, and leaves the
record's other types alone (the ones derived from the old choice are settled by record_check.settle_types).

It stays one module (a little over 350 lines): fields and the statements they make are two halves of one
mapping from the shapes; record_check.py holds the type settling and the shapes check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import LO, RDF, RDFS, SH, XSD, compact
from ..queries import QueryLibrary
from ..store import GraphStore
from . import owned_text
from .form_model import Choice, Field, FormState, Question
from .generation import OpenStore

LANG_STRING = RDF + "langString"
OWNER_PATHS = {LO + "providedBy", LO + "runBy"}
DERIVED_WHEN_EDITED = {LO + "forAgeBand"}  # the age-band rule derives them again from the ages
MAX_CHOICES = 200  # a longer list is not offered: the provider's own values are, and the current ones


def field_key(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", compact(path)).strip("-")


def _type_field_key(shape: str) -> str:
    """A type field's name, from its node shape (los:SettingPhaseShape -> "type-SettingPhase")."""
    local = re.split(r"[#/]", shape)[-1].removesuffix("Shape")
    return "type-" + re.sub(r"[^A-Za-z0-9]+", "-", local).strip("-")


@cache
def _shapes_store(shapes_file: Path, mtime: float) -> ox.Store:
    store = ox.Store()
    store.load(path=str(shapes_file), format=ox.RdfFormat.TURTLE)
    return store


def form_fields(shapes_file: Path, library: QueryLibrary, class_iri: str) -> list[Field]:
    """The fields of the form for a class, in order (sh:group order, then sh:order)."""
    raw = _shapes_store(shapes_file, shapes_file.stat().st_mtime)
    shapes = OpenStore(raw)
    fields: dict[str, Field] = {}  # by property shape (two type fields share the path rdf:type)
    for row in library.select(shapes, "live/form_fields", **{"class": class_iri}):
        if _system_set(row):
            continue  # "Last checked": the app sets it (system_set_paths), the form never shows it
        path = row["path"].value
        shape = row["property"].value
        partial = "choiceList" in row
        if shape not in fields:
            fields[shape] = Field(
                key=_type_field_key(shape) if partial else field_key(path),
                path=path,
                label=_text(row, "name", compact(path)),
                hint=_text(row, "description", ""),
                message=_text(row, "message", ""),
                order=float(_text(row, "order", "99")),
                group=_text(row, "groupLabel", ""),
                group_order=float(_text(row, "groupOrder", "99")),
                min_count=int(_text(row, "minCount", "0")),
                max_count=int(row["maxCount"].value) if "maxCount" in row else None,
                datatype=_iri(row, "datatype"),
                value_class=_iri(row, "valueClass"),
                node_kind=_iri(row, "nodeKind"),
                minimum=int(row["minInclusive"].value) if "minInclusive" in row else None,
                maximum=int(row["maxInclusive"].value) if "maxInclusive" in row else None,
                unique_lang="uniqueLang" in row and row["uniqueLang"].value == "true",
                partial=partial,
                group_choices_by=_iri(row, "groupChoicesBy"),
                owned_text=_iri(row, "ownedText"),
                dependent=(row["dependentKind"].value, row["dependentRole"].value) if "ownedText" in row else None,
            )
            if "subForm" in row:  # a repeatable sub-form: its items' fields from the node shape it names
                fields[shape].sub_form = row["subForm"].value
                fields[shape].key = "sub-" + row["subKind"].value  # not the path's: a plain field may share it
                fields[shape].dependent = (row["subKind"].value, row["subRole"].value)
                fields[shape].may_be_private = "mayBePrivate" in row and row["mayBePrivate"].value == "true"
                fields[shape].item_class = _iri(row, "subClass")
                fields[shape].item_name = _text(row, "itemName", fields[shape].label)
                fields[shape].item_fields = _item_fields(shapes, library, row["subForm"].value)
        if "orClass" in row and not partial and row["orClass"].value not in fields[shape].value_classes:
            fields[shape].value_classes.append(row["orClass"].value)
        if "in" in row and row["in"].value not in fields[shape].allowed:
            fields[shape].allowed.append(row["in"].value)
        if partial:
            order = _list_members(raw, row["choiceList"])
            fields[shape].allowed.sort(key=lambda v: order.index(v) if v in order else len(order))
    return sorted(fields.values(), key=lambda f: (f.group_order, f.order))


def _item_fields(shapes: OpenStore, library: QueryLibrary, node_shape: str) -> list[Field]:
    """The fields of one item of a sub-form: the node shape's property shapes it shows, keyed by path."""
    items: dict[str, Field] = {}
    for row in library.select(shapes, "live/sub_form_fields", shape=ox.NamedNode(node_shape)):
        path = row["path"].value
        if path not in items:
            items[path] = Field(
                key=field_key(path),
                path=path,
                label=_text(row, "name", compact(path)),
                hint=_text(row, "description", ""),
                message=_text(row, "message", ""),
                order=float(_text(row, "order", "99")),
                group="",
                group_order=0,
                min_count=int(_text(row, "minCount", "0")),
                max_count=int(row["maxCount"].value) if "maxCount" in row else None,
                datatype=_iri(row, "datatype"),
                value_class=_iri(row, "valueClass"),
                node_kind=_iri(row, "nodeKind"),
                unique_lang="uniqueLang" in row and row["uniqueLang"].value == "true",
                widget_name=_text(row, "widget", "") or None,
                choice_scheme=_iri(row, "choiceScheme"),
            )
        if "in" in row and row["in"].value not in items[path].allowed:
            items[path].allowed.append(row["in"].value)
    return sorted(items.values(), key=lambda f: f.order)


def system_set_paths(shapes_file: Path, library: QueryLibrary, class_iri: str) -> set[str]:
    """The paths of the class's fields the app sets itself (los:systemSet true): never typed, never posted."""
    shapes = OpenStore(_shapes_store(shapes_file, shapes_file.stat().st_mtime))
    rows = library.select(shapes, "live/form_fields", **{"class": class_iri})
    return {row["path"].value for row in rows if _system_set(row)}


def _system_set(row: Mapping) -> bool:
    return "systemSet" in row and row["systemSet"].value == "true"


def _list_members(store: ox.Store, head: ox.NamedNode | ox.BlankNode) -> list[str]:
    """The sh:class of each member of an RDF list of shapes, in the list's order (SPARQL gives no order)."""
    first, rest, nil = ox.NamedNode(RDF + "first"), ox.NamedNode(RDF + "rest"), RDF + "nil"
    members, node, seen = [], head, set()
    while node is not None and node.value != nil and node not in seen:
        seen.add(node)
        for quad in store.quads_for_pattern(node, first, None):
            members += [q.object.value for q in store.quads_for_pattern(quad.object, ox.NamedNode(SH + "class"), None)]
        node = next((q.object for q in store.quads_for_pattern(node, rest, None)), None)
    return members


def _text(row: Mapping, name: str, default: str) -> str:
    return row[name].value if name in row else default


def _iri(row: Mapping, name: str) -> str | None:
    return row[name].value if name in row and isinstance(row[name], ox.NamedNode) else None


def add_choices(
    fields: list[Field],
    store: GraphStore,
    library: QueryLibrary,
    current: Mapping[str, list[str]],
    labels: Callable[[list[str]], dict[str, str]],
    provider: str | None = None,
    hints: Callable[[list[str]], dict[str, str]] | None = None,
) -> None:
    """Fill each choice field's choices: the class's members when few enough to read, else the values the
    provider's records already use (its contacts, say), plus the field's current values. A type field's
    choices get `hints` too (each class's description)."""
    for item in fields:
        if not (item.value_class or item.value_classes or item.allowed) or item.owned_text:
            continue  # an owned text is typed, never chosen: no other record's dependent is offered
        members: list[Choice] = []
        if item.choice_scheme:  # a scheme's concepts, not every member of the class (an import's own nodes)
            rows = library.select(store, "live/scheme_members", scheme=ox.NamedNode(item.choice_scheme))
            members = [Choice(r["member"].value, r["label"].value if "label" in r else r["member"].value) for r in rows]
        elif item.value_classes and not item.value_class:  # any of several (short) classes: each one's members
            rows = [r for c in item.value_classes for r in library.select(store, "live/class_members", **{"class": c})]
            members = [Choice(r["member"].value, r["label"].value if "label" in r else r["member"].value) for r in rows]
        elif item.value_class:
            if len(library.select(store, "live/class_size", **{"class": item.value_class})) > MAX_CHOICES:
                rows = (
                    library.select(store, "live/provider_values", provider=provider, path=item.path) if provider else []
                )
            elif item.group_choices_by:  # listed under headings (each section of the law under its Act)
                by = ox.NamedNode(item.group_choices_by)
                rows = library.select(store, "live/class_members_grouped", **{"class": item.value_class, "path": by})
            else:
                rows = library.select(store, "live/class_members", **{"class": item.value_class})
            members = [
                Choice(
                    r["member"].value,
                    r["label"].value if "label" in r else r["member"].value,
                    group=r["group"].value if "group" in r else "",
                    group_iri=r["groupIri"].value if "groupIri" in r else "",
                )
                for r in rows
            ]
        else:
            names = labels(item.allowed)
            notes = hints(item.allowed) if hints and item.partial else {}
            members = [Choice(v, names.get(v, v), notes.get(v, "")) for v in item.allowed]
        known = {c.value for c in members}
        missing = [v for v in current.get(item.key, []) if v not in known]
        names = labels(missing) if missing else {}
        item.choices = members + [Choice(v, names.get(v, v)) for v in missing]


def state_of(fields: list[Field], triples: list[ox.Triple], answers: Mapping[str, str]) -> FormState:
    """The form's values from the record's statements (English text only: other languages are kept)."""
    values: dict[str, list[str]] = {f.key: [] for f in fields}
    for triple in triples:
        item = _owner_field(fields, triple)
        if item is None or item.owned_text or item.sub_form:
            continue  # an owned text's value is its dependent's text (owned_text.texts), not the link; a
            # sub-form's are its items (live/subrecords.py)
        value = triple.object
        if isinstance(value, ox.Literal) and value.language and not value.language.startswith("en"):
            continue
        values[item.key].append(value.value)
    return FormState(values, dict(answers))


def _owner_field(fields: list[Field], triple: ox.Triple) -> Field | None:
    """The field that shows and replaces this statement, if any."""
    return next((f for f in fields if f.path == triple.predicate.value and f.owns(triple.object.value)), None)


def state_from_form(fields: list[Field], questions: list[Question], form) -> FormState:  # MultiDict
    values = {}
    for item in fields:
        if item.sub_form:
            values[item.key] = []  # its items are read by web/staff/subforms.py
        elif item.widget == "checkboxes" or item.repeated:
            values[item.key] = [v.strip() for v in form.getlist(item.key) if v.strip()]
        else:
            raw = form.get(item.key, "")
            values[item.key] = [raw.strip()] if raw.strip() else []
    answers = {q.key: form.get(q.key, "").strip() for q in questions}
    return FormState(values, answers)


def record_triples(
    record: str, fields: list[Field], state: FormState, original: list[ox.Triple]
) -> tuple[list[ox.Triple], dict[str, str]]:
    """The record's statements from the form, and the errors of values that cannot even be read (a word
    where a number goes): field key -> message. The shapes check everything else."""
    subject = ox.NamedNode(record)
    kept = []
    for triple in original:
        item = _owner_field(fields, triple)
        if triple.predicate.value in DERIVED_WHEN_EDITED:
            continue
        if item is not None and item.owned_text and triple.object.value != owned_text.own_iri(record, item):
            kept.append(triple)  # a link to a record not its own (a shared one): not the field's to change
        elif item is None or item.fixed or item.sub_form:  # a sub-form's links: live/subrecords.py settles them
            kept.append(triple)
        elif (
            isinstance(triple.object, ox.Literal)
            and triple.object.language
            and not triple.object.language.startswith("en")
        ):
            kept.append(triple)  # the form edits the English text; other languages stay
    errors: dict[str, str] = {}
    added = []
    for item in fields:
        if item.fixed or item.sub_form:  # a sub-form's links are made with its items (live/subrecords.py)
            continue
        if item.owned_text:  # the text makes the link to the record's own dependent (owned_text.changes)
            if state.values.get(item.key):
                own = ox.NamedNode(owned_text.own_iri(record, item))
                added.append(ox.Triple(subject, ox.NamedNode(item.path), own))
            continue
        allowed = {c.value for c in item.choices}
        for raw in state.values.get(item.key, []):
            term = _term(item, raw, allowed)
            if term is None:
                errors[item.key] = item.message or cannot_use(item.label)
                continue
            added.append(ox.Triple(subject, ox.NamedNode(item.path), term))
    return _unique(kept + added), errors


def cannot_use(label: str) -> str:
    """The error of a field with no sh:message of its own, in the reader's language (the form is read in a
    staff request; the page's _() leaves a translated text as it is). sh:message keys are translated there."""
    from ..web.core.i18n import translate  # here: the live layer loads without the web app (command line)

    return translate("{field}: this value cannot be used", field=translate(label))


def _term(item: Field, raw: str, allowed: set[str]) -> ox.NamedNode | ox.Literal | None:
    try:
        match item.widget:
            case "select" | "checkboxes" | "radios":
                return ox.NamedNode(raw) if raw in allowed else None
            case "decimal":
                found = re.fullmatch(r"£?\s*(\d{1,6}(?:\.\d{1,2})?)", raw.replace(",", ""))
                return ox.Literal(found[1], datatype=ox.NamedNode(XSD + "decimal")) if found else None
            case "integer":
                return (
                    ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
                    if re.fullmatch(r"-?\d+", raw)
                    else None
                )
            case "date":
                return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date"))
            case "datetime":  # "2027-01-20T10:00" or "2027-01-20 10:00", kept to the second, no time zone
                when = datetime.fromisoformat(raw.strip())
                if when.tzinfo is not None:
                    return None  # local times only: a session's time as families read it
                return ox.Literal(when.isoformat(timespec="seconds"), datatype=ox.NamedNode(XSD + "dateTime"))
            case "boolean":
                return ox.Literal(raw, datatype=ox.NamedNode(XSD + "boolean")) if raw in ("true", "false") else None
            case "url":
                if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw):
                    return ox.NamedNode(raw)
                return ox.Literal(raw, datatype=ox.NamedNode(XSD + "anyURI"))  # the shapes say what is wrong
            case _:
                return ox.Literal(raw, language="en")
    except ValueError:
        return None


def _unique(triples: list[ox.Triple]) -> list[ox.Triple]:
    seen, result = set(), []
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            result.append(triple)
    return result


def answer_triples(
    record: str, record_label: str, question: Question, text: str, original: list[ox.Triple], answer_iri: str
) -> list[ox.Triple]:
    """An answer's statements: its English text replaced, everything else kept (or made, for a new one)."""
    subject = ox.NamedNode(answer_iri)
    text_path = LO + "answerText"
    kept = [
        t
        for t in original
        if not (
            t.predicate.value == text_path
            and isinstance(t.object, ox.Literal)
            and (t.object.language or "en").startswith("en")
        )
    ]
    if not kept:
        kept = [
            ox.Triple(subject, ox.NamedNode(RDF + "type"), ox.NamedNode(LO + "Answer")),
            ox.Triple(
                subject,
                ox.NamedNode(RDFS + "label"),
                ox.Literal(f"{record_label}: answer to {question.label}", language="en"),
            ),
            ox.Triple(subject, ox.NamedNode(LO + "answers"), ox.NamedNode(question.iri)),
            ox.Triple(subject, ox.NamedNode(LO + "answerOf"), ox.NamedNode(record)),
        ]
    return kept + [ox.Triple(subject, ox.NamedNode(text_path), ox.Literal(text, language="en"))]


__all__ = [
    "Choice",
    "Field",
    "FormState",
    "Question",
    "SH",
    "add_choices",
    "answer_triples",
    "field_key",
    "form_fields",
    "record_triples",
    "state_from_form",
    "state_of",
    "system_set_paths",
]
