"""Check the built records against the ontology: no record of two disjoint classes, no link to a node that
no file describes, no lo: term that ontology/core.ttl does not declare.

Each check reads a few small results and compares them in Python, so that no query filters the
10 million triples of a national build one by one (bench/bench_build_checks.py measures the difference).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..live import dependents
from ..namespaces import LO, compact
from ..queries import QueryLibrary
from ..store import GraphStore

LIMIT = 1000  # problems of each kind named in a build error, as many as a reader can act on


def problems(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """Every problem found, as a message naming the record, in a stable order."""
    return (
        disjoint_types(store, library)
        + dangling_links(store, library, id_base)
        + undeclared_terms(store, library)
        + dependent_owners(store, library, id_base)
    )


def disjoint_types(store: GraphStore, library: QueryLibrary) -> list[str]:
    """Records typed with both classes of a disjoint pair (after inference), by node."""
    members: dict[str, set[str]] = {}

    def of(cls: ox.NamedNode) -> set[str]:
        if cls.value not in members:
            members[cls.value] = {
                row[0] for row in library.select_table(store, "build/checks/class_members", **{"class": cls})
            }
        return members[cls.value]

    found = set()
    for pair in library.select(store, "build/checks/disjoint_pairs"):
        first, second = pair["first"], pair["second"]
        found.update((node, first.value, second.value) for node in of(first) & of(second))
    return [
        f"<{node}> rdf:type: is both {compact(first)} and {compact(second)}, which the ontology says cannot be"
        for node, first, second in sorted(found)[:LIMIT]
    ]


def dangling_links(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """Links to node IRIs that nothing describes, by linking record and property."""
    missing = [
        row["target"]
        for row in library.select(store, "build/checks/undescribed_objects")
        if isinstance(row["target"], ox.NamedNode) and row["target"].value.startswith(id_base)
    ]
    if not missing:
        return []
    return [
        f"<{row['source'].value}> {compact(row['property'].value)}: links to <{row['node'].value}>, "
        "which no file describes"
        for row in library.select(store, "build/checks/links_to", node=missing)
    ]


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
            found.append(
                f"{user} uses the {row['use'].value} {compact(term)}, which ontology/core.ttl "
                "does not declare with a label and comment; declare it there and in "
                "ontology/README.md, or correct the spelling"
            )
    return sorted(found)


def dependent_owners(store: GraphStore, library: QueryLibrary, id_base: str) -> list[str]:
    """Answers, contacts and eligibility criteria that are not their parent's own: an answer linked from two
    records or whose IRI is not the one its record and question give (live/dependents.py); a contact or
    criterion shared by records of different owners (one provider's records may share that provider's
    contacts: editors pick them for a new service), or whose IRI names a record (kind-slug-role) of another
    owner. So no record can hold, or take over, another provider's dependents, whoever wrote the data."""
    runners: dict[str, set[str]] = {}
    for row in library.select(store, "build/checks/record_runners"):
        runners.setdefault(row["parent"].value, set()).add(row["runner"].value)
    parents: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    questions: dict[str, set[str]] = {}
    for row in library.select(store, "build/checks/dependents"):
        dependent, parent = row["dependent"].value, row["parent"].value
        parents.setdefault(dependent, set()).add(parent)
        owners.setdefault(dependent, set()).update(runners.get(parent) or (parent,))  # a provider owns itself
        if row.get("question") is not None:
            questions.setdefault(dependent, set()).add(row["question"].value)
    found = []
    parts = _Parts(id_base)
    for dependent, linked in sorted(parents.items()):
        is_answer = dependent.startswith(f"{id_base}answer/")
        if (is_answer and len(linked) > 1) or len(owners[dependent]) > 1:
            found.append(
                f"<{dependent}>: belongs to {len(linked)} records ({', '.join(sorted(linked))}) "
                f"of {len(owners[dependent])} owners; a dependent record belongs to one owner"
            )
            continue
        # an IRI that names a record must name one of its parents or their owner (a provider's shared contact)
        parsed = dependents.split(id_base, dependent)
        expected = [
            _expected(id_base, dependent, parsed, parent, questions.get(dependent, set()), parts)
            for parent in sorted(linked | owners[dependent])
        ]
        if all(iri is not None and iri != dependent for iri in expected):
            found.append(f"<{dependent}>: belongs to <{min(linked)}>, so its IRI must be <{expected[0]}>")
    return found[:LIMIT]


class _Parts:
    """live/dependents' (kind, slug) of each record, read once: a provider owns thousands of dependents, and
    parsing its IRI for each was a third of the check's Python time at scale 30."""

    def __init__(self, id_base: str) -> None:
        self.id_base = id_base
        self._parts: dict[str, tuple[str, str] | None] = {}

    def of(self, record: str) -> tuple[str, str] | None:
        """(kind, slug) of a record IRI; None for anything else (a parent outside id_base)."""
        if record not in self._parts:
            try:
                self._parts[record] = dependents.parent_parts(self.id_base, record)
            except ValueError:
                self._parts[record] = None
        return self._parts[record]


def _expected(
    id_base: str,
    dependent: str,
    parsed: tuple[str, str, str, str] | None,
    owner: str,
    asked: set[str],
    parts: _Parts,
) -> str | None:
    """The IRI the dependent (`parsed`: dependents.split of it) must have, when it is one the scheme governs
    (None: not checked here)."""
    named = parts.of(owner)
    if named is None:
        return None  # a parent outside id_base: not ours to name
    kind, slug = named
    if dependent.startswith(f"{id_base}answer/"):
        if len(asked) != 1:
            return f"{id_base}answer/{kind}-{slug}-(one answer to one question)"
        return dependents.answer_iri(id_base, owner, next(iter(asked)))
    if parsed and parsed[1] in ("service", "setting", "provider", "area") and parsed[1:3] != (kind, slug):
        return dependents.dependent_iri(id_base, parsed[0], owner, parsed[3])  # names another record
    return None
