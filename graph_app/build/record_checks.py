"""Check the built records against the ontology: no record of two disjoint classes, no link to a node that
no file describes, no lo: term that ontology/core.ttl does not declare.

Each check reads a few small results and compares them in Python, so that no query filters the
10 million triples of a national build one by one (bench/bench_build_checks.py measures the difference).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import LO, compact
from ..queries import QueryLibrary
from ..store import GraphStore

LIMIT = 1000  # problems of each kind named in a build error, as many as a reader can act on


def problems(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """Every problem found, as a message naming the record, in a stable order."""
    return disjoint_types(store, library) + dangling_links(store, library, id_base) + undeclared_terms(store, library)


def disjoint_types(store: GraphStore, library: QueryLibrary) -> list[str]:
    """Records typed with both classes of a disjoint pair (after inference), by node."""
    members: dict[str, set[str]] = {}

    def of(cls: ox.NamedNode) -> set[str]:
        if cls.value not in members:
            members[cls.value] = {row[0] for row in library.select_table(store, "build/checks/class_members",
                                                                         **{"class": cls})}
        return members[cls.value]

    found = set()
    for pair in library.select(store, "build/checks/disjoint_pairs"):
        first, second = pair["first"], pair["second"]
        found.update((node, first.value, second.value) for node in of(first) & of(second))
    return [f"<{node}> rdf:type: is both {compact(first)} and {compact(second)}, which the ontology says cannot be"
            for node, first, second in sorted(found)[:LIMIT]]


def dangling_links(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """Links to node IRIs that nothing describes, by linking record and property."""
    missing = [row["target"] for row in library.select(store, "build/checks/undescribed_objects")
               if isinstance(row["target"], ox.NamedNode) and row["target"].value.startswith(id_base)]
    if not missing:
        return []
    return [f"<{row['source'].value}> {compact(row['property'].value)}: links to <{row['node'].value}>, "
            "which no file describes"
            for row in library.select(store, "build/checks/links_to", node=missing)]


def undeclared_terms(store: GraphStore, library: QueryLibrary) -> list[str]:
    """Each lo: property or class a record uses that ontology/core.ttl does not declare with a label
    and comment, named with one record that uses it (the vocabulary contract of ontology/README.md)."""
    declared = {row["term"].value for row in library.select(store, "build/checks/declared_terms")}
    found = []
    for row in library.select(store, "build/checks/terms_in_use"):
        term = row["term"].value
        if term.startswith(LO) and term not in declared:
            example = library.select(store, "build/checks/term_example", term=term)
            user = f"<{example[0]['node'].value}>" if example else "a record"
            found.append(f"{user} uses the {row['use'].value} {compact(term)}, which ontology/core.ttl "
                         "does not declare with a label and comment; declare it there and in "
                         "ontology/README.md, or correct the spelling")
    return sorted(found)
