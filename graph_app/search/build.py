"""Writing the search index at build time: one SQLite file beside the store.

Tables:
- `docs`: one row per node (IRI, kind, English name, sample flag, age range, the distinct stemmed terms
  of its text), the source of the re-ranking;
- `fts` (FTS5): the same terms, in columns name / family words / text, for retrieval with bm25;
- `phrases` and `phrase_fts` (FTS5, prefix-indexed): each name and altLabel on its own, unstemmed, for
  autocomplete and for matching a whole phrase;
- `vocab` and `vocab_tri` (FTS5 trigram): every word and its stem with how many nodes use it, to correct
  misspellings against the words the index actually holds;
- `facets` and `facet_values`: the filter values of each node and the names of every choice, so a filter
  is an index lookup.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from ..queries import QueryLibrary
from ..store import GraphStore
from .text import fold, stem, terms, words

# parts of other records (their text is shown on the record's page) or records of the app itself
UNINDEXED_KINDS = frozenset({"answer", "contact", "criterion", "dataset", "comment", "response", "scheme"})

SCHEMA = """
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, slug TEXT NOT NULL,
    label TEXT NOT NULL, is_sample INTEGER NOT NULL, min_age INTEGER, max_age INTEGER,
    body_terms TEXT NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(name, alts, body, content='', tokenize='unicode61');
CREATE TABLE phrases (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, is_label INTEGER NOT NULL,
                      text TEXT NOT NULL, terms TEXT NOT NULL);
