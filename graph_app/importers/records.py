"""What an import produces: mapped records (each a set of triples about its own nodes), the problems
that skipped a record, notes about defaults chosen, and the one error that stops a whole import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import rdflib
from rdflib.namespace import RDF, RDFS, XSD

from ..namespaces import DCTERMS, LO, PROV, SCHEMA
from .vocabulary import ID

LOV = rdflib.Namespace(LO)
SCH = rdflib.Namespace(SCHEMA)
DCT = rdflib.Namespace(DCTERMS)
PRV = rdflib.Namespace(PROV)


class ImportFailed(Exception):
    """The whole import stops and writes nothing: an unreadable file, bad JSON, wrong CSV headers, a
    failed build. The message says what and where."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True, order=True)
class Problem:
    """One record skipped: '{kind} {id}: field '{field}': {reason}'."""

    kind: str
    record_id: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: field '{self.field}': {self.reason}"


class RecordError(Exception):
    """Raised while mapping one record; becomes a Problem and the record is skipped."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def node(kind: str, slug: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{ID}{kind}/{slug}")


def en(text: str) -> rdflib.Literal:
    return rdflib.Literal(text, lang="en")


def day(value: date) -> rdflib.Literal:
    return rdflib.Literal(value.isoformat(), datatype=XSD.date)


@dataclass
class Record:
    """One top-level record (a service, provider or setting) and the nodes it owns (its contacts,
    eligibility), with the records it depends on (a service's provider)."""

    kind: str  # 'service', 'provider', 'setting' (as in the IRI)
    source_id: str  # the id in the source, for messages
    iri: rdflib.URIRef
    triples: set[tuple] = field(default_factory=set)
    depends_on: set[rdflib.URIRef] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def add(self, subject: rdflib.term.Node, predicate: rdflib.URIRef, obj: rdflib.term.Node | None) -> None:
        if obj is not None:
            self.triples.add((subject, predicate, obj))

    def note(self, field_name: str, text: str) -> None:
        self.notes.append(f"{self.kind} {self.source_id}: field '{field_name}': {text}")

    def provenance(self, source: rdflib.term.Node, derived_from: rdflib.URIRef | None) -> None:
        """Not sample data: say where every node of the record came from."""
        subjects = {s for s, _p, _o in self.triples} | {self.iri}
        for subject in subjects:
            self.add(subject, DCT.source, source)
            self.add(subject, PRV.wasDerivedFrom, derived_from)


@dataclass
class ImportResult:
    source: str
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # what the source held, by kind

    def skip(self, kind: str, record_id: str, error: RecordError) -> None:
        self.problems.append(Problem(kind, record_id, error.field, error.reason))


__all__ = ["RDF", "RDFS", "XSD", "DCT", "LOV", "SCH", "PRV"]
