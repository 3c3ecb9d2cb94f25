"""Changes that need approval (issue 18): a council may ask that its provider editors' saves wait for one of
its moderators or admins before they are published.

A held save is kept whole (the record as it would be published, N-Triples) with the version it was based on,
in the private table pending_changes (migration 026), never in record_versions (a version there with no
journal entry is withdrawn as a crashed save). Approving publishes it through the one save path
(live/records.save: a version and a publish), refused as stale when another save came in between; returning
it sends it back to its editor with the reason. The public graph never sees a held change.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import Settings
from ..namespaces import RDF
from ..ntriples import statement
from ..private.accounts import now_text
from ..private.db import PrivateDB
from . import comparable, records, versions

REASON_MAX = 2000


@dataclass(frozen=True)
class Pending:
    id: int
    record_iri: str
    kind: str
    slug: str
    council_iri: str | None
    is_new: bool
    based_on: int
    ntriples: str
    summary: str
    organisation: str | None
    checked_on: str | None
    user_id: int
    user_name: str
    created_at: str
    status: str  # pending | approved | returned | replaced (by the same editor's later save)
    reason: str | None
    decided_by: int | None
    decided_name: str | None
    decided_at: str | None
    published_version: int | None

    def triples(self) -> list[ox.Triple]:
        return parse(self.ntriples)


def parse(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


class NotPending(Exception):  # a refusal: someone decided it first
    """The change was already approved, returned or replaced."""


def _pending(row: sqlite3.Row) -> Pending:
    values = {key: row[key] for key in row.keys()}
    values["is_new"] = bool(values["is_new"])
    return Pending(**values)


# -- the council setting ------------------------------------------------------------------------------------
def approval_required(db: PrivateDB, council_iri: str | None) -> bool:
    if not council_iri:
        return False
    with db.connect() as conn:
        row = conn.execute(
            "SELECT approval_required FROM council_settings WHERE council_iri = ?", (council_iri,)
        ).fetchone()
    return bool(row and row["approval_required"])


def councils_requiring(db: PrivateDB) -> set[str]:
    with db.connect() as conn:
        rows = conn.execute("SELECT council_iri FROM council_settings WHERE approval_required = 1").fetchall()
    return {r["council_iri"] for r in rows}


def set_approval_required(db: PrivateDB, council_iri: str, required: bool, user_id: int) -> None:
    with db.connect(immediate=True) as conn:
        conn.execute(
            "INSERT INTO council_settings (council_iri, approval_required, changed_by, changed_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (council_iri) DO UPDATE SET approval_required = excluded.approval_required, "
            "changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            (council_iri, int(required), user_id, now_text()),
        )


# -- held changes -------------------------------------------------------------------------------------------
def hold(
    db: PrivateDB,
    record: records.Record,
    based_on: int,
    snapshot: str,
    *,
    council_iri: str | None,
    summary: str,
    organisation: str | None,
    checked_on: str | None,
    user_id: int,
    user_name: str,
) -> int:
    """Keep a save for approval and return its number. The same editor's earlier change to the same record
    still waiting (based on the same version) is folded in: each part of the task list is saved on its own from
    the published record, so this save carries only its own part's changes; what it changed wins, the earlier
    change keeps the rest (merged). The earlier change is then marked replaced."""
    base = "" if record.new else record.ntriples()
    with db.connect(immediate=True) as conn:
        earlier = conn.execute(
            "SELECT ntriples FROM pending_changes WHERE record_iri = ? AND user_id = ? AND status = 'pending' "
            "AND based_on = ? ORDER BY id DESC LIMIT 1",
            (record.iri, user_id, based_on),
        ).fetchone()
        if earlier is not None:
            snapshot = merged(base, earlier["ntriples"], snapshot)
        conn.execute(
            "UPDATE pending_changes SET status = 'replaced', decided_at = ? "
            "WHERE record_iri = ? AND user_id = ? AND status = 'pending'",
            (now_text(), record.iri, user_id),
        )
        cursor = conn.execute(
            "INSERT INTO pending_changes (record_iri, kind, slug, council_iri, is_new, based_on, ntriples, summary, "
            "organisation, checked_on, user_id, user_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.iri,
                record.kind,
                record.slug,
                council_iri,
                int(record.new),
                based_on,
                snapshot,
                summary,
                organisation,
                checked_on,
                user_id,
                user_name,
                now_text(),
            ),
        )
        return int(cursor.lastrowid)


def merged(base: str, earlier: str, latest: str) -> str:
    """`earlier` with every field `latest` changed from `base` taken from `latest` (a field: one subject's
    values of one property, compared by meaning: live/comparable.py); all N-Triples. A field both changed
    ends as `latest` has it."""
    fields = {name: _fields(text) for name, text in (("base", base), ("earlier", earlier), ("latest", latest))}
    result = {field: lines for field, (lines, _) in fields["earlier"].items()}
    for field in fields["base"].keys() | fields["latest"].keys():
        before, after = fields["base"].get(field, (set(), set())), fields["latest"].get(field, (set(), set()))
        if before[1] != after[1]:
            result[field] = after[0]
    return "\n".join(sorted(line for lines in result.values() for line in lines))


def _fields(text: str) -> dict[tuple[str, str], tuple[set[str], set[comparable.Key]]]:
    """(subject, property) -> (its statements, their meanings)."""
    fields: dict[tuple[str, str], tuple[set[str], set[comparable.Key]]] = {}
    for triple in parse(text):
        lines, meanings = fields.setdefault((str(triple.subject), triple.predicate.value), (set(), set()))
        lines.add(statement(triple))
        meanings.add(comparable.key(triple))
    return fields


def get(db: PrivateDB, change_id: int) -> Pending | None:
    if not 0 < change_id < 2**63:  # beyond SQLite's integers: no such change (an address typed or guessed)
        return None
    with db.connect() as conn:
        row = conn.execute("SELECT * FROM pending_changes WHERE id = ?", (change_id,)).fetchone()
    return _pending(row) if row else None


def waiting(db: PrivateDB, limit: int = 500) -> list[Pending]:
    """Every change waiting for approval, oldest first (the caller keeps a scoped moderator to theirs)."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM pending_changes WHERE status = 'pending' ORDER BY id LIMIT ?", (limit,)
        ).fetchall()
    return [_pending(r) for r in rows]


