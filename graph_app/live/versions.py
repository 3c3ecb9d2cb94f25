"""Saved versions of records edited by staff (private database, table record_versions).

Every save stores the whole record as N-Triples (the record's own statements and its answers), who saved
it, when and why. Version 0 is the record as it was before its first edit, so the first change can be
compared and rolled back like any other. A save names the version it was based on: if another save came
in between, it is refused (`StaleEdit`) rather than silently overwriting the other editor's change.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from ..ntriples import statement
from ..private.db import PrivateDB
from .changes import Replace


@dataclass(frozen=True)
class Version:
    record_iri: str
    number: int
    created_at: str
    user_id: int | None
    user_name: str
    summary: str
    ntriples: str
    journal_seq: int | None
    rolled_back_from: int | None
    checked_on: str | None = None  # the date the saver checked the whole record (None: no check)

    def triples(self) -> set[ox.Triple]:
        return {q.triple for q in ox.parse(self.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}

    def subjects(self) -> set[str]:
        return {t.subject.value for t in self.triples()}


class StaleEdit(Exception):  # a refusal, not a fault
    """The record changed since the form was opened."""

    def __init__(self, latest: Version) -> None:
        super().__init__(f"version {latest.number} was saved by {latest.user_name} at {latest.created_at}")
        self.latest = latest


class UnknownVersion(ValueError):  # bad input from a form, not a fault
    """The form names a version of the record that was never saved (a forged or mistyped `based_on`)."""

    def __init__(self, record_iri: str, based_on: int) -> None:
        super().__init__(f"{record_iri} has no version {based_on}")
        self.based_on = based_on


def _version(row: sqlite3.Row) -> Version:
    return Version(
        row["record_iri"],
        row["version"],
        row["created_at"],
        row["user_id"],
        row["user_name"],
        row["summary"],
        row["ntriples"],
        row["journal_seq"],
        row["rolled_back_from"],
        row["checked_on"],
    )


def latest(db: PrivateDB, record_iri: str) -> Version | None:
    with db.connect() as connection:
        row = connection.execute(
            "SELECT * FROM record_versions WHERE record_iri = ? ORDER BY version DESC LIMIT 1", (record_iri,)
        ).fetchone()
    return _version(row) if row else None


def latest_numbers(db: PrivateDB, record_iris: Sequence[str]) -> dict[str, int]:
    """Record IRI -> its latest version number (0, "as published", for records never edited)."""
    numbers = dict.fromkeys(record_iris, 0)
    with db.connect() as connection:
        for row in connection.execute("SELECT record_iri, max(version) AS n FROM record_versions GROUP BY record_iri"):
            if row["record_iri"] in numbers:
                numbers[row["record_iri"]] = row["n"]
    return numbers


def get(db: PrivateDB, record_iri: str, number: int) -> Version | None:
    with db.connect() as connection:
        row = connection.execute(
            "SELECT * FROM record_versions WHERE record_iri = ? AND version = ?", (record_iri, number)
        ).fetchone()
    return _version(row) if row else None


def history(db: PrivateDB, record_iri: str) -> list[Version]:
    """Newest first."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT * FROM record_versions WHERE record_iri = ? ORDER BY version DESC", (record_iri,)
        ).fetchall()
    return [_version(r) for r in rows]


def reserve(
    db: PrivateDB,
    record_iri: str,
    based_on: int,
    original: str,
    ntriples: str,
    user_id: int | None,
    user_name: str,
    summary: str,
    rolled_back_from: int | None = None,
    checked_on: str | None = None,
) -> int:
    """Record a new version based on `based_on` (0 = the record as first published) and return its number;
    raise StaleEdit if a later version exists. `original` is the record before any edit: it becomes
    version 0 on the first save. One write transaction, so two saves can never both pass the check."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with db.connect(immediate=True) as connection:
        row = connection.execute(
            "SELECT * FROM record_versions WHERE record_iri = ? ORDER BY version DESC LIMIT 1", (record_iri,)
        ).fetchone()
        current = row["version"] if row else 0
        if based_on > current or based_on < 0:
            raise UnknownVersion(record_iri, based_on)
        if current != based_on:
            raise StaleEdit(_version(row))
        if row is None:
            connection.execute(
                "INSERT INTO record_versions (record_iri, version, created_at, user_id, user_name, summary, ntriples)"
                " VALUES (?, 0, ?, NULL, 'the published data', 'As published before any edit', ?)",
                (record_iri, now, original),
            )
        number = current + 1
        connection.execute(
            "INSERT INTO record_versions (record_iri, version, created_at, user_id, user_name, summary, ntriples,"
            " rolled_back_from, checked_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_iri, number, now, user_id, user_name, summary, ntriples, rolled_back_from, checked_on),
        )
    return number


def last_check(db: PrivateDB, record_iri: str) -> Version | None:
    """The latest version whose saver checked the whole record: who last checked it, by name (private)."""
    with db.connect() as connection:
        row = connection.execute(
            "SELECT * FROM record_versions WHERE record_iri = ? AND checked_on IS NOT NULL "
            "ORDER BY version DESC LIMIT 1",
            (record_iri,),
        ).fetchone()
    return _version(row) if row else None


def confirm(db: PrivateDB, record_iri: str, number: int, journal_seq: int) -> None:
    with db.connect(immediate=True) as connection:
        connection.execute(
            "UPDATE record_versions SET journal_seq = ? WHERE record_iri = ? AND version = ?",
            (journal_seq, record_iri, number),
        )


def withdraw(db: PrivateDB, record_iri: str, number: int) -> None:
    """A version whose publish failed is removed (and version 0 with it, if that was the first save)."""
    with db.connect(immediate=True) as connection:
        connection.execute("DELETE FROM record_versions WHERE record_iri = ? AND version = ?", (record_iri, number))
        if number == 1:
            connection.execute("DELETE FROM record_versions WHERE record_iri = ? AND version = 0", (record_iri,))


def changes_between(current: str, target: str) -> list[Replace]:
    """The Replace changes that turn the `current` N-Triples into `target`: every subject of the target,
    and a removal for each subject only the current has (an answer added since)."""
    by_subject: dict[str, list[str]] = defaultdict(list)
    for quad in ox.parse(target.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        by_subject[quad.subject.value].append(statement(quad.triple))
    gone = {q.subject.value for q in ox.parse(current.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)} - set(by_subject)
    return [Replace(s, "\n".join(lines)) for s, lines in sorted(by_subject.items())] + [
        Replace(s, "") for s in sorted(gone)
    ]


def as_ntriples(changes: Sequence[Replace]) -> str:
    return "\n".join(c.ntriples for c in changes if c.ntriples.strip())
