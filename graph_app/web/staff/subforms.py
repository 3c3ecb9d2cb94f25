"""Repeatable sub-forms on a record's editing form (issue 18): reading the posted fieldsets, and what a save
makes of them: each item's Replace (made, changed or removed with the record, in the same publish and
version), the record's links to its items, the statements the shapes check, and errors placed on the
item's field ("Opening times 2: Enter a time such as 9:30am, 5pm or 17:00"). Statements <-> values is
live/subrecords.py (whose docstring says how to declare a sub-form in shapes.ttl); the fieldsets are drawn
by templates/staff/_subform.html, called from the field macro of staff/_edit_fields.html, so a sub-form
appears wherever its field is placed.

Posted names, for a sub-form with key K (sub-{dependent kind}, e.g. sub-schedule): K-count (how many
fieldsets the form had: its presence says the sub-form was on the page; a form part without it leaves
the items alone), and for fieldset n: K-n-iri (an existing item), K-n-{item field key}, K-n-remove,
K-n-public ("yes"/"no", for a sub-form whose items may be kept from the public).

A private item (public "no") is kept in the private database (private/private_parts.py), with the
record's link to it; it is never published, and one that was public is unpublished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox

from ...live import Replace, records, subrecords, versions
from ...live.forms import Field, FormState
from ...live.subrecords import MAX_ITEMS, Item
from ...ntriples import ntriples
from ...private import private_parts
from ..core.cookie_session import get_private_db
from ..core.i18n import translate


class RecordForm(Protocol):
    """What this module reads and keeps on a record's form (staff/record_form.RecordForm), named here so
    that record_form can use this module without this module importing it back."""

    record: records.Record
    fields: list[Field]
    state: FormState
    sub_stored: dict[str, list[Item]]  # each sub-form's items as stored
    sub_posted: set[str]  # the sub-forms the form carried
    private_triples: list[ox.Triple]  # the record's staff-only items (private database)
    sub_items_by_iri: dict[str, tuple[Field, int]]  # item IRI -> (sub-form, its number)


@dataclass
class Settled:
    """What a save makes of the sub-forms."""

    triples: list[ox.Triple]  # the record's statements, its links to its public items settled
    changes: list[Replace] = field(default_factory=list)
    checked: dict[str, list[ox.Triple]] = field(default_factory=dict)  # item IRI -> statements, for the shapes
    errors: dict[str, str] = field(default_factory=dict)
    private: list[ox.Triple] | None = None  # the private items now (None: the store is left as it is)


def sub_forms(fields: list[Field]) -> list[Field]:
    return [f for f in fields if f.sub_form]


def prepare(form: RecordForm, submitted) -> dict[str, list[Item]]:  # submitted: a MultiDict or None
    """Read the record's items (public ones from the graph, private ones from the private database), keep
    the plain field sharing a sub-form's path (shared contacts) off them, and return each sub-form's items:
    as posted when the form carried the sub-form, else as stored. Call before reading the form's state."""
    record = form.record
    subs = sub_forms(form.fields)
    form.sub_stored = {}
    form.sub_posted = set()
    form.private_triples = []
    form.sub_items_by_iri = {}  # item IRI -> (sub-form, its number), for placing the shapes' errors
    if not subs:
        return {}
    if record.exists and any(s.may_be_private for s in subs):
        form.private_triples = private_parts.latest(get_private_db(), record.iri)
    parts = {**record.parts, **_by_subject(form.private_triples, record.iri)}
    found: dict[str, list[Item]] = {}
    for sub in subs:
        public = subrecords.links(record.iri, sub, record.triples)
        private = subrecords.links(record.iri, sub, form.private_triples)
        stored = subrecords.stored_items(sub, public + private, parts, set(public))
        form.sub_stored[sub.key] = stored
        for other in form.fields:
            if other is not sub and other.path == sub.path:
                other.excluded = frozenset(public + private)
        if submitted is not None and f"{sub.key}-count" in submitted:
            form.sub_posted.add(sub.key)
            found[sub.key] = read_items(sub, submitted, [i.iri for i in stored if i.iri])
        else:
            found[sub.key] = stored
    return found


def _by_subject(triples: list[ox.Triple], record_iri: str) -> dict[str, list[ox.Triple]]:
    grouped: dict[str, list[ox.Triple]] = {}
    for triple in triples:
        if triple.subject.value != record_iri:
            grouped.setdefault(triple.subject.value, []).append(triple)
    return grouped