def of_user(db: PrivateDB, user_id: int, limit: int = 100) -> list[Pending]:
    """An editor's own changes held for approval, newest first, with what was decided."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM pending_changes WHERE user_id = ? AND status != 'replaced' ORDER BY id DESC LIMIT ?",
            (user_id, limit),
        ).fetchall()
    return [_pending(r) for r in rows]


def waiting_for(db: PrivateDB, record_iri: str) -> list[Pending]:
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM pending_changes WHERE record_iri = ? AND status = 'pending' ORDER BY id", (record_iri,)
        ).fetchall()
    return [_pending(r) for r in rows]


def _decide(db: PrivateDB, change_id: int, status: str, user_id: int, user_name: str, **extra: object) -> None:
    columns = "".join(f", {name} = ?" for name in extra)  # names from this module, never from a request
    with db.connect(immediate=True) as conn:
        updated = conn.execute(
            f"UPDATE pending_changes SET status = ?, decided_by = ?, decided_name = ?, decided_at = ?{columns} "
            "WHERE id = ? AND status = 'pending'",
            (status, user_id, user_name, now_text(), *extra.values(), change_id),
        ).rowcount
    if updated != 1:
        raise NotPending(change_id)


def current_record(store, library, id_base: str, change: Pending) -> records.Record:  # any GraphStore
    """The record as published now; for a new record not yet published, an empty one of its kind."""
    record = records.load(store, library, id_base, change.kind, change.slug)
    if record.exists:
        return record
    kind_class = ox.NamedNode(records.EDITABLE_KINDS[change.kind])
    typed = [ox.Triple(ox.NamedNode(change.record_iri), ox.NamedNode(RDF + "type"), kind_class)]
    return records.Record(change.record_iri, change.kind, change.slug, typed, new=True)


def approve(
    settings: Settings, db: PrivateDB, record: records.Record, change: Pending, user_id: int, user_name: str
) -> int:
    """Publish a held change as its editor's save (the version names them; the moderator is noted here) and
    return the new version's number. `record` is the record as published now (current_record). Raises
    versions.StaleEdit when the record changed after the editor opened it (it is then left waiting, to be
    returned), NotPending when someone decided it first."""
    if change.status != "pending":
        raise NotPending(change.id)
    current = "" if record.new else record.ntriples()
    changes = versions.changes_between(current, change.ntriples)
    number = records.save(
        settings,
        db,
        record,
        change.based_on,
        changes,
        user_id=change.user_id,
        user_name=change.user_name,
        summary=f"{change.summary} (approved by {user_name})",
        organisation=change.organisation,
        checked_on=change.checked_on,
    )
    try:
        _decide(db, change.id, "approved", user_id, user_name, published_version=number)
    except NotPending:
        pass  # published once (the version check refuses a second publish): the first decision stands
    return number


def return_to_editor(db: PrivateDB, change: Pending, reason: str, user_id: int, user_name: str) -> None:
    _decide(db, change.id, "returned", user_id, user_name, reason=reason)
