"""Searching the index: retrieval with FTS5 bm25, then a re-ranking that rewards whole phrases.

What is typed is turned into stemmed terms (text.py), misspelt words are corrected against the index's
own words, and FTS5 finds every node sharing a term (names weigh most, then the words families use, then
definitions). The best few hundred are re-ranked in Python: how much of the query a single name or
altLabel covers (weighted by how rare each word is) and how much of that phrase the query covers, so
"won't eat solid food" lands on the altLabel that says exactly that; needs and topics come before single
services when both match; short names beat long descriptions.

Every meaningful word must match (AND; weak words such as "school" or "help" are dropped when others are
typed); when nothing has them all, the results fall back to nodes with some of them and say so. A best
bet (data/search/best-bets.tsv) puts the pathway or topic a statutory or practical question asks for
first. A need is guessed only when one of its names is typed as a phrase and it outranks every other kind.

Welsh and Polish (languages.py): each typed word is also tried in the reader's languages, and, when no
word of the query is an English word of the index, in every language the index holds; its forms join its
group, so "autyzmem" finds "Autyzm" and "nghlyw" finds "clyw". An English query on an English page does
no more work than before: no other language is asked. Welsh and Polish terms are marked in the index
("pl_bed"), so they never answer an English word.

Why one module of ~560 lines: SearchIndex is one class whose steps (term correction, retrieval, the
re-ranking, the fallback, best bets, facets, autocomplete) share its connection and the per-query
state (the corrected terms and their rarities); split, that state would be passed back and forth
between modules, as the node page's data was before issue 13.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .facet_counts import FacetMatrix
from .languages import index_term, is_stop_in, language_terms, query_forms
from .spelling import closest_word
from .text import WEAK_WORDS, is_stop, stem, terms, words

FTS_WEIGHTS = (10.0, 6.0, 1.0)  # name, family words (altLabel), definition or description
RERANK_DEPTH = 150
NEED_THRESHOLD = 0.6  # how well a need must match before the page leads with it
# how much a kind of node is worth when it matches as well as another: needs and topics explain a
# difficulty; single services and settings are what they lead to
KIND_PRIOR = {
    "need": 1.3,
    "heading": 1.15,
    "resolution-stage": 1.15,
    "pathway": 1.1,
    "pfa-theme": 1.1,
    "clause": 1.0,
    "legislation": 1.0,
    "question": 0.9,
    "expectation": 0.9,
    "step": 0.9,
    "age-band": 0.9,
    "area": 0.9,
    "sector": 0.85,
    "access-level": 0.85,
    "referral-route": 0.85,
    "funding-route": 0.85,
    "organisation-type": 0.8,
    "service": 0.8,
    "setting": 0.75,
    "provider": 0.7,
    # ways to get involved (issue 19): dated and for one council, so a need's services and the words that
    # explain it come first; the council's involvement page lists them all
    "youth-forum": 0.75,
    "consultation": 0.7,
    "training": 0.7,
}
# words that ask for a kind of node rather than describe it: "what the law says about ..." wants clauses
KIND_HINTS = {
    "law": ("clause", "legislation"),
    "laws": ("clause", "legislation"),
    "legal": ("clause", "legislation"),
    "legally": ("clause", "legislation"),
    "legislation": ("clause", "legislation"),
}
KIND_HINT_BOOST = 1.4
# a node with no area or age at all (a need, the law, a topic) is for every area and age, so these
# filters keep it; need, sector and "no assessment needed" filters keep only nodes that have the value
EVERYWHERE_FACETS = ("age", "area")
# the "rated" filter's values (queries/search/facets.rq): both best grades together, then each grade
RATED_VALUES = ("good-or-outstanding", "outstanding", "good", "requires-improvement", "inadequate")
RECENT_SIZE = 64
THIN = 5  # fewer results with every word than this: those with some of the words follow


@dataclass(frozen=True)
class Filters:
    """What the results are narrowed to; None means "any". `age` is an age in years, `age_band` a slug."""

    kind: str | None = None
    age_band: str | None = None
    age: int | None = None
    area: str | None = None
    need: str | None = None
    sector: str | None = None
    open_only: bool = False
    provision: bool = False  # only settings with a resource base or SEN unit
    rated: str | None = None  # the newest inspection's grade (RATED_VALUES), e.g. good-or-outstanding

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    slug: str
    label: str
    score: float
    is_sample: bool = False
    matched: str | None = None  # the other name that matched, when it is not the node's own name
    summary: str = ""
    areas: tuple[str, ...] = ()  # council slugs
    min_age: int | None = None
    max_age: int | None = None
    open: bool = False  # usable without a specialist assessment
    provision: str = ""  # a setting's resource base or SEN unit: "Resource base for hearing impairment, 6 places"
    matched_lang: str | None = None  # the language of `matched` when it is a Welsh or Polish name ("pl")
    closed_on: str = ""  # the ISO day a closed service or setting closed (issue 19): shown marked, after open ones


@dataclass
class Results:
    query: str
    terms: list[str]
    corrected: str | None
    total: int
    hits: list[Hit]
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    partial: bool = False  # few or no nodes had every word: those with some of them follow
    all_words: int = 0  # how many results have every word
    best_bet: Hit | None = None
    best_bet_phrase: str | None = None


@dataclass
class _Candidate:
    doc: int
    bm25: float
    score: float = 0.0
    matched: str | None = None
    matched_lang: str | None = None


def phrase_language(phrase_terms: str) -> str | None:
    """The language of a phrase from its terms as the index holds them: "pl" for "pl_autyzm pl_spektrum",
    None for English (languages.index_term)."""
    first = phrase_terms.split(" ", 1)[0]
    return first.split("_", 1)[0] if "_" in first else None


def hinted_kinds(text: str) -> frozenset[str]:
    return frozenset(kind for word in words(text) for kind in KIND_HINTS.get(word, ()))


class SearchIndex:
    """A read-only handle on one build's index file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._uri = f"{self.path.as_uri()}?mode=ro"
        self._local = threading.local()
        self._vocab: tuple[dict[str, int], dict[str, int], int] | None = None
        self._language_vocab: dict[str, dict[str, int]] | None = None
        self._facet_values: dict[str, list[tuple[str, str, int | None, int | None]]] | None = None
        self._facet_matrix: FacetMatrix | None = None
        self._needs: list[int] | None = None
        self._best_bets: list[tuple[int, frozenset[str], str]] | None = None
        self._kinds: list[str] | None = None
        self._recent_values: dict[tuple, object] = {}
        self._lock = threading.Lock()

    # -- plumbing ------------------------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def _load_vocab(self) -> tuple[dict[str, int], dict[str, int], int]:
        """Word -> number of nodes using it, stem -> the same, and the number of nodes (read once)."""
        if self._vocab is None:
            connection = self._connection()
            word_df: dict[str, int] = {}
            stem_df: dict[str, int] = defaultdict(int)
            for word, word_stem, df in connection.execute("SELECT word, stem, df FROM vocab"):
                word_df[word] = df
                stem_df[word_stem] = max(stem_df[word_stem], df)
            total = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
            self._vocab = (word_df, dict(stem_df), total)
        return self._vocab

    def _load_language_vocab(self) -> dict[str, dict[str, int]]:
        """Language -> Welsh or Polish term as the index holds it ("pl_autyzm") -> number of nodes using it."""
        if self._language_vocab is None:
            found: dict[str, dict[str, int]] = defaultdict(dict)
            try:
                for language, term, df in self._connection().execute("SELECT lang, term, df FROM lang_vocab"):
                    found[language][term] = df
            except sqlite3.OperationalError:  # an index built before Welsh and Polish were indexed
                pass
            self._language_vocab = dict(found)
        return self._language_vocab

    def facet_values(self) -> dict[str, list[tuple[str, str, int | None, int | None]]]:
        """Every choice of every filter: facet -> [(slug, English name, min age, max age)]."""
        if self._facet_values is None:
            values: dict[str, list] = defaultdict(list)
            rows = self._connection().execute(
                "SELECT facet, value, label, min_age, max_age FROM facet_values ORDER BY facet, position"
            )
            for facet, value, label, low, high in rows:
                values[facet].append((value, label, low, high))
            self._facet_values = dict(values)
        return self._facet_values

    def kinds(self) -> list[str]:
        if self._kinds is None:  # read once: the index never changes under a handle
            self._kinds = [k for (k,) in self._connection().execute("SELECT DISTINCT kind FROM docs ORDER BY kind")]
        return self._kinds

    # -- understanding the query ---------------------------------------------------------------------
    def analyse(self, text: str, languages: tuple[str, ...] = ()) -> tuple[list[tuple[str, ...]], str | None]:
        """The query's terms after spelling correction (see _analyse), remembered for the few most recent
        queries: one results page analyses the same words three times. `languages`: the reader's
        languages other than English ("cy", "pl"), each word's forms in those are tried too."""
        return self._recent(("analyse", text, languages), lambda: self._analyse(text, languages))

    def _ranked(self, expression: str, fetch: int) -> list[tuple[int, float]]:
        """The `fetch` best matches of an FTS5 expression by bm25 (the results list and the services for
        the need ask for the same ones), remembered for the few most recent queries."""
        return self._recent(
            ("ranked", expression, fetch),
            lambda: (
                self._connection()
                .execute(
                    "SELECT rowid, bm25(fts, ?, ?, ?) FROM fts WHERE fts MATCH ? ORDER BY 2 LIMIT ?",
                    [*FTS_WEIGHTS, expression, fetch],
                )
                .fetchall()
            ),
        )

    def _match_ids(self, expression: str) -> np.ndarray:
        """Every node matching an FTS5 expression, remembered for the few most recent queries."""

        def read() -> np.ndarray:
            # one joined string from SQLite, split in C: a third of the time of one Python row per match
            (joined,) = (
                self._connection()
                .execute("SELECT group_concat(rowid, ',') FROM fts WHERE fts MATCH ?", (expression,))
                .fetchone()
            )
            return np.array(joined.split(","), dtype=np.int64) if joined else np.zeros(0, dtype=np.int64)

        return self._recent(("match", expression), read)

    def _recent(self, key: tuple, compute):  # any value
        cache = self._recent_values
        with self._lock:
            if key in cache:
                cache[key] = cache.pop(key)  # most recently used last
                return cache[key]
        value = compute()
        with self._lock:
            cache[key] = value
            while len(cache) > RECENT_SIZE:
                cache.pop(next(iter(cache)))
        return value

    def _analyse(self, text: str, languages: tuple[str, ...] = ()) -> tuple[list[tuple[str, ...]], str | None]:
        """The query's terms after spelling correction, each as a group of stems that count as the same
        word (the stem first, then longer forms the index holds: "complain" also finds "complaint"; a
        word's Welsh or Polish forms the index holds, first when it is no English word of the index), and
        the corrected text when a word was changed."""
        word_df, stem_df, _ = self._load_vocab()
        language_df = self._load_language_vocab()
        held = tuple(language_df)
        typed = words(text)
        meaningful = [w for w in typed if not is_stop(w) and not is_stop_in(w, languages)] or typed
        # a word no English text has that says nothing in Welsh or Polish ("dla", "ei")
        meaningful = [w for w in meaningful if w in word_df or not is_stop_in(w, held)] or meaningful
        strong = [w for w in meaningful if w not in WEAK_WORDS] or meaningful
        strong = [w for w in strong if w not in KIND_HINTS] or strong
        groups: list[tuple[str, ...]] = []
        replaced: dict[str, str] = {}
        # on a page in English, a word English does not have is tried in Welsh and Polish only when no word
        # of the query is English: "autyzmem" is, "wetting the bed" (no English text says "bed") is not
        foreign_query = all(w not in word_df and not w.isdigit() for w in strong)
        for word in strong:
            word_stem = stem(word)
            tried = languages if word in word_df or not foreign_query else held
            marked = [index_term(lang, form) for lang, form in query_forms(word, tried)]
            foreign = [term for term in marked if term in language_df.get(term.split("_", 1)[0], {})]
            if foreign and word not in word_df:
                group = list(dict.fromkeys([*foreign, word_stem]))
                if all(group[0] not in g for g in groups):
                    groups.append(tuple(group))
                continue
            if word not in word_df and not word.isdigit():
                # unknown as typed: a close indexed word wins if the stem is unknown too, or rarer than it
                # ("hering" stems to "here", but "hearing" is what was meant)
                better = closest_word(self._connection(), word, word_df)
                if (
                    better
                    and stem(better) != word_stem
                    and (word_stem not in stem_df or word_df[better] > stem_df[word_stem])
                ):
                    replaced[word], word, word_stem = better, better, stem(better)
            group = [word_stem, *sorted(self._longer_forms(word) - {word_stem})]
            group += [form for form in foreign if form not in group]
            if all(word_stem not in g for g in groups):
                groups.append(tuple(group))
        corrected = " ".join(replaced.get(w, w) for w in typed) if replaced else None
        return groups, corrected

    def _longer_forms(self, word: str) -> set[str]:
        """Stems of indexed words that are this word plus a short ending Porter does not remove."""
        if len(word) < 5:
            return set()
        rows = self._connection().execute(
            "SELECT word, stem FROM vocab WHERE word > ? AND word < ?", (word, word + "{")
        )
        return {word_stem for longer, word_stem in rows if len(longer) - len(word) <= 3}

    @staticmethod
    def _expression(groups: list[tuple[str, ...]], every: bool = False) -> str:
        """Any of the terms, or (every) each group: one of its forms, AND across groups."""
        # each stem is letters and digits only (text.words), quoted: nothing typed can be FTS5 syntax
        if not every or len(groups) < 2:
            return " OR ".join(f'"{t}"' for group in groups for t in group)
        return " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)

    # -- best bets -----------------------------------------------------------------------------------
    def _load_best_bets(self) -> list[tuple[int, frozenset[str], str]]:
        if self._best_bets is None:
            try:
                rows = self._connection().execute("SELECT doc, terms, phrase FROM best_bets ORDER BY position")
                self._best_bets = [(doc, frozenset(t.split()), phrase) for doc, t, phrase in rows]
            except sqlite3.OperationalError:  # an index built before best bets existed
                self._best_bets = []
        return self._best_bets

    def best_bet(self, text: str) -> tuple[int, str] | None:
        """The page a best-bet phrase in the query points to, with the phrase: the phrase with most words
        all present in the query wins (then the earlier line), so "ehc plan end" beats "ehc"."""
        typed = set(terms(text))
        best: tuple[int, int, str] | None = None
        for doc, phrase_terms, phrase in self._load_best_bets():
            if phrase_terms <= typed and (best is None or len(phrase_terms) > best[0]):
                best = (len(phrase_terms), doc, phrase)
        return (best[1], best[2]) if best else None

    # -- searching -----------------------------------------------------------------------------------
    def search(
        self,
        text: str,
        limit: int = 20,
        offset: int = 0,
        filters: Filters | None = None,
        counts: bool = False,
        languages: tuple[str, ...] = (),
    ) -> Results:
        """Ranked hits for what was typed (or, with no words, every node the filters allow); `languages`,
        the reader's other languages than English, whose forms of each word are tried too.

        One FTS5 pass finds every matching node with its bm25 score; the filters, the total, the best
        candidates and the facet counts then all come from arrays over that one match set."""
        filters = filters or Filters()
        query_terms, corrected = self.analyse(text, languages)
        if not query_terms and filters.is_empty():
            return Results(text, [], corrected, 0, [])
        bet = self.best_bet(corrected or text) if query_terms else None
        partial = False
        matrix = self._matrix()
        passes = self._passes(filters)
        allowed = matrix.exists.copy()
        for mask in passes.values():
            allowed &= mask
        match = np.zeros(matrix.size, dtype=bool)
        all_words = 0
        if query_terms:
            expression = self._expression(query_terms, every=True)
            match[self._match_ids(expression)] = True
            all_words = int(np.count_nonzero(match & allowed))
            candidates = self._best(expression, allowed, all_words, offset + limit, bool(passes), query_terms, text)
            if len(query_terms) > 1 and all_words < THIN:
                # few or no nodes have every word: those follow with the ones that have some of them
                partial = True
                expression = self._expression(query_terms)
                some = np.zeros(matrix.size, dtype=bool)
                some[self._match_ids(expression)] = True
                some &= allowed & ~match
                match |= some
                seen = {c.doc for c in candidates}
                candidates += [
                    c
                    for c in self._best(
                        expression,
                        allowed,
                        int(np.count_nonzero(some)) + all_words,
                        offset + limit,
                        bool(passes),
                        query_terms,
                        text,
                    )
                    if c.doc not in seen
                ]
            if bet is not None and allowed[bet[0]]:
                match[bet[0]] = True
            total = int(np.count_nonzero(match & allowed))
            if bet is not None and allowed[bet[0]]:
                candidates = [_Candidate(bet[0], 0.0, 100.0)] + [c for c in candidates if c.doc != bet[0]]
        else:
            match = matrix.exists.copy()
            wanted = np.flatnonzero(allowed)
            total = len(wanted)
            candidates = self._browse(wanted, offset + limit)
        hits = self._hits(candidates[offset : offset + limit])
        results = Results(
            text, [g[0] for g in query_terms], corrected, total, hits, partial=partial, all_words=all_words
        )
        if bet is not None and allowed[bet[0]]:
            results.best_bet, results.best_bet_phrase = self._hits([_Candidate(bet[0], 0.0, 100.0)])[0], bet[1]
        if counts:
            results.facet_counts = matrix.counts(match, passes, EVERYWHERE_FACETS)
        return results

    def _best(
        self,
        expression: str,
        allowed: np.ndarray,
        total: int,
        wanted: int,
        filtered: bool,
        query_terms: list[tuple[str, ...]],
        text: str,
    ) -> list[_Candidate]:
        """The best matches of an expression among the allowed nodes, re-ranked."""
        depth = min(total, max(RERANK_DEPTH, wanted))
        # the best by bm25 among the allowed: ask SQLite for the best few times more than needed (ORDER BY
        # bm25 with LIMIT is far cheaper than scoring every match), more only if filters left too few
        fetch = depth * (4 if filtered else 1)
        best: list[tuple[int, float]] = []
        while depth:
            rows = self._ranked(expression, fetch)
            best = [(doc, score) for doc, score in rows if allowed[doc]]
            if len(best) >= depth or len(rows) < fetch:
                break
            fetch *= 8
        return self._rerank([_Candidate(doc, -score) for doc, score in best[:depth]], query_terms, hinted_kinds(text))

    def _browse(self, wanted: np.ndarray, count: int) -> list[_Candidate]:
        """Nodes in a filtered list with no words: topics and needs first, then by name."""
        if not len(wanted):
            return []
        marks = ",".join("?" * len(wanted))
        rows = (
            self._connection()
            .execute(
                f"SELECT id FROM docs WHERE id IN ({marks}) ORDER BY kind IN ('service', 'setting', 'provider'), "
                "label LIMIT ?",
                [*map(int, wanted), count],
            )
            .fetchall()
        )
        closed = self._closed([doc for (doc,) in rows])  # closed ones after open ones, in the same order
        return [_Candidate(doc, 0.0) for (doc,) in sorted(rows, key=lambda r: r[0] in closed)]

    def _passes(self, filters: Filters) -> dict[str, np.ndarray]:
        """Per filter given, which nodes it keeps."""
        matrix = self._matrix()
        passes: dict[str, np.ndarray] = {}
        if filters.kind:
            passes["kind"] = matrix.has("kind", filters.kind)
        for facet, value in (
            ("age", filters.age_band),
            ("area", filters.area),
            ("need", filters.need),
            ("sector", filters.sector),
            ("open", "yes" if filters.open_only else None),
            ("provision", "yes" if filters.provision else None),
            ("rated", filters.rated),
        ):
            if value is not None:
                passes[facet] = matrix.has(facet, value)
                if facet in EVERYWHERE_FACETS:
                    passes[facet] = passes[facet] | ~matrix.has_any(facet)
        if filters.age is not None:
            passes["age"] = matrix.aged(filters.age) | ~matrix.has_any("age")
        return passes

    def facet_counts(self, query_terms: list[tuple[str, ...]], filters: Filters) -> dict[str, dict[str, int]]:
        """For each facet, how many matching nodes have each value, given every other filter."""
        return self.search(" ".join(g[0] for g in query_terms), limit=0, filters=filters, counts=True).facet_counts

    def _matrix(self) -> FacetMatrix:
        if self._facet_matrix is None:
            with self._lock:
                if self._facet_matrix is None:
                    self._facet_matrix = FacetMatrix(self._connection())
        return self._facet_matrix

    def _rerank(
        self, candidates: list[_Candidate], groups: list[tuple[str, ...]], hinted: frozenset[str] = frozenset()
    ) -> list[_Candidate]:
        if not candidates:
            return []
        _, stem_df, total_docs = self._load_vocab()

        def weight_of(group: tuple[str, ...]) -> float:
            known = [stem_df[t] for t in group if t in stem_df]
            frequency = stem_df.get(group[0]) or (max(known) if known else 1)
            return math.log(1 + total_docs / frequency)

        weights = [weight_of(g) for g in groups]
        total_weight = sum(weights) or 1.0
        every_stem = {t for g in groups for t in g}
        primary = " ".join(g[0] for g in groups)

        def coverage(found: set[str]) -> float:
            return sum(w for g, w in zip(groups, weights, strict=True) if found.intersection(g)) / total_weight

        by_doc = {c.doc: c for c in candidates}
        marks = ",".join("?" * len(by_doc))
        connection = self._connection()
        best_phrase: dict[int, tuple[float, str | None, str | None]] = {}
        for doc, is_label, text, phrase_terms in connection.execute(
            f"SELECT doc, is_label, text, terms FROM phrases WHERE doc IN ({marks})", list(by_doc)
        ):
            phrase = set(phrase_terms.split())
            shared = phrase & every_stem
            if not shared:
                continue
            score = coverage(shared) * (0.55 + 0.45 * len(shared) / len(phrase))
            if len(groups) > 1 and primary in phrase_terms:
                score += 0.25  # the words in the order typed
            if len(shared) == len(phrase) and coverage(shared) == 1.0:
                score += 0.35  # exactly this name
            if is_label:
                score *= 1.15
            best = best_phrase.get(doc, (0.0, None, None))[0]
            # a family word, or a name in another language than English ("Autyzm"), is shown as matched; the
            # English name wins a tie, so an English query is never told it matched the Welsh "Ôl-16"
            if score > best or (score == best and is_label == 1):
                shown = is_label in (0, 2)
                best_phrase[doc] = (score, text if shown else None, phrase_language(phrase_terms) if shown else None)
        meta = {
            doc: (kind, body)
            for doc, kind, body in connection.execute(
                f"SELECT id, kind, body_terms FROM docs WHERE id IN ({marks})", list(by_doc)
            )
        }
        top_bm25 = max(c.bm25 for c in candidates) or 1.0  # bm25 is 0 for needs scored directly
        for candidate in candidates:
            kind, body = meta[candidate.doc]
            cover_body = coverage(set(body.split()) & every_stem)
            phrase_score, matched, matched_lang = best_phrase.get(candidate.doc, (0.0, None, None))
            candidate.score = (
                (2.5 * phrase_score + 0.8 * cover_body + 0.4 * candidate.bm25 / top_bm25)
                * KIND_PRIOR.get(kind, 0.9)
                * (KIND_HINT_BOOST if kind in hinted else 1.0)
            )
            candidate.matched, candidate.matched_lang = matched, matched_lang
        closed = self._closed(list(by_doc))
        return sorted(candidates, key=lambda c: (c.doc in closed, -c.score, c.doc))

    def _closed(self, docs: list[int]) -> dict[int, str]:
        """doc -> the day it closed, for the closed ones among `docs` (none in an index built before closures)."""
        if not docs:
            return {}
        marks = ",".join("?" * len(docs))
        try:
            rows = self._connection().execute(f"SELECT doc, closed_on FROM closures WHERE doc IN ({marks})", docs)
            return dict(rows.fetchall())
        except sqlite3.OperationalError:
            return {}

    def _hits(self, candidates: list[_Candidate]) -> list[Hit]:
        if not candidates:
            return []
        marks = ",".join("?" * len(candidates))
        docs = [c.doc for c in candidates]
        connection = self._connection()
        try:
            rows = {
                row[0]: row[1:]
                for row in connection.execute(
                    "SELECT id, iri, kind, slug, label, is_sample, min_age, max_age, summary FROM docs "
                    f"WHERE id IN ({marks})",
                    docs,
                )
            }
        except sqlite3.OperationalError:  # an index built before summaries existed
            rows = {
                row[0]: (*row[1:], "")
                for row in connection.execute(
                    f"SELECT id, iri, kind, slug, label, is_sample, min_age, max_age FROM docs WHERE id IN ({marks})",
                    docs,
                )
            }
        areas: dict[int, list[str]] = defaultdict(list)
        opened: set[int] = set()
        for doc, facet, value in connection.execute(
            f"SELECT doc, facet, value FROM facets WHERE facet IN ('area', 'open') AND doc IN ({marks}) ORDER BY value",
            docs,
        ):
            if facet == "area":
                areas[doc].append(value)
            else:
                opened.add(doc)
        try:
            provisions = dict(
                connection.execute(f"SELECT doc, line FROM provisions WHERE doc IN ({marks})", docs).fetchall()
            )
        except sqlite3.OperationalError:  # an index built before provisions were indexed
            provisions = {}
        closures = self._closed(docs)
        return [
            Hit(
                *rows[c.doc][:4],
                round(c.score, 4),
                bool(rows[c.doc][4]),
                c.matched,
                rows[c.doc][7] or "",
                tuple(areas.get(c.doc, ())),
                rows[c.doc][5],
                rows[c.doc][6],
                c.doc in opened,
                provisions.get(c.doc, ""),
                c.matched_lang,
                closures.get(c.doc, ""),
            )
            for c in candidates
        ]

    # -- need-led results ----------------------------------------------------------------------------
    def matching_needs(self, text: str, limit: int = 3, languages: tuple[str, ...] = ()) -> list[Hit]:
        """The needs a query describes, best first (only those close to the best one). There are few
        needs, so each is scored directly rather than through the full-text index."""
        query_terms, _ = self.analyse(text, languages)
        if not query_terms:
            return []
        needs = self._need_ids()
        ranked = [c for c in self._rerank([_Candidate(doc, 0.0) for doc in needs], query_terms) if c.score > 0]
        if not ranked or ranked[0].score < NEED_THRESHOLD:
            return []
        close = [c for c in ranked if c.score >= 0.75 * ranked[0].score][:limit]
        return self._hits(close)

    def guess_need(self, text: str, found: Results, languages: tuple[str, ...] = ()) -> Hit | None:
        """The need to name ("This sounds like: ..."), or None: only when the best result other than a
        best bet is a need and one of its names or family words appears in the query as a phrase (its
        words, in order, next to each other). A guess that may be wrong is worse than none."""
        if found.best_bet is not None:
            # the best bet answers its own words; a need named beside them ("EHCP for autism") may be guessed
            # from the rest
            bet_terms = set(terms(found.best_bet_phrase or ""))
            rest = [
                w
                for w in words(found.corrected or text)
                if not is_stop(w) and w not in WEAK_WORDS and stem(w) not in bet_terms
            ]
            if not rest:
                return None
            found = self.search(" ".join(rest), limit=5, languages=languages)
            if found.best_bet is not None:
                return None
            typed_terms = [t for t in terms(found.corrected or text, keep_stop_words=True) if t not in bet_terms]
        else:
            typed_terms = terms(found.corrected or text, keep_stop_words=True)
        organic = found.hits
        if not organic or organic[0].kind != "need" or (found.partial and not found.all_words):
            return None
        top = organic[0]
        typed = " " + " ".join(typed_terms) + " "
        rows = self._connection().execute(
            "SELECT p.text FROM phrases p JOIN docs d ON d.id = p.doc WHERE d.iri = ?", (top.iri,)
        )
        for (phrase,) in rows:
            # every word of the name, stop words too, next to each other: "doesn't like change" is a phrase,
            # "what changes" is not it
            meaningful = [w for w in words(phrase) if not is_stop(w)]
            if (
                meaningful
                and not all(w in WEAK_WORDS for w in meaningful)
                and f" {' '.join(terms(phrase, keep_stop_words=True))} " in typed
            ):
                return top
            if self._named_in_other_language(phrase, found.corrected or text):
                return top
        return None

    def _named_in_other_language(self, phrase: str, text: str) -> bool:
        """Whether the phrase's Welsh or Polish terms appear in the query in order, next to each other
        (stop words aside): "dziecko z autyzmem" names "Autyzm", "nam ar y clyw" names "Nam ar y clyw"."""
        typed = words(text)
        for language in self._load_language_vocab():
            wanted = language_terms(phrase, language)
            forms = [found for w in typed if (found := {form for _l, form in query_forms(w, (language,))})]
            for start in range(len(forms) - len(wanted) + 1):
                if wanted and all(term in forms[start + i] for i, term in enumerate(wanted)):
                    return True
        return False

    def _in_other_languages(self, groups: list[tuple[str, ...]]) -> bool:
        """Whether every word of the query was found only as a Welsh or Polish form (its group leads with a
        form no English text of the index has: "plan" or "ehc" in a Polish name do not count)."""
        _, stem_df, _ = self._load_vocab()
        held = self._load_language_vocab().values()
        return bool(held) and all(g[0] not in stem_df and any(g[0] in terms_df for terms_df in held) for g in groups)

    def _need_name(self, need_slug: str) -> str:
        row = (
            self._connection()
            .execute("SELECT label FROM docs WHERE kind = 'need' AND slug = ?", (need_slug,))
            .fetchone()
        )
        return row[0] if row else ""

    def _need_ids(self) -> list[int]:
        if self._needs is None:
            self._needs = [doc for (doc,) in self._connection().execute("SELECT id FROM docs WHERE kind = 'need'")]
        return self._needs

    def services_for_need(
        self,
        need_slug: str,
        filters: Filters | None = None,
        limit: int = 6,
        text: str = "",
        languages: tuple[str, ...] = (),
    ) -> tuple[int, list[Hit]]:
        """Services that meet a need or a narrower one (the index holds every broader need of each
        service's needs), within the filters; those that best match the words typed come first."""
        filters = filters or Filters()
        narrowed = Filters(
            kind="service",
            age_band=filters.age_band,
            age=filters.age,
            area=filters.area,
            need=need_slug,
            sector=filters.sector,
            open_only=filters.open_only,
            rated=filters.rated,
        )
        allowed = self._matrix().exists.copy()
        for mask in self._passes(narrowed).values():
            allowed &= mask
        ids = np.flatnonzero(allowed)
        if not len(ids):
            return 0, []
        query_terms, _ = self.analyse(text, languages) if text else ([], None)
        if query_terms and self._in_other_languages(query_terms):
            # services are described in English: a Welsh or Polish query ranks them by the need's English name
            query_terms, _ = self.analyse(self._need_name(need_slug))
        chosen: list[_Candidate] = []
        if query_terms:
            # the best matches overall (the results list has just fetched them), kept when they are
            # services for the need; then, if too few, other matching services re-ranked by how much of
            # the query their names and family words cover. Bounded work however broad the query:
            # ranking every match inside the need is a join SQLite runs per matching row (250 ms).
            expression = self._expression(query_terms)
            rows = self._ranked(expression, RERANK_DEPTH)
            chosen = [_Candidate(doc, -score, -score) for doc, score in rows if allowed[doc]][:limit]
            if len(chosen) < limit:
                matching = np.zeros(len(allowed), dtype=bool)
                matching[self._match_ids(expression)] = True
                matching &= allowed
                matching[[c.doc for c in chosen]] = False
                others = [_Candidate(int(doc), 0.0) for doc in np.flatnonzero(matching)[:RERANK_DEPTH]]
                chosen += self._rerank(others, query_terms)[: limit - len(chosen)]
        picked = {c.doc for c in chosen}
        chosen += [_Candidate(doc, 0.0) for doc in ids[: limit + len(picked)].tolist() if doc not in picked][
            : limit - len(chosen)
        ]
        return len(ids), self._hits(chosen)

    # -- autocomplete --------------------------------------------------------------------------------
    def suggest(self, text: str, limit: int = 8, languages: tuple[str, ...] = ()) -> list[Hit]:
        """Names and family words that start like what is being typed, one per node."""
        typed = words(text)
        if not typed:
            return []
        last = typed[-1]
        before = [w for w in typed[:-1] if not is_stop(w)]
        parts = [f'"{w}"' for w in before] + [f'"{last}"*' if len(last) >= 2 else f'"{last}"']
        rows = (
            self._connection()
            .execute(
                "SELECT p.doc, p.is_label, p.text, d.kind, p.terms FROM phrase_fts "
                "JOIN phrases p ON p.id = phrase_fts.rowid JOIN docs d ON d.id = p.doc "
                "WHERE phrase_fts MATCH ? ORDER BY rank LIMIT 200",
                (" ".join(parts),),
            )
            .fetchall()
        )
        folded = " ".join(typed)
        best: dict[int, tuple[float, str | None, str | None]] = {}
        for doc, is_label, phrase, kind, phrase_terms in rows:
            phrase_words = " ".join(words(phrase))
            score = (
                KIND_PRIOR.get(kind, 0.9)
                * (1.2 if is_label else 1.0)
                * (1.5 if phrase_words.startswith(folded) else 1.0)
                / (1 + len(phrase) / 40)
            )
            if score > best.get(doc, (0.0, None, None))[0]:
                shown = is_label in (0, 2)
                best[doc] = (score, phrase if shown else None, phrase_language(phrase_terms) if shown else None)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        hits = self._hits([_Candidate(doc, 0.0, score, matched, lang) for doc, (score, matched, lang) in ranked])
        if len(hits) < limit:  # a misspelling or a description: fall back to the full search
            seen = {h.iri for h in hits}
            found = self.search(text, limit=limit, languages=languages).hits
            hits += [h for h in found if h.iri not in seen][: limit - len(hits)]
        return hits