def read_items(sub: Field, submitted, known: list[str]) -> list[Item]:
    """The posted fieldsets. An IRI that is not one of the record's own items is ignored (the item is new),
    so a form cannot change or remove another record's."""
    raw = submitted.get(f"{sub.key}-count", "")
    count = min(int(raw), MAX_ITEMS) if raw.isdigit() else 0
    items, seen = [], set()
    for number in range(1, count + 1):
        prefix = f"{sub.key}-{number}"
        iri = submitted.get(f"{prefix}-iri", "").strip()
        iri = iri if iri in known and iri not in seen else None
        seen.add(iri)
        values = {f.key: [v.strip() for v in submitted.getlist(f"{prefix}-{f.key}")] for f in sub.item_fields}
        choice = submitted.get(f"{prefix}-public", "")
        public = {"yes": True, "no": False}.get(choice) if sub.may_be_private else True
        item = Item(number, iri, values, public, submitted.get(f"{prefix}-remove") == "yes")
        if item.iri or not item.empty:  # the empty "add another" fieldset adds nothing
            items.append(item)
    return items


def settle(form: RecordForm, triples: list[ox.Triple], label: str) -> Settled:
    """The record's links, the items' changes and statements to check, and the errors of what was typed."""
    record = form.record
    subject = ox.NamedNode(record.iri)
    settled = Settled(list(triples))
    if not sub_forms(form.fields):
        return settled
    private: list[ox.Triple] = []
    parts = {**record.parts, **_by_subject(form.private_triples, record.iri)}
    for sub in sub_forms(form.fields):
        stored = form.sub_stored.get(sub.key, [])
        own = {i.iri for i in stored if i.iri}
        was_public = {i.iri for i in stored if i.public}
        link = ox.NamedNode(sub.path)
        settled.triples = [t for t in settled.triples if not (t.predicate.value == sub.path and t.object.value in own)]
        items = form.state.values.get(sub.key, []) if sub.key in form.sub_posted else stored
        taken, handled = set(own), set()
        for item in items:
            if item.iri:
                handled.add(item.iri)
            if item.remove or item.empty:
                if item.iri in was_public:
                    settled.changes.append(Replace(item.iri, ""))  # removed: its statements go with it
                continue
            iri = item.iri or subrecords.new_iri(record.iri, sub, taken)
            taken.add(iri)
            statements, errors = subrecords.item_triples(
                sub, iri, item, parts.get(iri, []), f"{translate(sub.item_name)}: {label}"
            )
            errors.update(_item_rules(sub, item))
            for key, message in errors.items():
                settled.errors[field_id(sub, item.number, key)] = item_message(sub, item.number, message)
            settled.checked[iri] = statements
            form.sub_items_by_iri[iri] = (sub, item.number)
            if item.public is False:
                private += [*statements, ox.Triple(subject, link, ox.NamedNode(iri))]
                if iri in was_public:
                    settled.changes.append(Replace(iri, ""))  # no longer shown: unpublished
            else:
                settled.triples.append(ox.Triple(subject, link, ox.NamedNode(iri)))
                settled.changes.append(Replace(iri, ntriples(statements)))
        for item in stored:  # not on the posted form: kept as they are
            if item.iri and item.iri not in handled:
                if item.public:
                    settled.triples.append(ox.Triple(subject, link, ox.NamedNode(item.iri)))
                    settled.changes.append(Replace(item.iri, ntriples(parts[item.iri])))
                else:
                    private += [*parts[item.iri], ox.Triple(subject, link, ox.NamedNode(item.iri))]
    if any(s.may_be_private for s in sub_forms(form.fields)):
        settled.private = private
    return settled


def kept_parts(record_parts: dict[str, list[ox.Triple]], changes: list[Replace]) -> list[Replace]:
    """The record's own dependents no field changed, replaced by themselves, so the version keeps them
    (a version is the record, its answers and its parts; one left out would look removed)."""
    changed = {c.subject_iri for c in changes}
    return [Replace(iri, ntriples(ts)) for iri, ts in record_parts.items() if iri not in changed]


def _item_rules(sub: Field, item: Item) -> dict[str, str]:
    """What the shapes cannot say: a new item that may be private needs the choice made; it closes after it
    opens."""
    errors = {}
    if sub.may_be_private and item.public is None:
        errors["public"] = "Choose whether families can see this contact"
    opens, closes = item.values.get("lo-opensAt") or [""], item.values.get("lo-closesAt") or [""]
    if opens[0] and closes[0]:
        try:
            if subrecords.parse_time(closes[0]) <= subrecords.parse_time(opens[0]):
                errors["lo-closesAt"] = "The closing time must be after the opening time"
        except subrecords.ValueProblem:
            pass  # the time itself is wrong: item_triples says so
    return errors