CREATE INDEX phrases_doc ON phrases(doc);
CREATE VIRTUAL TABLE phrase_fts USING fts5(words, content='', tokenize='unicode61', prefix='1 2 3');
CREATE TABLE vocab (word TEXT PRIMARY KEY, stem TEXT NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX vocab_stem ON vocab(stem);
CREATE VIRTUAL TABLE vocab_tri USING fts5(word, tokenize='trigram');
CREATE TABLE facets (doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX facets_by_value ON facets(facet, value, doc);
CREATE INDEX facets_by_doc ON facets(doc, facet);
CREATE TABLE facet_values (facet TEXT NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL,
                           min_age INTEGER, max_age INTEGER, position INTEGER NOT NULL,
                           PRIMARY KEY (facet, value));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def kind_of(iri: str, id_base: str) -> str:
    return iri[len(id_base):].split("/", 1)[0] if iri.startswith(id_base) else ""


def slug_of(iri: str, id_base: str) -> str:
    return iri[len(id_base):].split("/", 1)[-1] if iri.startswith(id_base) else iri


class _Node:
    __slots__ = ("iri", "labels", "alts", "bodies", "english")

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self.labels: list[str] = []
        self.alts: list[str] = []
        self.bodies: list[str] = []
        self.english: str | None = None


def _collect(store: GraphStore, library: QueryLibrary, id_base: str) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for row in library.select(store, "search/texts", idbase=id_base):
        iri = row["node"].value
        if kind_of(iri, id_base) in UNINDEXED_KINDS:
            continue
        node = nodes.get(iri) or nodes.setdefault(iri, _Node(iri))
        literal = row["text"]
        field = row["field"].value
        if field == "label":
            if literal.value not in node.labels:
                node.labels.append(literal.value)
            if (literal.language or "en") == "en" and node.english is None:
                node.english = literal.value
        elif field == "alt":
            if literal.value not in node.alts:
                node.alts.append(literal.value)
        elif literal.value not in node.bodies:
            node.bodies.append(literal.value)
    return {iri: node for iri, node in nodes.items() if node.labels}


def build_index(store: GraphStore, library: QueryLibrary, path: Path, id_base: str) -> int:
    """Write the index of the store's nodes to `path` (a new file); return the number of documents."""
    nodes = _collect(store, library, id_base)
    facet_rows = library.select(store, "search/facets", idbase=id_base)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        ids = _write_documents(connection, nodes, id_base)
        _write_facets(connection, ids, facet_rows, id_base)
        _write_facet_values(connection, library.select(store, "search/facet_values"), id_base)
        connection.execute("INSERT INTO meta VALUES ('documents', ?)", (str(len(ids)),))
        connection.commit()
        connection.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        connection.execute("INSERT INTO phrase_fts(phrase_fts) VALUES ('optimize')")
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    return len(ids)


def _write_documents(connection: sqlite3.Connection, nodes: dict[str, _Node], id_base: str) -> dict[str, int]:
    ids: dict[str, int] = {}
    document_frequency: Counter[str] = Counter()
    stems: dict[str, str] = {}
    phrase_rows = []
    for number, node in enumerate(sorted(nodes.values(), key=lambda n: n.iri), start=1):
        ids[node.iri] = number
        label = node.english or node.labels[0]
        names = [*node.labels, *node.alts]
        name_terms = [terms(text) for text in node.labels]
        alt_terms = [terms(text) for text in node.alts]
        body_terms = terms(" ".join(node.bodies))
        all_words = {w for text in [*names, *node.bodies] for w in words(text)}
        for word in all_words:
            document_frequency[word] += 1
            stems.setdefault(word, stem(word))
        connection.execute(
            "INSERT INTO docs (id, iri, kind, slug, label, is_sample, body_terms) VALUES (?, ?, ?, ?, ?, 0, ?)",
            # each term once: the re-ranking asks only which query terms the text has
            (number, node.iri, kind_of(node.iri, id_base), slug_of(node.iri, id_base), label,
             " ".join(sorted(set(body_terms)))),
        )
        connection.execute(
            "INSERT INTO fts (rowid, name, alts, body) VALUES (?, ?, ?, ?)",
            (number, " ".join(" ".join(t) for t in name_terms), " ".join(" ".join(t) for t in alt_terms),
             " ".join(body_terms)),
        )
        for is_label, texts in ((1, node.labels), (0, node.alts)):
            for text in texts:
                phrase_rows.append((number, is_label, text, " ".join(terms(text)), " ".join(words(text))))
    for phrase_id, (doc, is_label, text, phrase_terms, phrase_words) in enumerate(phrase_rows, start=1):
        connection.execute("INSERT INTO phrases VALUES (?, ?, ?, ?, ?)", (phrase_id, doc, is_label, text,
                                                                           phrase_terms))
        connection.execute("INSERT INTO phrase_fts (rowid, words) VALUES (?, ?)", (phrase_id, phrase_words))
    connection.executemany("INSERT INTO vocab VALUES (?, ?, ?)",
                           ((w, stems[w], n) for w, n in document_frequency.items()))
    connection.executemany("INSERT INTO vocab_tri (word) VALUES (?)",
                           ((w,) for w in document_frequency if len(w) >= 3 and not w.isdigit()))
    return ids


def _write_facets(connection: sqlite3.Connection, ids: dict[str, int], rows: list, id_base: str) -> None:
    ages: dict[int, dict[str, int]] = defaultdict(dict)
    values = set()
    for row in rows:
        doc = ids.get(row["node"].value)
        if doc is None:
            continue
        facet, value = row["facet"].value, row["value"].value
        if facet in ("minage", "maxage"):
            ages[doc][facet] = int(value)
            continue
        values.add((doc, facet, slug_of(value, id_base) if facet not in ("open", "sample") else value))
    connection.executemany("INSERT INTO facets VALUES (?, ?, ?)", sorted(values))
    connection.executemany("UPDATE docs SET min_age = ?, max_age = ? WHERE id = ?",
                           ((a.get("minage", 0), a.get("maxage", 99), doc) for doc, a in ages.items()))
    connection.execute("UPDATE docs SET is_sample = 1 WHERE id IN "
                       "(SELECT doc FROM facets WHERE facet = 'sample')")


def _write_facet_values(connection: sqlite3.Connection, rows: list, id_base: str) -> None:
    seen = set()
    for position, row in enumerate(rows):
        key = (row["facet"].value, slug_of(row["value"].value, id_base))
        if key in seen:
            continue
        seen.add(key)
        connection.execute(
            "INSERT INTO facet_values VALUES (?, ?, ?, ?, ?, ?)",
            (*key, row["label"].value, int(row["minAge"].value) if "minAge" in row else None,
             int(row["maxAge"].value) if "maxAge" in row else None, position),
        )


__all__ = ["build_index", "fold", "kind_of", "slug_of"]
