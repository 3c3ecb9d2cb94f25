"""Public history for versions published before it existed: `graph-app history backfill`.

Since issue 16 every save publishes its change as a lo:RecordChange (live/history.py). Versions saved before
that sit only in the private database (record_versions). This writes the missing activities, each built
from the version and the one before it exactly as a save builds it now: the kind of change and the fields
it changed, the time the version was saved, and the organisation it is credited to (the saving account's
provider or council, else the record's council), never a person. A version's activity is written once:
one that the public graph already holds is skipped, so running it again adds nothing and publishes nothing.
All missing activities go out as one journal entry, so every later build replays them.

The app runs it once, at its first start after the upgrade (`backfill_once`, recorded in the private table
history_backfill, migration 012), under its own lock so that several workers starting together write each
activity once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from ..config import Settings
from ..private.db import PrivateDB, open_private_db, private_db_exists
from ..queries import QueryLibrary
from ..store import GraphStore, open_store
from . import history
from .changes import Replace
from .publisher import file_lock, publish
from .records import OWNER_PATH
from .versions import Version, _version

ACTOR = "history backfill (graph-app history backfill)"
LOCK_NAME = "history-backfill.lock"  # not the publisher's live.lock, which publish() takes itself


@dataclass(frozen=True)
class Account:
    role: str
    provider: str | None
    council: str | None


def published_versions(db: PrivateDB) -> list[Version]:
    """Every published version after the first (version 0 is the record as it was before any edit), oldest
    record and version first: those a save has since made public (a journal entry), not withdrawn."""
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT * FROM record_versions WHERE version > 0 AND journal_seq IS NOT NULL ORDER BY record_iri, version"
        ).fetchall()
    return [_version(r) for r in rows]


def _accounts(db: PrivateDB) -> dict[int, Account]:
    with db.connect() as connection:
        try:
            rows = connection.execute("SELECT id, role, provider_iri, council_iri FROM users").fetchall()
        except sqlite3.OperationalError:  # no users table yet: versions credited by their records alone
            return {}
    return {r["id"]: Account(r["role"], r["provider_iri"], r["council_iri"]) for r in rows}


def _owner(version: Version) -> str | None:
    """The record's provider, runner, council or contact, from its statements in the version."""
    paths = set(OWNER_PATH.values())
    for triple in version.triples():
        subject, value = triple.subject, triple.object
        if isinstance(subject, ox.NamedNode) and isinstance(value, ox.NamedNode) and triple.predicate.value in paths:
            if subject.value == version.record_iri:
                return value.value
    return None


def missing_activities(settings: Settings, db: PrivateDB, store: GraphStore, library: QueryLibrary) -> list[Replace]:
    """The activities of the published versions that the public graph does not hold yet."""
    id_base = settings.base + "id/"
    accounts = _accounts(db)
    found: list[Replace] = []
    before: dict[tuple[str, int], Version] = {}
    versions = published_versions(db)
    with db.connect() as connection:  # each version's predecessor (version 0 is never "published")
        for row in connection.execute("SELECT * FROM record_versions ORDER BY record_iri, version"):
            before[(row["record_iri"], row["version"] + 1)] = _version(row)
    for version in versions:
        change = history.change_iri(id_base, version.record_iri, version.number)
        if library.ask(store, "live/change_recorded", change=ox.NamedNode(change)):
            continue
        previous = before.get((version.record_iri, version.number))
        old = sorted(previous.triples(), key=str) if previous else []
        account = accounts.get(version.user_id) if version.user_id is not None else None
        organisation = history.organisation_for(
            store,
            library,
            account.role if account else "",
            account.provider if account else None,
            version.record_iri,
            _owner(version) or (_owner(previous) if previous else None),
            account.council if account else None,
        )
        when = datetime.fromisoformat(version.created_at)
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        found.append(
            history.activity(
                id_base,
                version.record_iri,
                version.number,
                old,
                [Replace(version.record_iri, version.ntriples)],
                organisation,
                when,
            )
        )
    return found


def _backfill(settings: Settings, db: PrivateDB) -> int:
    # the store is opened inside the lock: another worker's backfill may have just been published
    activities = missing_activities(settings, db, open_store(settings), QueryLibrary(settings.queries_dir))
    if activities:
        publish(settings, activities, actor=ACTOR, summary=f"public history for {len(activities)} earlier version(s)")
    with db.connect(immediate=True) as connection:
        connection.execute(
            "INSERT INTO history_backfill (ran_at, activities) VALUES (?, ?)",
            (datetime.now(UTC).isoformat(timespec="seconds"), len(activities)),
        )
    return len(activities)


def backfill(settings: Settings) -> int:
    """Publish the missing activities as one change; return how many (0: nothing was published)."""
    if not private_db_exists(settings):
        return 0
    with file_lock(settings, LOCK_NAME):
        return _backfill(settings, open_private_db(settings))


def backfill_once(settings: Settings) -> int:
    """At the app's start: backfill unless it has been done for this private database; return how many."""
    if not private_db_exists(settings):
        return 0
    db = open_private_db(settings)
    with file_lock(settings, LOCK_NAME):
        with db.connect() as connection:
            if connection.execute("SELECT 1 FROM history_backfill LIMIT 1").fetchone():
                return 0
        return _backfill(settings, db)
