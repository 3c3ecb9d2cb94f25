"""Fields that edit one text of the record's own dependent record (issue 18: "who can use it").

A property shape marked los:ownedText (in ontology/shapes.ttl) links the record to a dependent record, such as
an eligibility criterion, that belongs to that record alone: its IRI is the one live/dependents.py gives for
the record and the shape's los:dependentKind and los:dependentRole (criterion/service-{slug}-eligibility).
The form shows the dependent's English text at the los:ownedText path as one text area; saving writes that
text (other languages, who decides and the rest are kept), makes the dependent when there was none, and
removes it and the link when the text is emptied. So an editor never picks, sees or changes another
record's criterion, and the queries that read lo:hasEligibilityCriterion (search, gaps, record pages) keep
working unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import RDF, RDFS
from ..ntriples import ntriples
from . import dependents
from .changes import Replace

if TYPE_CHECKING:
    from .form_model import Field
    from .records import Record


def _id_base(record_iri: str) -> str:
    """{id_base}{kind}/{slug} -> {id_base}."""
    return record_iri.rsplit("/", 2)[0] + "/"


def own_iri(record_iri: str, item: Field) -> str:
    """The IRI of the record's own dependent for this field."""
    kind, role = item.dependent or ("", "")
    return dependents.dependent_iri(_id_base(record_iri), kind, record_iri, role)


def _english(triple: ox.Triple, path: str) -> bool:
    value = triple.object
    return (
        triple.predicate.value == path and isinstance(value, ox.Literal) and (value.language or "en").startswith("en")
    )


def texts(fields: list[Field], record: Record) -> dict[str, list[str]]:
    """Each owned-text field's value: the English text of the record's own dependent (none: empty)."""
    found: dict[str, list[str]] = {}
    for item in fields:
        if not item.owned_text:
            continue
        part = record.parts.get(own_iri(record.iri, item), [])
        found[item.key] = [t.object.value for t in part if _english(t, item.owned_text)][:1]
    return found


def changes(
    record: Record, fields: list[Field], values: dict[str, list[str]], label: str
) -> tuple[list[Replace], dict[str, list[ox.Triple]]]:
    """The Replace of each owned dependent the form edits, and its statements to check with the shapes."""
    result: list[Replace] = []
    checked: dict[str, list[ox.Triple]] = {}
    for item in fields:
        if not item.owned_text:
            continue
        iri = own_iri(record.iri, item)
        text = (values.get(item.key) or [""])[0].strip()
        existing = record.parts.get(iri, [])
        if not text:
            if existing:
                result.append(Replace(iri, ""))  # emptied: the dependent goes, with the record's link to it
            continue
        subject = ox.NamedNode(iri)
        kept = [t for t in existing if not _english(t, item.owned_text)]
        if not kept:  # a new one: its class (the shape's sh:class) and a name saying whose it is
            kept = [
                ox.Triple(subject, ox.NamedNode(RDF + "type"), ox.NamedNode(item.value_class or RDFS + "Resource")),
                ox.Triple(subject, ox.NamedNode(RDFS + "label"), ox.Literal(f"{item.label}: {label}", language="en")),
            ]
        triples = [*kept, ox.Triple(subject, ox.NamedNode(item.owned_text), ox.Literal(text, language="en"))]
        checked[iri] = triples
        result.append(Replace(iri, ntriples(triples)))
    return result, checked


def field_for(fields: list[Field], record_iri: str, focus: str) -> Field | None:
    """The owned-text field whose dependent a shapes result is about, if any (its error goes there)."""
    return next((f for f in fields if f.owned_text and own_iri(record_iri, f) == focus), None)
