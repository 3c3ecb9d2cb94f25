"""Publishing: journal first, then one new store generation (or one remote update) under a lock.

    seq = journal.append(...)          durable before anything else
    with live_lock(data_dir):          one publisher at a time, across processes (and machines, on PostgreSQL)
        apply every pending entry      newer than what the live graph records (ours among them)

Whoever holds the lock applies every entry newer than the live graph's, so two publishers at once both
land: the second finds its entry already applied, or applies both. A crash between the journal and the
swap leaves an entry that the next publish, app start or build applies.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime

import pyoxigraph as ox
import requests

from ..config import Settings
from ..layout import Layout
from ..private.db import open_private_db, private_db_exists
from ..queries import QueryLibrary
from ..store import GraphStore, RemoteStore, StoreError
from . import journal
from .changes import PublishError, Replace, one_request, parse_change, stamp_operation, update_operations
from .generation import OpenStore, new_generation

log = logging.getLogger(__name__)
LOCK_NAME = "live.lock"


def live_lock(settings: Settings) -> AbstractContextManager[None]:
    """An exclusive lock held by one publisher (or a build's swap) at a time: on data_dir/live.lock, or, when
    the private database is PostgreSQL, an advisory lock there, so publishers on every machine take turns."""
    db = open_private_db(settings)
    if db.url:
        return advisory_lock(db.url)
    return file_lock(settings, LOCK_NAME)


@contextmanager
def advisory_lock(url: str) -> Iterator[None]:
    """PostgreSQL's session advisory lock on its own connection, held for the block (the server ends it if this
    process dies, so a crashed publisher never leaves it held)."""
    import psycopg

    from ..private.pg import PUBLISH_KEY, sqlite_errors

    with sqlite_errors(), psycopg.connect(url, autocommit=True, connect_timeout=30) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (PUBLISH_KEY,))
        try:
            yield
        finally:
            if not connection.closed:
                connection.execute("SELECT pg_advisory_unlock(%s)", (PUBLISH_KEY,))


@contextmanager
def file_lock(settings: Settings, name: str) -> Iterator[None]:
    """An exclusive lock on the file data_dir/`name`, across processes, released when the block ends."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.data_dir / name, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def publish(settings: Settings, changes: Sequence[Replace], *, actor: str, summary: str) -> int:
    """Make the changes public at once; return their journal sequence number or raise PublishError."""
    if not changes:
        raise PublishError("there is nothing to publish")
    if not actor.strip() or not summary.strip():
        raise PublishError("a published change needs who made it (actor) and a summary")
    for change in changes:
        parse_change(change, settings.base)  # refused here, before it reaches the journal
    db = open_private_db(settings)
    seq = journal.append(db, changes, actor, summary)
    with live_lock(settings):
        apply_pending(settings)
    state, error = journal.status(db, seq)
    if state == "failed":
        raise PublishError(f"the change could not be published, and the public graph is unchanged: {error}")
    return seq


def recover(settings: Settings) -> int:
    """Apply journal entries the live graph has not got (after a crash); return how many were applied."""
    if Layout(settings.data_dir).current() is None and not settings.sparql_update_url:
        return 0
    with live_lock(settings):
        return apply_pending(settings)


def applied_seq(settings: Settings) -> int:
    """The last journal entry the live graph has (remote: recorded per endpoint; embedded: the manifest)."""
    if settings.sparql_update_url:
        return journal.applied_remote(open_private_db(settings), settings.sparql_update_url)
    current = Layout(settings.data_dir).current()
    if current is None or not current.manifest_path.exists():
        return 0
    return int(current.manifest().get("journal_seq", 0))


def apply_pending(settings: Settings) -> int:
    """With the lock held: apply the pending entries together; if that fails, one by one, marking each
    that fails on its own, so one bad entry never blocks the others."""
    if not private_db_exists(settings):
        return 0
    db = open_private_db(settings)
    entries = journal.pending(db, applied_seq(settings))
    if not entries:
        return 0
    try:
        _apply(settings, entries)
        return len(entries)
    except Exception as error:  # any failure: retry singly to find the culprit
        if len(entries) == 1:
            log.warning("journal entry %s failed: %s", entries[0].seq, error)
            journal.mark_failed(db, entries[0].seq, _plain(error))
            return 0
    applied = 0
    for entry in entries:
        try:
            _apply(settings, [entry])
            applied += 1
        except Exception as error:
            log.warning("journal entry %s failed: %s", entry.seq, error)
            journal.mark_failed(db, entry.seq, _plain(error))
    return applied


def _apply(settings: Settings, entries: Sequence[journal.Entry]) -> None:
    operations: list[str] = []
    subjects: list[str] = []
    for entry in entries:
        for change in entry.changes:
            operations += update_operations(settings.queries_dir, change, parse_change(change, settings.base))
            subjects.append(change.subject_iri)
    last = entries[-1].seq
    remote = (lambda: _update_remote(settings, operations, subjects, last)) if settings.sparql_update_url else None
    if Layout(settings.data_dir).current() is not None:
        new_generation(settings, operations, subjects, last, remote)
    elif remote is not None:
        remote()
    else:
        raise PublishError(f"there is no built graph in {settings.data_dir} to change: run 'graph-app build'")
    if settings.sparql_update_url:
        journal.record_applied_remote(open_private_db(settings), settings.sparql_update_url, last)


def _update_remote(
    settings: Settings, operations: list[str], subjects: list[str], seq: int
) -> tuple[GraphStore, GraphStore]:
    """Send every operation as ONE SPARQL 1.1 Update request (applied atomically by the endpoint); return
    readers of the subjects' old statements and of the endpoint after the change."""
    query_url = settings.sparql_url or settings.sparql_update_url.removesuffix("/update") + "/query"
    reader = RemoteStore(query_url)
    library = QueryLibrary(settings.queries_dir)
    old = ox.Store()  # the changed records as they were: the search index deletes their old text
    statements = library.construct(
        reader, "live/record_statements", subject=[ox.NamedNode(s) for s in sorted(set(subjects))]
    )
    old.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in statements)
    stamp = stamp_operation(settings.queries_dir, f"live-{seq}-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
    try:
        response = requests.post(
            settings.sparql_update_url, data={"update": one_request([*operations, stamp])}, timeout=60
        )
    except requests.RequestException as error:
        raise StoreError(f"SPARQL update endpoint {settings.sparql_update_url} unreachable: {error}") from error
    if response.status_code not in (200, 204):
        raise StoreError(
            f"SPARQL update endpoint {settings.sparql_update_url} answered "
            f"{response.status_code}: {response.text[:300]}"
        )
    return OpenStore(old), reader


def _plain(error: BaseException) -> str:
    return str(error) or type(error).__name__
