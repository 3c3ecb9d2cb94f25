"""Counting facet values over a set of matching nodes, fast enough for every results page.

The facet table is read once per index into arrays (node number -> value number, per facet), so the
counts for a query are a few vectorised operations over the match set rather than a SQL GROUP BY per
facet. Each facet is counted with every other filter applied but not its own, so a page can show how
many results each choice would give.
"""

from __future__ import annotations

import sqlite3

import numpy as np

FACETS = ("kind", "age", "area", "need", "sector", "open", "provision", "rated")
_NO_MIN, _NO_MAX = 10_000, -1  # a node without ages never passes an age filter


class FacetMatrix:
    def __init__(self, connection: sqlite3.Connection) -> None:
        size = (connection.execute("SELECT max(id) FROM docs").fetchone()[0] or 0) + 1
        self.size = size
        self.exists = np.zeros(size, dtype=bool)
        self.min_age = np.full(size, _NO_MIN, dtype=np.int32)
        self.max_age = np.full(size, _NO_MAX, dtype=np.int32)
        kind_of = np.full(size, -1, dtype=np.int32)
        self.values: dict[str, list[str]] = {"kind": []}
        self._any: dict[str, np.ndarray] = {}
        kind_number: dict[str, int] = {}
        for doc, kind, low, high in connection.execute("SELECT id, kind, min_age, max_age FROM docs"):
            self.exists[doc] = True
            kind_of[doc] = kind_number.setdefault(kind, len(kind_number))
            if low is not None:
                self.min_age[doc], self.max_age[doc] = low, high
        self.values["kind"] = list(kind_number)
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {
            "kind": (np.flatnonzero(kind_of >= 0), kind_of[kind_of >= 0])
        }
        for facet in FACETS[1:]:
            rows = connection.execute("SELECT doc, value FROM facets WHERE facet = ?", (facet,)).fetchall()
            numbers: dict[str, int] = {}
            docs = np.fromiter((doc for doc, _ in rows), dtype=np.int32, count=len(rows))
            vals = np.fromiter((numbers.setdefault(v, len(numbers)) for _, v in rows), dtype=np.int32, count=len(rows))
            self.values[facet] = list(numbers)
            self.pairs[facet] = (docs, vals)

    def has(self, facet: str, value: str) -> np.ndarray:
        """Which nodes have this value."""
        mask = np.zeros(self.size, dtype=bool)
        if value in self.values[facet]:
            docs, vals = self.pairs[facet]
            mask[docs[vals == self.values[facet].index(value)]] = True
        return mask

    def has_any(self, facet: str) -> np.ndarray:
        """Which nodes have any value for the facet."""
        if facet not in self._any:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.pairs[facet][0]] = True
            self._any[facet] = mask
        return self._any[facet]

    def aged(self, age: int) -> np.ndarray:
        return (self.min_age <= age) & (self.max_age >= age)

    def counts(
        self, match: np.ndarray, passes: dict[str, np.ndarray], everywhere: tuple[str, ...] = ()
    ) -> dict[str, dict[str, int]]:
        """Per facet, value -> how many matching nodes choosing that value would leave, given every other
        filter. For an `everywhere` facet, nodes with no value at all (a need has no area) stay whatever
        is chosen, so they count towards every value."""
        result: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            base = match.copy()
            for other, mask in passes.items():
                if other != facet:
                    base &= mask
            docs, vals = self.pairs[facet]
            tally = np.bincount(vals[base[docs]], minlength=len(self.values[facet]))
            if facet in everywhere:
                tally += int(np.count_nonzero(base & ~self.has_any(facet)))
            result[facet] = {self.values[facet][i]: int(tally[i]) for i in np.flatnonzero(tally)}
        return result
