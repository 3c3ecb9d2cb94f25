"""What one SPARQL engine does differently from the standard, corrected at the store so views never see it.

Only Virtuoso (Open Source 7.2, as Debian ships it) needs anything today; it is recognised by the
`Server:` header its endpoint sends. Its differences, each found by tests/test_virtuoso_queries.py:
- a multi-variable VALUES row that binds a predicate variable, joined with an OPTIONAL, fails its
  compiler ("ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED", even when the predicate variable is not a
  parameter): in a query with a variable predicate each parameter gets a VALUES block of its own, which
  means the same (at most one parameter is a list, so the product is that list). Only there: one-variable
  blocks before a property path with alternatives (navigate/heading_local_records) make it drop the
  path's constraint and return more rows;
- its JSON-LD drops language tags ("Medway"@en comes back as "Medway"): CONSTRUCT answers in any format
  but N-Triples are serialised by the app from its N-Triples (RemoteStore.construct_stream);
- GROUP_CONCAT over no values gives "" where Oxigraph leaves the variable unbound: it is left unbound;
- it stores xsd:boolean as an integer and answers "1"/"0"^^xsd:boolean, and a boolean the query computes
  (BIND(EXISTS {...} AS ?x), BIND(true AS ?x)) as "1"/"0"^^xsd:integer: both become true/false again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from .binding import Term, bind, blank_comments_and_strings

XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
TRUE, FALSE = ox.Literal("true", datatype=XSD_BOOLEAN), ox.Literal("false", datatype=XSD_BOOLEAN)

_BOOLEAN_BIND = re.compile(r"\bBIND\s*\(\s*(?:NOT\s+)?(EXISTS\s*\{|true\b|false\b)", re.IGNORECASE)
_AS_VARIABLE = re.compile(r"\s*AS\s+[?$](\w+)\s*\)", re.IGNORECASE)
_PREDICATE = re.compile(r"(?:[?$]\w+|>|\w:\w*)\s+[?$]\w+\s+(?:[?$<\"'(\[_]|\w*:)")  # a variable between two terms
_GROUP_CONCAT = re.compile(r"\(\s*GROUP_CONCAT\s*\(.*?\)\s+AS\s+[?$](\w+)\s*\)", re.IGNORECASE | re.DOTALL)
_CARRIED = re.compile(r"\((?:SAMPLE|MIN|MAX)\s*\(\s*[?$](\w+)\s*\)\s+AS\s+[?$](\w+)\s*\)", re.IGNORECASE)


class Dialect:
    """The standard: bind as binding.py does, and take the answers as they come."""

    name = "standard"
    serialise_here = False  # True: a CONSTRUCT is asked for as N-Triples and serialised by the app

    def bind(self, query: str, bindings: Mapping[str, Term | Sequence[Term]] | None) -> str:
        return bind(query, bindings)

    def boolean_variables(self, query: str) -> frozenset[str]:
        return frozenset()

    def concatenated_variables(self, query: str) -> frozenset[str]:
        return frozenset()

    def term(self, term: Term, boolean: bool = False) -> Term:
        return term


class VirtuosoDialect(Dialect):
    name = "virtuoso"
    serialise_here = True

    def bind(self, query: str, bindings: Mapping[str, Term | Sequence[Term]] | None) -> str:
        if not bindings:
            return query
        if not re.search(_PREDICATE, blank_comments_and_strings(query)):
            return bind(query, bindings)
        for name, value in reversed(list(bindings.items())):
            query = bind(query, {name: value})  # each opens the WHERE group: a block of its own
        return query

    def boolean_variables(self, query: str) -> frozenset[str]:
        """Variables a query binds to a computed boolean (and aggregates that carry one on)."""
        text = blank_comments_and_strings(query)
        found: set[str] = set()
        for match in _BOOLEAN_BIND.finditer(text):
            end = match.end()
            if match.group(1).endswith("{"):
                end = _closing_brace(text, end - 1)
            after = _AS_VARIABLE.match(text, end)
            if after:
                found.add(after.group(1))
        for source, target in _CARRIED.findall(text):
            if source in found:
                found.add(target)
        return frozenset(found)

    def concatenated_variables(self, query: str) -> frozenset[str]:
        """Variables bound to a GROUP_CONCAT: an empty one is left unbound, as Oxigraph does."""
        return frozenset(_GROUP_CONCAT.findall(blank_comments_and_strings(query)))

    def term(self, term: Term, boolean: bool = False) -> Term:
        if isinstance(term, ox.Literal) and term.value in ("1", "0"):
            if term.datatype == XSD_BOOLEAN or (boolean and term.datatype == XSD_INTEGER):
                return TRUE if term.value == "1" else FALSE
        return term


def _closing_brace(text: str, opening: int) -> int:
    """The index after the brace that closes the one at `opening` (comments and strings already blanked)."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


STANDARD, VIRTUOSO = Dialect(), VirtuosoDialect()
VIRTUOSO_BUILD_GRAPH = "urn:se7-local-offer:build"  # the named graph docs/deployment.md loads a build into


def virtuoso_push_help(query_url: str) -> str:
    """What to do instead of `graph-app push` on Virtuoso: its Graph Store Protocol endpoint needs a login
    (HTTP digest, /sparql-graph-crud-auth) that push does not send, and the app reads the endpoint's default
    graph, which on Virtuoso is every graph unless one is named for it. Its bulk loader does both."""
    graph = VIRTUOSO_BUILD_GRAPH
    return (
        f"{query_url} is Virtuoso: push cannot load it (its Graph Store Protocol needs a dba login). Load the "
        "build with Virtuoso's bulk loader instead, from a folder listed in DirsAllowed of virtuoso.ini:\n"
        "  graph-app dump /srv/load/graph.nt\n"
        f'  isql-vt 1111 dba PASSWORD exec="SPARQL CLEAR GRAPH <{graph}>; DELETE FROM DB.DBA.load_list; '
        f"ld_dir('/srv/load', 'graph.nt', '{graph}'); rdf_loader_run(); checkpoint;\"\n"
        "and once, so that queries naming no graph read only the build (not Virtuoso's own graphs):\n"
        f'  isql-vt 1111 dba PASSWORD exec="INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) '
        f"VALUES ('*', '{graph}');\"\n"
        "See docs/deployment.md, 'Running on Virtuoso'."
    )


def dialect_for(server_header: str) -> Dialect:
    """The dialect of an endpoint, from the Server header of one of its answers."""
    return VIRTUOSO if server_header.lower().startswith("virtuoso") else STANDARD
