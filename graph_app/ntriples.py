"""N-Triples text of pyoxigraph triples: one statement a line, as the live store, versions and SPARQL
INSERT DATA take them (str(triple) writes the terms with N-Triples escapes)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def statement(triple: ox.Triple) -> str:
    return f"{triple} ."


def ntriples(triples: Iterable[ox.Triple]) -> str:
    """The triples as N-Triples lines, joined by newlines (no newline after the last)."""
    return "\n".join(statement(t) for t in triples)
