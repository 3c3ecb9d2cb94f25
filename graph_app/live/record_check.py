"""A submitted record before it is saved: its types settled as publishing derives them, and the check of
the record and its answers against the shapes compiled to SPARQL (build/shacl_sparql.py), run on a small
store of the record, the types of what it links to and the class hierarchy (forms.py makes the record)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..build.shacl_sparql import Check, compile_shapes
from ..namespaces import RDF
from ..queries import QueryLibrary
from ..store import GraphStore
from .generation import OpenStore

OWL_THING = "http://www.w3.org/2002/07/owl#Thing"  # never stated (as queries/live/51_types.ru)


def settle_types(
    record: str, triples: list[ox.Triple], hierarchy: list[ox.Triple], defined: Mapping[str, set[str]]
) -> list[ox.Triple]:
    """The record's statements with its types as publishing derives them (queries/live/51_types.ru and
    52_defined_classes.ru) from the types it states: types derived from a choice the form replaced are
    dropped (a school made a college is no longer a special school), those of the new choice added, and
    the ones still derived kept, so a version lists only what changed. `hierarchy`: rdfs:subClassOf
    statements; `defined`: each defined class -> the classes it is the intersection of."""
    kind = RDF + "type"
    supers: dict[str, set[str]] = {}
    for triple in hierarchy:
        if triple.subject.value != triple.object.value:
            supers.setdefault(triple.subject.value, set()).add(triple.object.value)
    types = {t.object.value for t in triples if t.subject.value == record and t.predicate.value == kind}

    def derived(cls: str) -> bool:
        """A defined class, or above another type (not an equivalent one, nor a defined class, which is
        itself derived: a special school's being a specialist setting must not hide that it is one)."""
        return cls in defined or any(
            cls in supers.get(other, ()) and other not in supers.get(cls, ())
            for other in types
            if other != cls and other not in defined
        )

    stated = {t for t in types if not derived(t)}
    reach, todo = set(stated), list(stated)  # every superclass, however far up
    while todo:
        for above in supers.get(todo.pop(), ()):
            if above not in reach:
                reach.add(above)
                todo.append(above)
    # what the publish adds (one step up, as its rule does), and what the record has that is still implied
    settled = stated | {s for t in stated for s in supers.get(t, ()) if s != OWL_THING} | (types & reach)
    settled |= {d for d, members in defined.items() if members and members <= settled}
    subject, predicate = ox.NamedNode(record), ox.NamedNode(kind)
    kept = [
        t for t in triples if not (t.subject.value == record and t.predicate.value == kind) or t.object.value in settled
    ]
    return kept + [ox.Triple(subject, predicate, ox.NamedNode(t)) for t in sorted(settled - types)]


def check(
    shapes_file: Path,
    library: QueryLibrary,
    store: GraphStore,
    records: dict[str, list[ox.Triple]],
    hierarchy: list[ox.Triple],
) -> list[tuple[str, str, str]]:
    """Validate the records (subject -> statements) with the shapes, on a small store holding them, the
    types of the nodes they link to and the class hierarchy; return (focus, field, message) of each
    violation about one of the records."""
    small = ox.Store()
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in hierarchy]
    linked = sorted(
        {
            t.object.value
            for triples in records.values()
            for t in triples
            if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF + "type"
        }
        - set(records)
    )
    if linked:
        quads += [
            ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in library.construct(store, "live/linked_types", node=[ox.NamedNode(n) for n in linked])
        ]
    quads += [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for ts in records.values() for t in ts]
    small.extend(quads)
    # the record's superclass types, as the build gives them (sh:targetClass lo:Setting reaches a school)
    small.update((library.root / "live" / "record_supertypes.ru").read_text(encoding="utf-8"))
    reader = OpenStore(small)
    found = set()
    for shape_check in _compiled(shapes_file, shapes_file.stat().st_mtime):
        # warnings too: the build only warns about data already there (a future "last checked", say),
        # but a save never adds one
        for row in reader.select(shape_check.query):
            if row["focus"].value in records:
                found.add((row["focus"].value, shape_check.field, shape_check.message))
    return sorted(found)


@cache
def _compiled(shapes_file: Path, mtime: float) -> list[Check]:
    """The shapes compiled to SPARQL once (as build/shacl_sparql.validate does on every call)."""
    return compile_shapes(shapes_file)
