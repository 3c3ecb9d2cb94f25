"""Check mapped records against ontology/shapes.ttl before they are written, so that a record the build
would refuse is reported and skipped instead of failing the whole import."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import RDF

from ..build.validation import validate
from ..namespaces import LO
from .records import ImportResult, Problem, Record
from .vocabulary import ID, Vocabulary


def keep_valid(
    result: ImportResult, vocabulary: Vocabulary, shapes_file: Path, shared_providers: set[str] = frozenset()
) -> None:
    """Drop every record that breaks a shape, or that depends on a dropped record, with its reasons.
    `shared_providers` are organisations another import file already describes."""
    while result.records:
        owner = {s: record for record in result.records for s, _p, _o in record.triples}
        failing: dict[str, list[Problem]] = {}
        for violation in validate(_graph(result.records, vocabulary, shared_providers), shapes_file):
            if violation.severity != "Violation":
                continue
            record = owner.get(rdflib.URIRef(violation.focus))
            if record is not None:
                failing.setdefault(str(record.iri), []).append(
                    Problem(record.kind, record.source_id, violation.field, violation.message)
                )
        kept = ({str(r.iri) for r in result.records} - set(failing)) | set(shared_providers)
        for record in result.records:  # a service whose provider was dropped goes too
            missing = [d for d in record.depends_on if str(d) not in kept]
            if str(record.iri) in kept and missing:
                failing[str(record.iri)] = [
                    Problem(
                        record.kind,
                        record.source_id,
                        "organization",
                        f"its organisation {missing[0].rsplit('/', 1)[-1]} was skipped",
                    )
                ]
        if not failing:
            return
        for problems in failing.values():
            result.problems.extend(sorted(set(problems)))
        result.records = [r for r in result.records if str(r.iri) not in failing]


def _graph(records: list[Record], vocabulary: Vocabulary, shared_providers: set[str]) -> rdflib.Graph:
    """The records, their classes' superclasses (the build adds these before its SHACL step), and the
    types of the terms they link to (needs, areas, sectors...), which the shapes' sh:class checks read."""
    graph = rdflib.Graph()
    for record in records:
        for triple in record.triples:
            graph.add(triple)
    # records link to id/ nodes and to the vocabulary's own individuals (lo:ResourceBaseProvision)
    linked = {o for _s, p, o in graph if p != RDF.type and isinstance(o, rdflib.URIRef) and str(o).startswith((ID, LO))}
    for subject, cls in list(graph.subject_objects(RDF.type)):
        for superclass in vocabulary.graph.transitive_objects(cls, rdflib.RDFS.subClassOf):
            graph.add((subject, RDF.type, superclass))
    for term in linked - set(graph.subjects()):
        for cls in vocabulary.types_of(str(term)):
            graph.add((term, RDF.type, cls))
        if str(term) in shared_providers:
            graph.add((term, RDF.type, rdflib.URIRef(LO + "Provider")))
    return graph
