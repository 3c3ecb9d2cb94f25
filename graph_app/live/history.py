"""The public history of a record: each published change as a PROV-O activity in the public graph.

A save publishes the record's new statements and, in the same journal entry (so in the same store
transaction, and replayed by every later build), one more change: the activity

    <{id}change/{kind}-{slug}-{version}> a lo:RecordChange ;       # a prov:Activity
        lo:changeOf <record> ; lo:changeKind lo:ChangeEdited ;
        prov:startedAtTime / prov:endedAtTime "…"^^xsd:dateTime ;
        prov:wasAssociatedWith <the provider or council> ;
        lo:changedField lo:cost , lo:waitingTime .

The record's lo:changeHistory links are derived from lo:changeOf by queries/live/57_change_history.ru
(a replaced record) and 58_change_history_of.ru (a published change), so replacing the record never
loses them. The activity names an organisation, never
a person: who saved it stays in the private database's versions.

IRI: flat, one level, like every node (ontology/README.md), and named by its record and version number as
the record's dependents are ({kind}/{parent kind}-{parent slug}-{role}); a version number is given once
and is public only when its publish succeeded, so the IRI is stable and never reused.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph as ox

from ..namespaces import LO, RDF, RDFS
from ..ntriples import ntriples
from ..queries import QueryLibrary
from ..store import GraphStore
from .changes import Replace
from .comparable import changed_properties, subject_of

PROV = "http://www.w3.org/ns/prov#"
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
KINDS = {
    "created": LO + "ChangeCreated",
    "edited": LO + "ChangeEdited",
    "checked": LO + "ChangeChecked",
    "withdrawn": LO + "ChangeWithdrawn",
}
_KIND_WORDS = {  # the English label's first words
    "created": "Added",
    "edited": "Changed",
    "checked": "Checked and still correct",
    "withdrawn": "Withdrawn",
}


def change_iri(id_base: str, record_iri: str, version: int) -> str:
    kind, slug = record_iri[len(id_base) :].split("/", 1)
    return f"{id_base}change/{kind}-{slug}-{version}"


def kind_of_change(old: list[ox.Triple], new: list[ox.Triple], record_iri: str, fields: list[str]) -> str:
    """created (the record had no statements), withdrawn (it has none now), checked (nothing but its review
    date changed: someone looked and found it still correct) or edited."""
    if not any(subject_of(t) == record_iri for t in old):
        return "created"
    if not any(subject_of(t) == record_iri for t in new):
        return "withdrawn"
    if set(fields) <= {LO + "lastReviewed"}:
        return "checked"
    return "edited"


def activity(
    id_base: str,
    record_iri: str,
    version: int,
    old: list[ox.Triple],
    changes: list[Replace],
    organisation: str | None,
    when: datetime | None = None,
) -> Replace:
    """The activity for version `version` of the record, `old` being its statements (and its answers')
    before the change, as a change to publish with the record's own."""
    new = [q.triple for c in changes for q in ox.parse(c.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    fields = changed_properties(old, new, record_iri)
    kind = kind_of_change(old, new, record_iri, fields)
    when = (when or datetime.now(UTC)).astimezone(UTC)
    stamp = ox.Literal(when.isoformat(timespec="seconds").replace("+00:00", "Z"), datatype=XSD_DATETIME)
    subject = ox.NamedNode(change_iri(id_base, record_iri, version))
    name = _english_label(new, record_iri) or _english_label(old, record_iri) or record_iri.rsplit("/", 1)[-1]
    label = f"{_KIND_WORDS[kind]}: {name}, {when.day} {when:%B %Y}"

    def say(predicate: str, value: ox.NamedNode | ox.Literal) -> ox.Triple:
        return ox.Triple(subject, ox.NamedNode(predicate), value)

    triples = [
        say(RDF + "type", ox.NamedNode(LO + "RecordChange")),
        say(RDFS + "label", ox.Literal(label, language="en")),
        say(LO + "changeOf", ox.NamedNode(record_iri)),
        say(LO + "changeKind", ox.NamedNode(KINDS[kind])),
        say(PROV + "startedAtTime", stamp),
        say(PROV + "endedAtTime", stamp),
        *(say(LO + "changedField", ox.NamedNode(field)) for field in fields),
    ]
    if organisation:
        triples.append(say(PROV + "wasAssociatedWith", ox.NamedNode(organisation)))
    return Replace(subject.value, ntriples(triples))


def organisation_for(
    store: GraphStore,
    library: QueryLibrary,
    role: str,
    provider: str | None,
    record_iri: str,
    owner: str | None,
    council: str | None = None,
) -> str | None:
    """Who a change is credited to in public: an editor's provider; an admin's own council when the
    account names one, else the council of the area the record (or, for a new record, its provider) is
    located in; else the record's owner when that is a provider or a council (a council's statement)."""
    if role == "editor" and provider:
        return provider
    if council:
        return council
    for start in (record_iri, owner):
        if start:
            rows = library.select(store, "live/record_council", record=ox.NamedNode(start))
            if rows:
                return rows[0]["council"].value
    return owner if owner and owner.rsplit("/", 2)[-2] in ("provider", "area") else None  # a contact is none


def _english_label(triples: list[ox.Triple], subject: str) -> str:
    for t in triples:
        if (
            subject_of(t) == subject
            and t.predicate.value == RDFS + "label"
            and isinstance(t.object, ox.Literal)
            and (t.object.language or "en").startswith("en")
        ):
            return t.object.value
    return ""
