"""Records staff edit (services and settings): reading one with its answers, saving a version, reviews.

Saving is: reserve the next version (refused if the form was based on an older one), publish, then note
the journal entry on the version; if publishing fails the version is withdrawn, so the history never
shows a change the public graph does not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pyoxigraph as ox

from ..config import Settings
from ..namespaces import LO, RDFS
from ..ntriples import ntriples
from ..private.db import PrivateDB
from ..queries import QueryLibrary
from ..staleness import REVIEW_MONTHS, months_since
from ..store import GraphStore
from . import dependents, history, versions
from .changes import PublishError, Replace
from .publisher import publish

EDITABLE_KINDS = {"service": LO + "Service", "setting": LO + "Setting", "contact-value": LO + "ContactValue"}
# whose record it is: a contact detail's "owner" is its contact, which no editor's provider is, so only
# admins edit contact details (issue 16)
OWNER_PATH = {"service": LO + "providedBy", "setting": LO + "runBy", "contact-value": LO + "valueOf"}
# a council's statement under a framework heading: its "owner" is its council, whose admins (and regional
# admins) alone edit it (web/staff/editing.py); no provider editor ever does
EDITABLE_KINDS["council-statement"] = LO + "CouncilStatement"
OWNER_PATH["council-statement"] = LO + "statementOf"
# how to get involved (issue 19): a consultation or survey, a training session or workshop for parents and a youth
# forum belong to their council, whose admins (and regional admins) alone edit them, like its statements
EDITABLE_KINDS["consultation"] = LO + "Consultation"
OWNER_PATH["consultation"] = LO + "involvementIn"
EDITABLE_KINDS["training"] = LO + "ParentTraining"
OWNER_PATH["training"] = LO + "involvementIn"
EDITABLE_KINDS["youth-forum"] = LO + "YouthForum"
OWNER_PATH["youth-forum"] = LO + "involvementIn"
COUNCIL_OWNED = {"council-statement", "consultation", "training", "youth-forum"}  # their council's admins only
# a provider's profile (issue 18): its "owner" is the provider itself, so its own editors edit it and no other
# provider's do; it has no owner path (Record.owner is its own IRI)
EDITABLE_KINDS["provider"] = LO + "Provider"
SELF_OWNED = {"provider"}
# dependent records named after their record ({kind}-{slug}-{role}, live/dependents.py) that are part of it:
# loaded, versioned and published with it, so a rollback restores them too (issue 18: "who can use it")
OWNED_DEPENDENTS = {"criterion", "schedule", "contact", "cost", "venue"}  # all but criterion: live/subrecords.py
# a part's own nodes named after the record (any dependent kind but these) are parts too: loaded, versioned,
# rolled back and removed with it (issue 18: an imported place's address and accessibility nodes)
NOT_NESTED = {"answer"}


@dataclass
class Answer:
    question: str
    iri: str
    triples: list[ox.Triple]

    @property
    def english_text(self) -> str:
        for triple in self.triples:
            value = triple.object
            if (
                triple.predicate.value == LO + "answerText"
                and isinstance(value, ox.Literal)
                and (value.language or "en").startswith("en")
            ):
                return value.value
        return ""


@dataclass
class Record:
    iri: str
    kind: str
    slug: str
    triples: list[ox.Triple]
    answers: dict[str, Answer] = field(default_factory=dict)  # question IRI -> answer
    parts: dict[str, list[ox.Triple]] = field(default_factory=dict)  # its own dependents: IRI -> statements
    new: bool = False  # being added: its statements so far are the form's starting point, not the store's

    @property
    def exists(self) -> bool:
        return bool(self.triples) and not self.new

    @property
    def class_iri(self) -> str:
        return EDITABLE_KINDS[self.kind]

    def values(self, path: str) -> list[str]:
        return [t.object.value for t in self.triples if t.predicate.value == path]

    @property
    def owner(self) -> str | None:
        if self.kind in SELF_OWNED:
            return None if self.new else self.iri
        owners = self.values(OWNER_PATH[self.kind])
        return owners[0] if owners else None

    @property
    def label(self) -> str:
        for triple in self.triples:
            if (
                triple.predicate.value == RDFS + "label"
                and isinstance(triple.object, ox.Literal)
                and (triple.object.language or "en").startswith("en")
            ):
                return triple.object.value
        return self.slug

    def ntriples(self) -> str:
        """The record and its answers as N-Triples (a version's snapshot), without the age bands the rules
        derive from its ages (a save leaves them to the rules too, so versions compare like with like)."""
        derived = LO + "forAgeBand" if self.values(LO + "minAge") else None
        everything = [
            *(t for t in self.triples if t.predicate.value != derived),
            *(t for a in self.answers.values() for t in a.triples),
            *(t for part in self.parts.values() for t in part),
        ]
        return ntriples(everything)

    def all_triples(self) -> list[ox.Triple]:
        """Its statements, its answers' and its own dependents' (what a save replaces)."""
        return [*self.triples, *(t for a in self.answers.values() for t in a.triples), *self.part_triples()]

    def part_triples(self) -> list[ox.Triple]:
        return [t for part in self.parts.values() for t in part]


def record_iri(id_base: str, kind: str, slug: str) -> str:
    return f"{id_base}{kind}/{slug}"


def load(store: GraphStore, library: QueryLibrary, id_base: str, kind: str, slug: str) -> Record:
    """The record as the store holds it (an empty one when it does not exist), with its answers."""
    iri = record_iri(id_base, kind, slug)
    node = ox.NamedNode(iri)
    triples = library.construct(store, "live/record_statements", subject=node)
    record = Record(iri, kind, slug, sorted(triples, key=str))
    rows = library.select(store, "navigate/node_answers", node=iri)
    answer_iris = sorted({r["answer"].value for r in rows})
    if answer_iris:
        statements = library.construct(store, "live/record_statements", subject=[ox.NamedNode(a) for a in answer_iris])
        for row in rows:
            answer = row["answer"].value
            record.answers[row["question"].value] = Answer(
                row["question"].value, answer, sorted((t for t in statements if t.subject.value == answer), key=str)
            )
    own = sorted({t.object.value for t in record.triples if _is_part(id_base, record, t)})
    while own:  # its parts, then their own nodes (an imported place's address and accessibility), and so on
        statements = library.construct(store, "live/record_statements", subject=[ox.NamedNode(p) for p in own])
        for part in own:
            record.parts[part] = sorted((t for t in statements if t.subject.value == part), key=str)
        own = sorted({t.object.value for t in statements if _is_nested_part(id_base, record, t)} - set(record.parts))
    return record


def _is_part(id_base: str, record: Record, triple: ox.Triple) -> bool:
    """Whether the statement links the record to one of its own dependents (one named after it)."""
    if not isinstance(triple.object, ox.NamedNode):
        return False
    parsed = dependents.split(id_base, triple.object.value)
    return parsed is not None and parsed[0] in OWNED_DEPENDENTS and parsed[1:3] == (record.kind, record.slug)


def _is_nested_part(id_base: str, record: Record, triple: ox.Triple) -> bool:
    """Whether a part's statement links it to a node of its own that is named after the record too (an ORUK
    import's {id}address/service-{slug}-v1a1 under its place v1): part of the record, removed with its part."""
    if not isinstance(triple.object, ox.NamedNode):
        return False
    parsed = dependents.split(id_base, triple.object.value)
    return parsed is not None and parsed[0] not in NOT_NESTED and parsed[1:3] == (record.kind, record.slug)


def unlinked_parts(record: Record, triples: list[ox.Triple], changes: list[Replace]) -> list[Replace]:
    """`changes` with each of the record's own parts that nothing of the record links to any more emptied:
    a removed place takes its address and accessibility nodes with it (whatever removed it: its fieldset's
    Remove, or a form that no longer links an imported node), so no statement about them is left behind.
    `triples` are the record's own statements as saved; a part's are its change's, else as stored."""
    replaced = {c.subject_iri: c for c in changes}
    reached, todo = {record.iri}, [record.iri]
    while todo:
        node = todo.pop()
        if node == record.iri:
            statements = triples
        elif node in replaced:
            statements = _parsed(replaced[node].ntriples)
        else:
            statements = record.parts.get(node, [])
        for triple in statements:
            target = triple.object.value if isinstance(triple.object, ox.NamedNode) else None
            if target and target not in reached and (target in record.parts or target in replaced):
                reached.add(target)
                todo.append(target)
    kept = [c for c in changes if c.subject_iri not in record.parts or c.subject_iri in reached]
    emptied = [Replace(iri, "") for iri in record.parts if iri not in reached]
    return kept + emptied


def _parsed(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)] if text.strip() else []


