"""Named SPARQL queries: one `.rq` file per query under queries/, with a header the app and a
reader both use.

    #+ title: Services for a need
    #+ description: Every service that meets a need or a narrower one, newest review first.
    #+ param: need iri required  The need
    #+ param: months integer optional=12  How many months since the last review

Parameters are converted to RDF terms by their declared type and bound (binding.py), never pasted.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from .binding import BindingError, Term
from .namespaces import XSD
from .store import GraphStore, Row

log = logging.getLogger(__name__)
ROW_CAP = 5_000_000  # rows (or triples) a named query may give: well above national scale's largest read
PARAM_TYPES = ("iri", "string", "integer", "decimal", "date", "boolean")
_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(required|optional(?:=(\S+))?)\s*(.*)$")


class QueryError(ValueError):
    """A query file with a bad header, an unknown query name, or a bad parameter value."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def to_term(self, raw: object) -> Term:
        """Convert a raw value (usually a string from a URL) to an RDF term of this parameter's type."""
        if isinstance(raw, NamedNode | Literal):
            return raw
        text = str(raw).strip()
        try:
            if self.type == "iri":
                return NamedNode(text)
            if self.type == "integer":
                return Literal(str(int(text)), datatype=NamedNode(XSD + "integer"))
            if self.type == "decimal":
                return Literal(str(Decimal(text)), datatype=NamedNode(XSD + "decimal"))
            if self.type == "date":
                return Literal(date.fromisoformat(text).isoformat(), datatype=NamedNode(XSD + "date"))
            if self.type == "boolean":
                if text.lower() not in ("true", "false"):
                    raise ValueError("expected true or false")
                return Literal(text.lower(), datatype=NamedNode(XSD + "boolean"))
            return Literal(text)
        except (ValueError, InvalidOperation) as error:
            raise QueryError(f"parameter '{self.name}': {text[:80]!r} is not a valid {self.type} ({error})") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str
    params: tuple[Param, ...] = field(default=())

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query keyword outside the prologue."""
        body = re.sub(r"#[^\n]*", "", self.text)
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match.group(1).upper() if match else "UNKNOWN"

    def terms(self, values: Mapping[str, object]) -> dict[str, Term | list[Term]]:
        """Check and convert parameter values; unknown names and missing required ones are refused."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(f"query '{self.name}' has no parameter {', '.join(map(repr, unknown))}")
        bound: dict[str, Term | list[Term]] = {}
        for param in self.params:
            raw = values.get(param.name)
            if raw is None or raw == "":
                raw = param.default
            if raw is None:
                if param.required:
                    raise QueryError(f"query '{self.name}' needs parameter '{param.name}' ({param.description})")
                continue  # left unbound: the query treats it as "any"
            if isinstance(raw, list | tuple):  # one row per item (see binding.values_block)
                bound[param.name] = [param.to_term(item) for item in raw]
            else:
                bound[param.name] = param.to_term(raw)
        return bound


def parse_query_file(path: Path, name: str) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            param = _PARAM.match(value)
            if not param or param.group(2) not in PARAM_TYPES:
                raise QueryError(
                    f"{path}:{number}: bad '#+ param:' line; expected 'NAME TYPE required|optional[=DEFAULT] "
                    f"DESCRIPTION' with TYPE one of {', '.join(PARAM_TYPES)}"
                )
            params.append(
                Param(param.group(1), param.group(2), param.group(3) == "required", param.group(4), param.group(5))
            )
        else:
            headers[key] = value
    for required in ("title", "description"):
        if not headers.get(required):
            raise QueryError(f"{path}: missing '#+ {required}:' header line")
    return NamedQuery(name, path, text, headers["title"], headers["description"], tuple(params))


class QueryLibrary:
    """Every `.rq` file under a folder, by name ('navigate/node_summary')."""

    def __init__(self, root: Path, row_cap: int = ROW_CAP) -> None:
        self.root = Path(root)
        self.row_cap = row_cap
        self._queries: dict[str, NamedQuery] = {}
        for path in sorted(self.root.rglob("*.rq")):
            name = path.relative_to(self.root).with_suffix("").as_posix()
            self._queries[name] = parse_query_file(path, name)

    def names(self) -> list[str]:
        return sorted(self._queries)

    def get(self, name: str) -> NamedQuery:
        # names come from code and URLs: only word segments, so '../x' can never name a file
        if not all(part.isidentifier() for part in name.split("/")):
            raise QueryError(f"invalid query name {name!r}")
        try:
            return self._queries[name]
        except KeyError:
            raise QueryError(f"no query named {name!r}") from None

    def select(
        self, store: GraphStore, name: str, *, page: int | None = None, per_page: int = 50, **values: object
    ) -> list[Row]:
        """Run a SELECT query. With `page` (from 1), one page of `per_page` rows; the query must not
        end with its own LIMIT. The numbers are checked integers, so appending them pastes no input."""
        if page is not None:
            page, per_page = int(page), int(per_page)
            if page < 1 or not 1 <= per_page <= 1000:
                raise QueryError(f"page must be 1 or more and per_page 1 to 1000, not {page} and {per_page}")
            return self.run(store, name, "select", values, f"\nLIMIT {per_page} OFFSET {(page - 1) * per_page}\n")
        return self.run(store, name, "select", values)

    def select_table(self, store: GraphStore, name: str, **values: object) -> list[list[str]]:
        """Run a SELECT query for bulk reading: rows of plain strings in the query's variable order."""
        return self.run(store, name, "select_table", values)

    def ask(self, store: GraphStore, name: str, **values: object) -> bool:
        return self.run(store, name, "ask", values)

    def construct(self, store: GraphStore, name: str, **values: object) -> list[Triple]:
        return self.run(store, name, "construct", values)

    def run(self, store: GraphStore, name: str, form: str, values: Mapping[str, object], tail: str = "") -> Any:
        """The one place a named query runs: its parameters bound as terms, its time logged at debug level
        with the parameters, and the row cap enforced (a result larger than `row_cap` is an error naming
        the query, never silently cut: a gap table or a search index built from part of a result would be
        wrong without saying so)."""
        query = self.get(name)
        terms = query.terms(values)
        text = query.text.rstrip() + tail if tail else query.text
        start = time.perf_counter()
        result = getattr(store, form)(text, terms)
        elapsed_ms = (time.perf_counter() - start) * 1000
        size = len(result) if isinstance(result, list) else None
        log.debug(
            "query %s (%s) %.1f ms, %s rows, parameters %s",
            name,
            form,
            elapsed_ms,
            size,
            {k: (v if not isinstance(v, list) else f"[{len(v)} values]") for k, v in values.items()},
        )
        if size is not None and size > self.row_cap:
            raise QueryError(f"query {name!r} gave {size} rows, more than the cap of {self.row_cap}")
        return result


__all__ = ["BindingError", "NamedQuery", "Param", "QueryError", "QueryLibrary", "parse_query_file"]
