"""A record's items kept from the public (issue 18: a contact not shown to the public), in the private
database (table private_parts, migration 027), one row per saved version of the record.

Why here and not in the public graph with a "not public" flag: everything in the public graph is public
by construction (record pages, .ttl/.jsonld twins, dumps, /sparql, the ORUK API, remote stores), so a flag
would have to be honoured by every one of them, now and in every future output; a statement that is not
in the graph cannot leak from any of them. The staff form reads the latest row; a save writes a new one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph as ox

from ..ntriples import ntriples
from .db import PrivateDB


def latest(db: PrivateDB, record_iri: str) -> list[ox.Triple]:
    """The record's private items' statements as of its latest save (none: empty)."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT ntriples FROM private_parts WHERE record_iri = ? ORDER BY version DESC LIMIT 1", (record_iri,)
        ).fetchone()
    return _parse(row["ntriples"]) if row else []


def at_version(db: PrivateDB, record_iri: str, version: int) -> list[ox.Triple]:
    """The private items as the record's save of that version left them (the latest row at or before it)."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT ntriples FROM private_parts WHERE record_iri = ? AND version <= ? ORDER BY version DESC LIMIT 1",
            (record_iri, version),
        ).fetchone()
    return _parse(row["ntriples"]) if row else []


def kept_any(db: PrivateDB, record_iri: str) -> bool:
    """Whether any save of the record kept private items (or their absence): its rows are its history."""
    with db.connect() as connection:
        return (
            connection.execute("SELECT 1 FROM private_parts WHERE record_iri = ? LIMIT 1", (record_iri,)).fetchone()
            is not None
        )


def store(db: PrivateDB, record_iri: str, version: int, triples: list[ox.Triple]) -> None:
    """Keep the private items the save of this version leaves (an empty list: none any more)."""
    with db.connect(immediate=True) as connection:
        connection.execute(
            "INSERT INTO private_parts (record_iri, version, ntriples, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT "
            "(record_iri, version) DO UPDATE SET ntriples = excluded.ntriples, saved_at = excluded.saved_at",
            (record_iri, version, ntriples(triples), datetime.now(UTC).isoformat(timespec="seconds")),
        )


def _parse(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)] if text else []