def save(
    settings: Settings,
    db: PrivateDB,
    record: Record,
    based_on: int,
    changes: list[Replace],
    *,
    user_id: int | None,
    user_name: str,
    summary: str,
    rolled_back_from: int | None = None,
    organisation: str | None = None,
    checked_on: str | None = None,
) -> int:
    """Record a version and publish it; return the version number. Raises versions.StaleEdit when the
    form was based on an older version, PublishError when the graph could not be changed. The publish
    carries the change's public history (live/history.py), credited to `organisation`, never a person;
    `checked_on`, the date the saver checked the whole record, stays with their name in the private version."""
    snapshot = versions.as_ntriples(changes)
    number = versions.reserve(
        db, record.iri, based_on, record.ntriples(), snapshot, user_id, user_name, summary, rolled_back_from, checked_on
    )
    before = [] if record.new else record.all_triples()
    try:
        change = history.activity(settings.base + "id/", record.iri, number, before, changes, organisation)
        seq = publish(
            settings,
            [*changes, change],  # not in the version's snapshot: a rollback never removes history
            actor=f"{user_name} (staff account {user_id})",
            summary=f"{summary} [{version_marker(record.iri, number)}]",
        )
    except PublishError:
        versions.withdraw(db, record.iri, number)
        raise
    versions.confirm(db, record.iri, number, seq)
    return number


