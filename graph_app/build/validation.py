"""Validate every record against ontology/shapes.ttl with pyshacl; one line per violation naming
the record's IRI, the field and the shape's plain-English message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SH

from ..namespaces import compact as compact_iri


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    field: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        return f"<{self.focus}> {self.field}: {self.message}"


def validate(data: rdflib.Graph, shapes_file: Path) -> list[Violation]:
    """All results of the shapes over the data, sorted by record and field."""
    import pyshacl  # heavy: only the build and the editors need it

    from .pyshacl_prepared import install

    install()
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                field=compact(path, results) if path is not None else "(record)",
                message=str(message) if message is not None else "does not conform",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return sorted(found)


def compact(term: rdflib.term.Node, graph: rdflib.Graph) -> str:
    """A property path as a short name: lo:hasContact, ^lo:stepOf, lo:a/lo:b, lo:stepOf|^lo:hasStep."""
    if isinstance(term, rdflib.URIRef):
        return compact_iri(str(term))
    inverse = graph.value(term, SH.inversePath)
    if inverse is not None:
        return "^" + compact(inverse, graph)
    alternatives = graph.value(term, SH.alternativePath)
    if alternatives is not None:  # named by its parts: a blank node's id differs on every parse
        return "|".join(compact(item, graph) for item in rdflib.collection.Collection(graph, alternatives))
    if graph.value(term, RDF.first) is not None:
        return "/".join(compact(item, graph) for item in rdflib.collection.Collection(graph, term))
    return str(term)