def field_id(sub: Field, number: int, key: str) -> str:
    return f"{sub.key}-{number}-{key}"


def item_message(sub: Field, number: int, message: str) -> str:
    return translate(
        "{item} {number}: {message}", item=translate(sub.item_name), number=number, message=translate(message)
    )


def place_error(form: RecordForm, focus: str, path: str, message: str) -> tuple[str, str] | None:
    """Where a shapes violation about an item goes: (its field's id, the message naming the item)."""
    found = form.sub_items_by_iri.get(focus)
    if found is None:
        return None
    sub, number = found
    wanted = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")  # lo:closesAt -> lo-closesAt, as forms.field_key
    key = next((f.key for f in sub.item_fields if f.key == wanted), None)
    where = field_id(sub, number, key) if key else f"{sub.key}-{number}"  # a rule on the whole item: its fieldset
    return where, item_message(sub, number, message)


def keep_private(form: RecordForm, settled: Settled, version: int) -> None:
    """After a save: the private items as this version leaves them (only when the form has such a sub-form)."""
    if settled.private is not None:
        private_parts.store(get_private_db(), form.record.iri, version, settled.private)


def keep_private_while_held(form: RecordForm, settled: Settled, held: list[Replace]) -> None:
    """A save held for approval (web/staff/approvals.py): its staff-only items are kept at once, since
    they are never public and a council's approval is about what families see; they are written over the
    record's current version's row (no new version exists until the change is approved). An item this save
    would make public stays staff-only until the change is approved, so a returned change loses nothing."""
    if settled.private is None:
        return
    db = get_private_db()
    latest = versions.latest(db, form.record.iri)
    was_private = {i.iri for items in form.sub_stored.values() for i in items if i.iri and not i.public}
    moving = was_private & {c.subject_iri for c in held if c.ntriples.strip()}
    waiting = [t for t in form.private_triples if t.subject.value in moving or t.object.value in moving]
    private_parts.store(db, form.record.iri, latest.number if latest else 0, [*settled.private, *waiting])


def after_approval(record_iri: str, number: int, published: list[ox.Triple]) -> None:
    """An approved change (version `number`) made public any staff-only item it publishes: those leave the
    private database, so the form does not show them twice; the rest stay as they were."""
    db = get_private_db()
    if not private_parts.kept_any(db, record_iri):
        return
    public = {t.subject.value for t in published} - {record_iri}  # the items published, with the record's links
    kept = [t for t in private_parts.latest(db, record_iri) if not {t.subject.value, t.object.value} & public]
    private_parts.store(db, record_iri, number, kept)


def roll_back_private(record_iri: str, target: int, new: int) -> None:
    """A rollback to version `target` (saved as `new`) brings back the private items that version had too."""
    db = get_private_db()
    if private_parts.kept_any(db, record_iri):
        private_parts.store(db, record_iri, new, private_parts.at_version(db, record_iri, target))


def in_part(error_key: str, keys: list[str]) -> bool:
    """Whether an error belongs to a part whose fields have these keys: a field's own, or one of its
    sub-form's items' (sub-schedule-2-lo-opensAt, sub-schedule-2 for the whole item)."""
    return error_key in keys or any(k.startswith("sub-") and error_key.startswith(k + "-") for k in keys)


def item_words(sub: Field, item: Item) -> str:
    """One item in a line, as families would read it: opening times in words ("Mondays and Wednesdays,
    9:30am to 3pm. Term time only"), anything else its values in order; a staff-only item says so."""
    from ..core.opening_times import Times, in_words

    widgets = {f.key: f.widget for f in sub.item_fields}
    times = {w: (item.values.get(k) or [""]) for k, w in widgets.items() if w in ("days", "time")}
    if times:
        clock = {}
        for key in ("lo-opensAt", "lo-closesAt"):
            try:
                typed = (item.values.get(key) or [""])[0]
                clock[key] = subrecords.parse_time(typed) if typed else None
            except subrecords.ValueProblem:
                clock[key] = None
        days = [d for k, w in widgets.items() if w == "days" for d in item.values.get(k, [])]
        notes = [v for k, w in widgets.items() if w not in ("days", "time") for v in item.values.get(k, []) if v]
        said = in_words(Times(days, clock["lo-opensAt"], clock["lo-closesAt"], "; ".join(notes) or None))
    else:
        said = ", ".join(  # a choice (a price's unit, a place's accessibility) by its label, never its IRI
            {c.value: c.label for c in f.choices}.get(v, v)
            for f in sub.item_fields
            for v in item.values.get(f.key, [])
            if v
        )
    return said + (" " + translate("(staff only)") if item.public is False else "")