def version_marker(record_iri: str, number: int) -> str:
    """Written into the journal entry's summary, so a version left unconfirmed by a crash can be matched."""
    return f"{record_iri} version {number}"


def repair_unconfirmed(db: PrivateDB, older_than_seconds: float = 600) -> int:
    """Settle versions a crash left between reserving and confirming (a save takes well under a second, so
    an older one is not in progress): confirmed if its journal entry exists, else withdrawn, since then
    the change never reached the journal and the public graph does not have it. Returns how many."""
    cutoff = (datetime.now(UTC) - timedelta(seconds=older_than_seconds)).isoformat(timespec="seconds")
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT record_iri, version FROM record_versions WHERE journal_seq IS NULL "
            "AND version > 0 AND created_at < ?",
            (cutoff,),
        ).fetchall()
    for row in rows:
        marker = f"%[{version_marker(row['record_iri'], row['version'])}]"
        with db.connect() as connection:
            entry = connection.execute(
                "SELECT seq FROM public_changes WHERE summary LIKE ? AND status = 'pending' ORDER BY seq DESC LIMIT 1",
                (marker,),
            ).fetchone()
        if entry is not None:
            versions.confirm(db, row["record_iri"], row["version"], entry["seq"])
        else:
            versions.withdraw(db, row["record_iri"], row["version"])
    return len(rows)


def review_status(reviewed: str | None, today: date, every_months: int = REVIEW_MONTHS) -> str:
    """ "overdue" (never checked, or `every_months` or more ago), "due" (within a month of that) or "ok"."""
    if not reviewed:
        return "overdue"
    try:
        months = months_since(date.fromisoformat(reviewed), today)
    except ValueError:
        return "overdue"
    if months >= every_months:
        return "overdue"
    return "due" if months >= every_months - 1 else "ok"
