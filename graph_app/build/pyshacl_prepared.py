"""pyshacl with each SHACL-SPARQL constraint's query parsed once, not once per record it checks.

pyshacl passes the text of a shape's `sh:sparql` SELECT to rdflib for every focus node, and rdflib parses
the text each time (pyparsing, ~17 ms a parse): over half of a validation of the sample (44 of 80 s, 2,614
parses of a few queries), and so of every import's check (importers/checking.py). rdflib's prepared queries
are made to be evaluated again with other initial bindings, which is all pyshacl changes between calls; a
query is prepared with the namespaces the graph would lend it, so it means exactly what the text did.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib.plugins.sparql import prepareQuery

PREPARED_KEPT = 512  # distinct constraint queries kept (ontology/shapes.ttl has a few dozen)


@lru_cache(maxsize=PREPARED_KEPT)
def prepared(text: str, namespaces: tuple[tuple[str, str], ...]) -> Any:  # rdflib's Query
    return prepareQuery(text, initNs=dict(namespaces))


def namespaces_of(graph: Any) -> tuple[tuple[str, str], ...]:
    """The prefixes rdflib's Graph.query would give a query text on this graph (its namespace manager's)."""
    return tuple(sorted((prefix, str(namespace)) for prefix, namespace in graph.namespaces()))


def install() -> bool:
    """Make pyshacl's SPARQL-based constraints use prepared queries (once per process); False, and pyshacl
    left as it is, when its internals are not the ones this was written for."""
    try:
        from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
    except ImportError:
        return False
    original = getattr(SPARQLBasedConstraint, "_validate_sparql_query", None)
    if original is None:
        return False
    if getattr(original, "prepared_once", False):
        return True

    def validate_prepared(self: Any, query: Any, init_binds: Any, target_graph: Any) -> Any:
        if isinstance(query, str) and hasattr(target_graph, "namespaces"):
            query = prepared(query, namespaces_of(target_graph))
        return original(self, query, init_binds, target_graph)

    validate_prepared.prepared_once = True  # type: ignore[attr-defined]
    validate_prepared.original = original  # type: ignore[attr-defined]  # for the test that compares both
    SPARQLBasedConstraint._validate_sparql_query = validate_prepared
    return True
