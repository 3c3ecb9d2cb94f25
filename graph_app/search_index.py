"""The text search index: SQLite FTS5 built once per build from every node's names and text.

Ranking: a match in a node's name counts most, then the words families use for it (skos:altLabel),
then its definition or description (bm25 column weights). Words are stemmed (Porter) so "eating"
finds "eat", and the last word is matched as a prefix for search-as-you-type.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .queries import QueryLibrary
from .store import GraphStore

SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(
    iri UNINDEXED, kind UNINDEXED, label, alts, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""
WEIGHTS = (0.0, 0.0, 10.0, 6.0, 1.0)  # iri, kind, label, alts, body
_WORD = re.compile(r"[\w']+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    score: float


def build_index(store: GraphStore, library: QueryLibrary, path: Path, id_base: str) -> int:
    """Write the index for the store's nodes to `path` (a new file); return the number of documents."""
    rows = library.select(store, "search/documents", idbase=id_base)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.executemany(
            "INSERT INTO docs (iri, kind, label, alts, body) VALUES (?, ?, ?, ?, ?)",
            (
                (
                    row["node"].value,
                    kind_of(row["node"].value, id_base),
                    row["label"].value,
                    row["alts"].value if "alts" in row else "",
                    row["body"].value if "body" in row else "",
                )
                for row in rows
            ),
        )
        connection.commit()
    finally:
        connection.close()
    return len(rows)


def kind_of(iri: str, id_base: str) -> str:
    return iri[len(id_base):].split("/", 1)[0] if iri.startswith(id_base) else ""


def match_expression(text: str) -> str | None:
    """An FTS5 query from what someone typed: every word as a quoted term (so no word can be FTS
    syntax), joined by OR, the last one also as a prefix."""
    words = [w.strip("'") for w in _WORD.findall(text.lower())]
    words = [w for w in words if w]
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    terms[-1] = f'("{words[-1]}" OR "{words[-1]}"*)'
    return " OR ".join(terms)


class SearchIndex:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # read-only: the index is rebuilt with each build, never changed in place
        self._uri = f"{self.path.as_uri()}?mode=ro"

    def search(self, text: str, limit: int = 20, kind: str | None = None) -> list[Hit]:
        expression = match_expression(text)
        if expression is None:
            return []
        sql = (
            "SELECT iri, kind, label, bm25(docs, ?, ?, ?, ?, ?) AS score FROM docs "
            "WHERE docs MATCH ?" + (" AND kind = ?" if kind else "") + " ORDER BY score LIMIT ?"
        )
        args: list[object] = [*WEIGHTS, expression]
        if kind:
            args.append(kind)
        args.append(limit)
        connection = sqlite3.connect(self._uri, uri=True)
        try:
            rows = connection.execute(sql, args).fetchall()
        finally:
            connection.close()
        return [Hit(iri, kind_, label, -score) for iri, kind_, label, score in rows]
