"""What a published change is, how it is checked, and the SPARQL Update operations that apply it.

A change is `Replace(subject_iri, ntriples)`: afterwards the subject's statements are exactly the given
N-Triples plus what the build's rules derive from them. The same named updates (queries/live/*.ru, the
build's rules scoped to one subject, with the subject bound as a term) run on the embedded store and,
joined into one request, on a remote SPARQL Update endpoint, so both modes change the graph alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..binding import bind
from ..ntriples import ntriples
from ..queries import NamedQuery, parse_query_file


class PublishError(RuntimeError):
    """A change could not be published; the public graph is as it was."""


@dataclass(frozen=True)
class Replace:
    """Make `subject_iri`'s statements exactly `ntriples` (an empty string removes the node)."""

    subject_iri: str
    ntriples: str


Change = Replace

_PREFIX = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>\s*$", re.IGNORECASE)
# before the new statements: links the old ones made elsewhere, then the old statements themselves
_BEFORE = ("10_unlink_inverses", "20_unlink_broader", "30_remove_subject")
# after: the build's rules (queries/build/*.ru) for the changed subject only
_AFTER = (
    "50_labels",
    "51_types",
    "52_defined_classes",
    "53_age_bands",
    "54_broader_transitive",
    "55_inverses",
    "56_inverses_in",
    "57_change_history",  # the record's links to the activities that changed it (live/history.py)
    "58_change_history_of",
)


@cache
def _update(queries_dir: Path, name: str) -> NamedQuery:
    return parse_query_file(queries_dir / "live" / f"{name}.ru", f"live/{name}")


def parse_change(change: Replace, data_base: str) -> list[ox.Triple]:
    """The change's triples, checked: a data IRI as subject, valid N-Triples, every triple about it."""
    if not isinstance(change, Replace):
        raise PublishError(f"unknown kind of change: {type(change).__name__}")
    try:
        subject = ox.NamedNode(change.subject_iri)
    except ValueError as error:
        raise PublishError(f"{change.subject_iri!r} is not a valid IRI: {error}") from None
    if not change.subject_iri.startswith(data_base + "id/"):
        raise PublishError(
            f"<{change.subject_iri}> is not a record of this graph (it must start with "
            f"{data_base}id/); the ontology changes only with a build"
        )
    try:
        triples = [quad.triple for quad in ox.parse(change.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    except SyntaxError as error:
        raise PublishError(f"the statements for <{change.subject_iri}> are not valid N-Triples: {error}") from None
    for triple in triples:
        if triple.subject != subject:
            raise PublishError(
                f"a change to <{change.subject_iri}> may only state things about it, not about {triple.subject}"
            )
        if isinstance(triple.object, ox.BlankNode):
            raise PublishError(
                f"the statements for <{change.subject_iri}> use a blank node ({triple.object}); "
                "give it an IRI so it can be changed later"
            )
    return triples


def update_operations(queries_dir: Path, change: Replace, triples: Sequence[ox.Triple]) -> list[str]:
    """The SPARQL Update operations for one change, each a complete request with its subject bound."""
    subject = {"subject": ox.NamedNode(change.subject_iri)}
    operations = [bind(_update(queries_dir, name).text, subject) for name in _BEFORE]
    if triples:
        # each term is written by pyoxigraph in N-Triples form (IRIs checked, literals escaped)
        operations.append("INSERT DATA {\n" + ntriples(triples) + "\n}")
    operations += [bind(_update(queries_dir, name).text, subject) for name in _AFTER]
    return operations


def stamp_operation(queries_dir: Path, generation: str) -> str:
    return bind(_update(queries_dir, "90_stamp").text, {"build": ox.Literal(generation)})


def one_request(operations: Sequence[str]) -> str:
    """The operations as one SPARQL Update request. Oxigraph refuses a PREFIX after ';', so every
    operation's prefixes are declared once at the top (the same prefix must mean the same IRI)."""
    prefixes: dict[str, str] = {}
    bodies = []
    for operation in operations:
        body = []
        for line in operation.splitlines():
            match = _PREFIX.match(line)
            if match is None:
                body.append(line)
                continue
            if prefixes.setdefault(match.group(1), match.group(2)) != match.group(2):
                raise PublishError(f"prefix {match.group(1)}: means two things in queries/live")
        bodies.append("\n".join(body))
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
    return prologue + " ;\n".join(bodies)


def to_json(changes: Sequence[Replace]) -> str:
    return json.dumps([{"subject": c.subject_iri, "ntriples": c.ntriples} for c in changes])


def from_json(text: str) -> list[Replace]:
    return [Replace(item["subject"], item["ntriples"]) for item in json.loads(text)]
