"""Bind parameter values into a SPARQL query as RDF terms, never as pasted text.

Every engine we speak to (embedded pyoxigraph, any SPARQL 1.1 endpoint) understands an inline
`VALUES` block, so parameters are bound the same way in both store modes: the value is first made an
RDF term (pyoxigraph validates IRIs and escapes literals), then written in N-Triples syntax into a
`VALUES` block at the start of the query's top-level WHERE group. pyoxigraph's own `substitutions`
would only bind projected variables (oxigraph issue 1837) and do not exist over HTTP.

A parameter is in scope in the top-level group only: a sub-SELECT does not see it, so a query must use
its parameters outside any sub-query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from pyoxigraph import BlankNode, Literal, NamedNode

Term = NamedNode | Literal | BlankNode

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class BindingError(ValueError):
    """A parameter value or name that cannot be bound."""


def values_block(bindings: Mapping[str, Term | Sequence[Term]]) -> str:
    """A VALUES block: one row, or one row per item when a single parameter is given a list of terms
    (e.g. the labels of the ten nodes on a page, fetched in one query)."""
    names = list(bindings)
    for name in names:
        if not name.isidentifier():
            raise BindingError(f"parameter name {name!r} is not a valid variable name")
    lists = [n for n in names if isinstance(bindings[n], list | tuple)]
    if len(lists) > 1:
        raise BindingError(f"only one parameter may be a list, not {', '.join(lists)}")
    listed = bindings[lists[0]] if lists else None
    items: list[Term | None] = list(listed) if isinstance(listed, list | tuple) else [None]
    rows = []
    for item in items:
        terms = []
        for name in names:
            term = item if name in lists else bindings[name]
            if not isinstance(term, NamedNode | Literal):
                raise BindingError(f"parameter {name!r} must be an IRI or a literal, not {type(term).__name__}")
            terms.append(str(term))  # N-Triples form: IRIs validated, literals escaped by pyoxigraph
        rows.append(f"({' '.join(terms)})")
    variables = " ".join(f"?{n}" for n in names)
    return f"VALUES ({variables}) {{ {' '.join(rows)} }}"


def bind(query: str, bindings: Mapping[str, Term | Sequence[Term]] | None) -> str:
    """Return the query with the bindings as a VALUES block opening its top-level WHERE group."""
    if not bindings:
        return query
    at = _where_end(query)
    return query[:at] + " " + values_block(bindings) + " " + query[at:]


@lru_cache(maxsize=2048)
def _where_end(query: str) -> int:
    """Where the top-level WHERE group opens. Query texts come from the library, so a page asks for the same
    few dozen again and again: blanking a 1 kB query with regexes took most of the time of binding it."""
    match = _WHERE.search(blank_comments_and_strings(query))
    if match is None:
        raise BindingError("the query has no 'WHERE {' to bind parameters into")
    return match.end()


def blank_comments_and_strings(query: str) -> str:
    """Same length as the query, with comments and string contents blanked, so a 'WHERE {' inside
    them is never taken for the real one."""
    pattern = re.compile(
        r'<[^<>"{}|^`\\\s]*>'  # an IRI, kept as it is: its '#' starts no comment
        r"|#[^\n]*"  # a comment
        r'|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''  # long strings
        r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # short strings
    )
    return pattern.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " " * len(m.group(0)), query)
