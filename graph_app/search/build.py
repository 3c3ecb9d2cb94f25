"""Writing the search index at build time: one SQLite file beside the store.

Tables:
- `docs`: one row per node (IRI, kind, English name, sample flag, age range, the distinct stemmed terms
  of its text), the source of the re-ranking;
- `fts` (FTS5): the same terms, in columns name / family words / text, for retrieval with bm25;
- `phrases` and `phrase_fts` (FTS5, prefix-indexed): each name and altLabel on its own, unstemmed, for
  autocomplete and for matching a whole phrase;
- `vocab` and `vocab_tri` (FTS5 trigram): every word of the English text and its stem with how many nodes
  use it, to correct misspellings against the words the index actually holds;
- `lang_vocab`: every term of the Welsh and Polish text (languages.py), marked with its language as the
  other tables hold it ("pl_autyzm"), with how many nodes use it, so a query word is tried in those
  languages only where the index knows the form;
- `facets` and `facet_values`: the filter values of each node and the names of every choice, so a filter
  is an index lookup;
- `best_bets`: phrases (data/search/best-bets.tsv) that take a statutory or practical question straight to
  its pathway or topic page;
- `provisions`: a setting's resource base or SEN unit as one line ("Resource base for hearing impairment,
  6 places"), shown on its result.

Misspellings recorded as skos:hiddenLabel are searchable (family-words column, vocabulary, and phrases
with is_label = -1, which the ranking and autocomplete never show as "matched"); so are a setting's
resource base or SEN unit with the needs it is for ("resourced provision for hearing impairment"), whose
line the result shows instead.

Names, family words and definitions tagged @cy or @pl are analysed as Welsh or Polish (welsh.py,
polish.py: mutations, diacritics, endings), not as English; a name in another language than English is a
phrase with is_label = 2, shown as the name that matched ("Autyzm") beside the English one.

Each document's texts are also kept as written (`doc_text`, JSON), so a row can be removed later without
the graph it was indexed from: a machine that follows the edit journal (follow.py) reads only the store as
it is now, after the change, and reindex_nodes deletes with the stored texts whenever the row has them.

Why the full build and reindex_nodes stay in one module (~400 lines): the full-text tables are
contentless, so reindexing deletes a row by giving back the exact values it was inserted with; both
paths must write rows with the same private functions, and keeping them together keeps that pairing
visible and impossible to break from one side only.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from pyoxigraph import NamedNode

from ..config import PROJECT_ROOT
from ..queries import QueryLibrary
from ..store import GraphStore
from .languages import has_analyser, index_term, language_terms, primary
from .provision import provision_line
from .text import WEAK_WORDS, fold, is_stop, stem, terms, terms_of_words, words

BEST_BETS = PROJECT_ROOT / "data" / "search" / "best-bets.tsv"
SUMMARY_LENGTH = 180
# parts of other records (their text is shown on the record's page) or records of the app itself; a council's
# statement is shown first on its heading's page, which search finds (seven near-alike statements per heading
# would crowd the results)
UNINDEXED_KINDS = frozenset(
    {"answer", "contact", "criterion", "dataset", "comment", "response", "scheme", "change", "council-statement"}
    # a setting's or service's inspection and leavers' figures are shown on its page (issue 19)
    | {"inspection", "destination-figure"}
)

SCHEMA = """
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, slug TEXT NOT NULL,
    label TEXT NOT NULL, is_sample INTEGER NOT NULL, min_age INTEGER, max_age INTEGER,
    body_terms TEXT NOT NULL, summary TEXT NOT NULL DEFAULT ''
);
CREATE TABLE best_bets (position INTEGER PRIMARY KEY, doc INTEGER NOT NULL, phrase TEXT NOT NULL,
                        terms TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(name, alts, body, content='', tokenize="unicode61 tokenchars '_'");
CREATE TABLE phrases (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, is_label INTEGER NOT NULL,
                      text TEXT NOT NULL, terms TEXT NOT NULL);
CREATE VIRTUAL TABLE phrase_fts USING fts5(words, content='', tokenize='unicode61', prefix='1 2 3');
CREATE TABLE vocab (word TEXT PRIMARY KEY, stem TEXT NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE lang_vocab (lang TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (lang, term))
    WITHOUT ROWID;
CREATE VIRTUAL TABLE vocab_tri USING fts5(word, tokenize='trigram');
CREATE TABLE facets (doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE facet_values (facet TEXT NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL,
                           min_age INTEGER, max_age INTEGER, position INTEGER NOT NULL,
                           PRIMARY KEY (facet, value));
CREATE TABLE provisions (doc INTEGER PRIMARY KEY, line TEXT NOT NULL);
CREATE TABLE closures (doc INTEGER PRIMARY KEY, closed_on TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE doc_text (doc INTEGER PRIMARY KEY, node TEXT NOT NULL);
"""
DOC_TEXT = "CREATE TABLE IF NOT EXISTS doc_text (doc INTEGER PRIMARY KEY, node TEXT NOT NULL)"
# built once the rows are in: one sort per index instead of a b-tree insert per row
INDEXES = """
CREATE INDEX phrases_doc ON phrases(doc);
CREATE INDEX vocab_stem ON vocab(stem);
CREATE INDEX facets_by_value ON facets(facet, value, doc);
CREATE INDEX facets_by_doc ON facets(doc, facet);
"""
# the file is new and only used once renamed into place: a crash leaves a partial build, never a served file
BULK_PRAGMAS = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"


def kind_of(iri: str, id_base: str) -> str:
    return iri[len(id_base) :].split("/", 1)[0] if iri.startswith(id_base) else ""


def slug_of(iri: str, id_base: str) -> str:
    return iri[len(id_base) :].split("/", 1)[-1] if iri.startswith(id_base) else iri


class _Node:
    __slots__ = ("iri", "labels", "alts", "hidden", "bodies", "english", "languages")

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self.labels: list[str] = []
        self.alts: list[str] = []
        self.hidden: list[str] = []
        self.bodies: list[str] = []
        self.english: str | None = None
        self.languages: dict[str, str] = {}  # text -> "cy" or "pl": a text analysed in that language

    def has_text(self, text: str) -> bool:
        return any(text in texts for texts in (self.labels, self.alts, self.hidden, self.bodies))

    def stored(self) -> str:
        """The node's texts as `doc_text` keeps them: what deleting its rows needs, computed the same way."""
        return json.dumps([self.labels, self.alts, self.hidden, self.bodies, self.english, self.languages])

    @classmethod
    def from_stored(cls, iri: str, stored: str) -> _Node:
        node = cls(iri)
        node.labels, node.alts, node.hidden, node.bodies, node.english, node.languages = json.loads(stored)
        return node


def _scoped(store: GraphStore, library: QueryLibrary, name: str, id_base: str, iris: list[str] | None) -> list:
    """Rows of a search query for every node, or (given `iris`) for those nodes only, bound as ?node."""
    if iris is None:
        return library.select(store, name, idbase=id_base)
    if not iris:
        return []
    return library.select(store, name, idbase=id_base, node=[NamedNode(i) for i in iris])


class _Words:
    """`words` and `terms` of each distinct text, computed once: names and descriptions repeat across
    thousands of records, and each is wanted for several tables."""

    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._terms: dict[str, list[str]] = {}
        self._language_terms: dict[tuple[str, str], list[str]] = {}

    def words(self, text: str) -> list[str]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = words(text)
        return found

    def terms(self, text: str) -> list[str]:
        found = self._terms.get(text)
        if found is None:
            found = self._terms[text] = terms(text)
        return found

    def joined_terms(self, texts: list[str]) -> list[str]:
        """`terms(" ".join(texts))` from each text's words: the words of texts joined by a space are the
        words of each in turn (tests/test_build_speed.py checks the two agree on the sample)."""
        return terms_of_words([word for text in texts for word in self.words(text)])

    def language_terms(self, text: str, language: str) -> list[str]:
        found = self._language_terms.get((text, language))
        if found is None:
            found = self._language_terms[(text, language)] = _marked_terms(text, language)
        return found


def _marked_terms(text: str, language: str) -> list[str]:
    """A Welsh or Polish text's terms, each marked with its language ("pl_autyzm"): languages.index_term."""
    return [index_term(language, term) for term in language_terms(text, language)]


def _text_terms(node: _Node, text: str, cache: _Words | None) -> list[str]:
    """The terms of one of the node's texts, in its language's analysis."""
    language = node.languages.get(text)
    if language is not None:
        return cache.language_terms(text, language) if cache else _marked_terms(text, language)
    return cache.terms(text) if cache else terms(text)


def _collect(store: GraphStore, library: QueryLibrary, id_base: str, iris: list[str] | None = None) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for row in _scoped(store, library, "search/texts", id_base, iris):
        iri = row["node"].value
        node = nodes.get(iri)
        if node is None:
            if kind_of(iri, id_base) in UNINDEXED_KINDS:
                continue
            node = nodes[iri] = _Node(iri)
        literal = row["text"]
        text = literal.value
        field = row["field"].value
        texts = (
            node.labels
            if field == "label"
            else node.alts
            if field == "alt"
            else node.hidden  # provision: shown as the result's own line instead
            if field in ("hidden", "provision")
            else node.bodies
        )
        if not has_analyser(literal.language):
            node.languages.pop(text, None)  # a text also given in English ("ADHD"@en, "ADHD"@cy) stays English
        elif not node.has_text(text):
            node.languages[text] = primary(literal.language)
        if text not in texts:
            texts.append(text)
        if field == "label" and node.english is None and (literal.language or "en") == "en":
            node.english = text
    return {iri: node for iri, node in nodes.items() if node.labels}


def _facet_rows(
    store: GraphStore, library: QueryLibrary, id_base: str, iris: list[str] | None = None
) -> list[list[str]]:
    """(node, facet, value) of every node or of `iris`, as plain strings: a million rows at national scale,
    read as CSV (decoded in C) rather than as RDF terms."""
    if iris is None:
        return library.select_table(store, "search/facets", idbase=id_base)
    if not iris:
        return []
    return library.select_table(store, "search/facets", idbase=id_base, node=[NamedNode(i) for i in iris])


def build_index(store: GraphStore, library: QueryLibrary, path: Path, id_base: str, best_bets: Path = BEST_BETS) -> int:
    """Write the index of the store's nodes to `path` (a new file); return the number of documents."""
    nodes = _collect(store, library, id_base)
    ids = {iri: number for number, iri in enumerate(sorted(nodes), start=1)}
    facet_values, ages = _facets(ids, _facet_rows(store, library, id_base), id_base)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(BULK_PRAGMAS + SCHEMA)
        with connection:
            _write_documents(
                connection, nodes, ids, ages, {doc for doc, facet, _v in facet_values if facet == "sample"}, id_base
            )
            connection.executemany("INSERT INTO facets VALUES (?, ?, ?)", sorted(facet_values))
            _write_facet_values(connection, library.select(store, "search/facet_values"), id_base)
            _write_best_bets(connection, read_best_bets(best_bets), ids, id_base)
            _write_provisions(connection, _scoped(store, library, "search/provisions", id_base, None), ids)
            _write_closures(connection, _scoped(store, library, "search/closures", id_base, None), ids)
            connection.execute("INSERT INTO meta VALUES ('documents', ?)", (str(len(ids)),))
            connection.executescript(INDEXES)
        connection.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        connection.execute("INSERT INTO phrase_fts(phrase_fts) VALUES ('optimize')")
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    return len(ids)


def _write_documents(
    connection: sqlite3.Connection,
    nodes: dict[str, _Node],
    ids: dict[str, int],
    ages: dict[int, dict[str, int]],
    samples: set[int],
    id_base: str,
) -> None:
    document_frequency: Counter[str] = Counter()
    language_frequency: Counter[tuple[str, str]] = Counter()
    stems: dict[str, str] = {}
    cache = _Words()
    docs, fts, phrases, phrase_words, texts = [], [], [], [], []
    for iri, number in ids.items():
        node = nodes[iri]
        for word in _node_words(node, cache):
            document_frequency[word] += 1
            if word not in stems:
                stems[word] = stem(word)
        language_frequency.update(_language_terms(node, cache))
        name, alts, body = _fts_values(node, cache)
        age = ages.get(number)
        docs.append(
            (
                number,
                iri,
                kind_of(iri, id_base),
                slug_of(iri, id_base),
                node.english or node.labels[0],
                int(number in samples),
                age.get("minage", 0) if age else None,
                age.get("maxage", 99) if age else None,
                " ".join(sorted(set(body.split()))),
                summary_of(node),
            )
        )
        fts.append((number, name, alts, body))
        texts.append((number, node.stored()))
        for is_label, text in _phrases_of(node):
            phrases.append((len(phrases) + 1, number, is_label, text, " ".join(_text_terms(node, text, cache))))
            phrase_words.append((len(phrases), " ".join(cache.words(text))))
    # each term once in body_terms: the re-ranking asks only which query terms the text has
    connection.executemany(
        "INSERT INTO docs (id, iri, kind, slug, label, is_sample, min_age, max_age, body_terms, "
        "summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    connection.executemany("INSERT INTO fts (rowid, name, alts, body) VALUES (?, ?, ?, ?)", fts)
    connection.executemany("INSERT INTO doc_text VALUES (?, ?)", texts)
    connection.executemany("INSERT INTO phrases VALUES (?, ?, ?, ?, ?)", phrases)
    connection.executemany("INSERT INTO phrase_fts (rowid, words) VALUES (?, ?)", phrase_words)
    connection.executemany(
        "INSERT INTO vocab VALUES (?, ?, ?)", ((w, stems[w], n) for w, n in document_frequency.items())
    )
    # in word order: the words come from sets, whose order changes with each process's string hashing, so
    # the trigram rows' ids would differ between two builds of the same store
    connection.executemany(
        "INSERT INTO vocab_tri (word) VALUES (?)",
        ((w,) for w in sorted(document_frequency) if len(w) >= 3 and not w.isdigit()),
    )
    connection.executemany(
        "INSERT INTO lang_vocab VALUES (?, ?, ?)", ((lang, t, n) for (lang, t), n in sorted(language_frequency.items()))
    )


def _phrases_of(node: _Node) -> list[tuple[int, str]]:
    """(is_label, text) of each name and family word: 1 the English name(s), 2 a name in another language
    (shown as the name that matched), 0 family words, -1 hidden misspellings (never shown)."""
    labels = [(2 if text in node.languages else 1, text) for text in node.labels]
    return [*labels, *((0, text) for text in node.alts), *((-1, text) for text in node.hidden)]


def _node_words(node: _Node, cache: _Words | None = None) -> set[str]:
    """The words of the node's English text (the vocabulary spelling is corrected against)."""
    split = cache.words if cache else words
    texts = [*node.labels, *node.alts, *node.hidden, *node.bodies]
    return {w for text in texts if text not in node.languages for w in split(text)}


def _language_terms(node: _Node, cache: _Words | None = None) -> set[tuple[str, str]]:
    """(language, term) of the node's Welsh and Polish text."""
    return {(language, term) for text, language in node.languages.items() for term in _text_terms(node, text, cache)}


def _fts_values(node: _Node, cache: _Words | None = None) -> tuple[str, str, str]:
    """The name, family-words and body columns of the node's `fts` row (also what deleting it needs)."""

    def split(text: str) -> list[str]:
        return _text_terms(node, text, cache)

    english_bodies = [text for text in node.bodies if text not in node.languages]
    other_bodies = [text for text in node.bodies if text in node.languages]
    english_terms: list[str] = []
    if english_bodies:
        english_terms = cache.joined_terms(english_bodies) if cache else terms(" ".join(english_bodies))
    return (
        " ".join(" ".join(split(text)) for text in node.labels),
        " ".join(" ".join(split(text)) for text in [*node.alts, *node.hidden]),
        " ".join([*english_terms, *(t for b in other_bodies for t in split(b))]),
    )


def _insert_document(connection: sqlite3.Connection, number: int, node: _Node, id_base: str) -> None:
    name, alts, body = _fts_values(node)
    connection.execute(
        "INSERT INTO docs (id, iri, kind, slug, label, is_sample, body_terms, summary) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
        # each term once: the re-ranking asks only which query terms the text has
        (
            number,
            node.iri,
            kind_of(node.iri, id_base),
            slug_of(node.iri, id_base),
            node.english or node.labels[0],
            " ".join(sorted(set(body.split()))),
            summary_of(node),
        ),
    )
    connection.execute("INSERT INTO fts (rowid, name, alts, body) VALUES (?, ?, ?, ?)", (number, name, alts, body))
    connection.execute("INSERT OR REPLACE INTO doc_text VALUES (?, ?)", (number, node.stored()))


def summary_of(node: _Node) -> str:
    """The first sentence or two of the node's first description, cut at a word near SUMMARY_LENGTH: enough
    to judge a result without opening it."""
    if not node.bodies:
        return ""
    # the English description when there is one: the summary is stored once, and a Welsh or Polish
    # definition read first would otherwise be every reader's summary
    english = [body for body in node.bodies if body not in node.languages]
    return cut_summary((english or node.bodies)[0])


def cut_summary(description: str) -> str:
    """The first sentence or two of a description, cut at a word near SUMMARY_LENGTH (the search results'
    summary; web/search/results.py cuts a Welsh or Polish description the same way)."""
    text = " ".join(description.split())
    sentences = re.split(r"(?<=[.!?])\s+", text)
    summary = sentences[0]
    if len(sentences) > 1 and len(summary) + len(sentences[1]) < SUMMARY_LENGTH:
        summary += " " + sentences[1]
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def read_best_bets(path: Path) -> list[tuple[str, str]]:
    """(IRI, phrase) pairs of the best-bets file: one IRI per line, a tab, then its phrases split by '|';
    '#' starts a comment. A missing file means no best bets."""
    if not path.exists():
        return []
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        iri, _, phrases = line.partition("\t")
        pairs += [(iri.strip(), phrase.strip()) for phrase in phrases.split("|") if phrase.strip()]
    return pairs


def _write_best_bets(
    connection: sqlite3.Connection, pairs: list[tuple[str, str]], ids: dict[str, int], id_base: str
) -> None:
    """Best bets whose page is in the index (a test checks every one is, for the real data)."""
    rows = []
    for iri, phrase in pairs:
        full = iri if iri.startswith("http") else id_base + iri
        meaningful = [w for w in words(phrase) if not is_stop(w)]
        if all(w in WEAK_WORDS for w in meaningful):
            continue  # "getting to school" would match almost every question
        if full in ids and (phrase_terms := terms(phrase, keep_stop_words=False)):
            rows.append((len(rows) + 1, ids[full], phrase, " ".join(phrase_terms)))
    connection.executemany("INSERT INTO best_bets VALUES (?, ?, ?, ?)", rows)


def _write_provisions(connection: sqlite3.Connection, rows: list, ids: dict[str, int]) -> None:
    """One line per setting in `ids` with a resource base or SEN unit (two provisions: both, joined)."""
    lines: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        doc = ids.get(row["node"].value)
        if doc is not None:
            capacity = int(row["capacity"].value) if "capacity" in row else None
            lines[doc].append(provision_line(row["kindName"].value, row["needs"].value.split("|"), capacity))
    connection.executemany(
        "INSERT INTO provisions VALUES (?, ?)", ((d, "; ".join(v)) for d, v in sorted(lines.items()))
    )


def _facets(
    ids: dict[str, int], rows: list[list[str]], id_base: str
) -> tuple[set[tuple[int, str, str]], dict[int, dict[str, int]]]:
    """The (document, facet, value) rows of the documents in `ids`, and each one's ages when it has any."""
    ages: dict[int, dict[str, int]] = defaultdict(dict)
    values = set()
    for node, facet, value in rows:
        doc = ids.get(node)
        if doc is None:
            continue
        if facet in ("minage", "maxage"):
            ages[doc][facet] = int(value)
            continue
        values.add((doc, facet, slug_of(value, id_base) if facet not in ("open", "provision", "sample") else value))
    return values, ages


def _write_facets(connection: sqlite3.Connection, ids: dict[str, int], rows: list[list[str]], id_base: str) -> None:
    """Facet rows, ages and the sample flag of documents already in `docs` (those in `ids`)."""
    values, ages = _facets(ids, rows, id_base)
    connection.executemany("INSERT INTO facets VALUES (?, ?, ?)", sorted(values))
    connection.executemany(
        "UPDATE docs SET min_age = ?, max_age = ? WHERE id = ?",
        ((a.get("minage", 0), a.get("maxage", 99), doc) for doc, a in ages.items()),
    )
    connection.executemany(
        "UPDATE docs SET is_sample = 1 WHERE id = ?",
        ((doc,) for doc, facet, _value in sorted(values) if facet == "sample"),
    )


def _write_facet_values(connection: sqlite3.Connection, rows: list, id_base: str) -> None:
    seen = set()
    for position, row in enumerate(rows):
        key = (row["facet"].value, slug_of(row["value"].value, id_base))
        if key in seen:
            continue
        seen.add(key)
        connection.execute(
            "INSERT INTO facet_values VALUES (?, ?, ?, ?, ?, ?)",
            (
                *key,
                row["label"].value,
                int(row["minAge"].value) if "minAge" in row else None,
                int(row["maxAge"].value) if "maxAge" in row else None,
                position,
            ),
        )


def _write_closures(connection: sqlite3.Connection, rows: list, ids: dict[str, int]) -> None:
    """The day each closed service or setting in `ids` closed (issue 19): search marks it and lists it last."""
    closed = {ids[row["node"].value]: row["closedOn"].value[:10] for row in rows if row["node"].value in ids}
    connection.executemany("INSERT OR REPLACE INTO closures VALUES (?, ?)", sorted(closed.items()))


def reindex_nodes(
    path: Path, before: GraphStore | None, after: GraphStore, library: QueryLibrary, id_base: str, iris: list[str]
) -> int:
    """Bring the index at `path` up to date for the nodes `iris` changed from `before` to `after`, in one
    transaction, without touching other nodes; return the number of documents.

    The full-text tables are contentless (FTS5 keeps no copy of the text), so a row is deleted by giving
    back the values it was inserted with: they are computed again, the same way, from the texts `doc_text`
    kept for it, or (a row indexed before that table existed) from the old graph `before`. With `before`
    None, every indexed row of `iris` must have its kept texts (a ValueError otherwise: nothing written)."""
    iris = sorted(set(iris))
    old = _collect(before, library, id_base, iris) if before is not None else {}
    new = _collect(after, library, id_base, iris)
    facet_rows = _facet_rows(after, library, id_base, iris)
    connection = sqlite3.connect(path)
    try:
        with connection:
            # an index written before provisions (or Welsh and Polish terms) were indexed gets the table here
            connection.execute("CREATE TABLE IF NOT EXISTS provisions (doc INTEGER PRIMARY KEY, line TEXT NOT NULL)")
            connection.execute("CREATE TABLE IF NOT EXISTS closures (doc INTEGER PRIMARY KEY, closed_on TEXT NOT NULL)")
            connection.execute(DOC_TEXT)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS lang_vocab (lang TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, "
                "PRIMARY KEY (lang, term)) WITHOUT ROWID"
            )
            next_id = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM docs").fetchone()[0]
            ids: dict[str, int] = {}
            for iri in iris:
                row = connection.execute("SELECT id FROM docs WHERE iri = ?", (iri,)).fetchone()
                if row is not None:
                    _unindex_document(connection, row[0], _indexed_node(connection, row[0], iri, old, before))
                if iri in new:
                    if row is None:
                        ids[iri], next_id = next_id, next_id + 1
                    else:
                        ids[iri] = row[0]
                    _insert_document(connection, ids[iri], new[iri], id_base)
                    _index_phrases_and_words(connection, ids[iri], new[iri])
            _write_facets(connection, ids, facet_rows, id_base)
            _write_provisions(connection, _scoped(after, library, "search/provisions", id_base, iris), ids)
            _write_closures(connection, _scoped(after, library, "search/closures", id_base, iris), ids)
            documents = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
            connection.execute("UPDATE meta SET value = ? WHERE key = 'documents'", (str(documents),))
    finally:
        connection.close()
    return documents


def _indexed_node(
    connection: sqlite3.Connection, doc: int, iri: str, old: dict[str, _Node], before: GraphStore | None
) -> _Node | None:
    """The texts document `doc` was indexed with: the kept ones, else those of the old graph."""
    kept = connection.execute("SELECT node FROM doc_text WHERE doc = ?", (doc,)).fetchone()
    if kept is not None:
        return _Node.from_stored(iri, kept[0])
    if before is None:
        raise ValueError(f"the index keeps no texts for {iri}: it predates following the journal (rebuild it)")
    return old.get(iri)


def _unindex_document(connection: sqlite3.Connection, doc: int, node: _Node | None) -> None:
    if node is not None:
        connection.execute(
            "INSERT INTO fts (fts, rowid, name, alts, body) VALUES ('delete', ?, ?, ?, ?)", (doc, *_fts_values(node))
        )
        for word in _node_words(node):
            connection.execute("UPDATE vocab SET df = df - 1 WHERE word = ?", (word,))
            if connection.execute("SELECT df FROM vocab WHERE word = ?", (word,)).fetchone() == (0,):
                connection.execute("DELETE FROM vocab WHERE word = ?", (word,))
                connection.execute("DELETE FROM vocab_tri WHERE word = ?", (word,))
        for language, term in _language_terms(node):
            connection.execute("UPDATE lang_vocab SET df = df - 1 WHERE lang = ? AND term = ?", (language, term))
        connection.execute("DELETE FROM lang_vocab WHERE df <= 0")
    for phrase, text in connection.execute("SELECT id, text FROM phrases WHERE doc = ?", (doc,)).fetchall():
        connection.execute(
            "INSERT INTO phrase_fts (phrase_fts, rowid, words) VALUES ('delete', ?, ?)", (phrase, " ".join(words(text)))
        )
    connection.execute("DELETE FROM phrases WHERE doc = ?", (doc,))
    connection.execute("DELETE FROM facets WHERE doc = ?", (doc,))
    connection.execute("DELETE FROM provisions WHERE doc = ?", (doc,))
    connection.execute("DELETE FROM closures WHERE doc = ?", (doc,))
    connection.execute("DELETE FROM doc_text WHERE doc = ?", (doc,))
    connection.execute("DELETE FROM docs WHERE id = ?", (doc,))


def _index_phrases_and_words(connection: sqlite3.Connection, doc: int, node: _Node) -> None:
    phrase = connection.execute("SELECT coalesce(max(id), 0) FROM phrases").fetchone()[0]
    for is_label, text in _phrases_of(node):
        phrase += 1
        connection.execute(
            "INSERT INTO phrases VALUES (?, ?, ?, ?, ?)",
            (phrase, doc, is_label, text, " ".join(_text_terms(node, text, None))),
        )
        connection.execute("INSERT INTO phrase_fts (rowid, words) VALUES (?, ?)", (phrase, " ".join(words(text))))
    for language, term in _language_terms(node):
        connection.execute(
            "INSERT INTO lang_vocab VALUES (?, ?, 1) ON CONFLICT (lang, term) DO UPDATE SET df = df + 1",
            (language, term),
        )
    for word in sorted(_node_words(node)):  # in word order, as the full build writes them
        known = connection.execute("SELECT 1 FROM vocab WHERE word = ?", (word,)).fetchone()
        if known:
            connection.execute("UPDATE vocab SET df = df + 1 WHERE word = ?", (word,))
            continue
        connection.execute("INSERT INTO vocab VALUES (?, ?, 1)", (word, stem(word)))
        if len(word) >= 3 and not word.isdigit():
            connection.execute("INSERT INTO vocab_tri (word) VALUES (?)", (word,))


__all__ = ["build_index", "fold", "kind_of", "reindex_nodes", "slug_of"]
