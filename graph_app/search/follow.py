"""Every machine's search index follows the edit journal, so an edit published on one machine is searchable
on all of them within seconds (issue 20).

With a remote store (GRAPH_APP_SPARQL_UPDATE_URL) several app machines serve one graph, each with its own
data folder and so its own search index, and they share the private database that holds the journal. The
publishing machine updates its own index as it publishes (graph_app/live/generation.py); every other
machine brings its index forward here:

    have   = journal_seq of the current build's manifest   (what this folder's index has applied)
    target = public_change_targets.applied_seq of the store (what the remote store has applied)
    have < target:  reindex the records the entries (have, target] changed, read from the remote store as it
                    is now, into a new generation of this folder; swap it in

What each index has applied is the manifest's journal_seq: the manifest and the index are one generation
folder, made current together by one rename, so the record can never disagree with the index it describes
(a fresh build writes the last entry it replayed; a publish or a follow writes the last entry it applied).
The target is what the store has applied, never the journal's newest entry: an entry whose publisher is
still updating the store is not in the store yet, and following it early would record it as applied while
reading the old text.

Deleting a document from the contentless FTS tables needs the exact values it was inserted with, and the
remote store no longer holds the old text once the change is in. So every index keeps each document's
texts as it indexed them (the `doc_text` table, written by build.py in the same function that writes the
rows): reindex_nodes removes a row from those and needs no "before" graph. (An index written before it kept
them takes the old texts from the machine's local copy of the graph, which is as its index was indexed; with
no local copy such an index must be built again.) Reading the store as it is now
rather than as each entry left it is what applying the entries in order gives: a record changed by several
missed entries ends as the last one made it, and one read newer than the target is only read again.

The publishing machine's own generation reindexes the records of entries its index missed too, so its
recorded journal_seq stays true when it publishes before following.

Who does it: a background thread in each app process (every few seconds, with jitter, so the workers of a
fleet do not ask together), and a cheap check at the start of each search request (the manifest's number,
kept per build folder, and one primary-key SELECT in the private database), so a search right after a
publish elsewhere already finds it. One worker per machine does the work, under a file lock in the data
folder; the new generation is made outside any shared lock and swapped in under the publishing lock only if
the build it was made from is still current (else made again from the new one).

An embedded store is not followed here: its index changes with it in one generation, made by the publisher.
"""

from __future__ import annotations

import fcntl
import gc
import json
import logging
import os
import random
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pyoxigraph as ox

from ..config import Settings
from ..layout import BuildDir, Layout
from ..live import journal
from ..live.changes import parse_change, stamp_operation, update_operations
from ..live.generation import OpenStore, copy_search_index
from ..live.publisher import live_lock
from ..private.db import open_private_db, private_db_exists
from ..queries import QueryLibrary
from ..store import RemoteStore
from .build import reindex_nodes

log = logging.getLogger(__name__)
FOLLOW_LOCK = "search-follow.lock"
EVERY_SECONDS = 3.0  # the background thread's pause between checks, give or take a third
_applied: dict[str, int] = {}  # build folder -> its manifest's journal_seq (a current build never changes)


def follows(settings: Settings) -> bool:
    """Is there anything to follow? Only a remote store, whose index lives apart from it on every machine."""
    return bool(settings.sparql_update_url)


def applied_by_index(build: BuildDir) -> int:
    """The last journal entry the build's index has applied."""
    key = str(build.path)
    seq = _applied.get(key)
    if seq is None:
        if len(_applied) > 64:  # one entry per generation a long-running process has seen: forget the old ones
            _applied.clear()
        manifest = build.manifest() if build.manifest_path.exists() else {}
        seq = _applied[key] = int(manifest.get("journal_seq", 0))
    return seq


def applied_by_store(settings: Settings) -> int:
    """The last journal entry the remote store has applied: one primary-key SELECT."""
    return journal.applied_remote(open_private_db(settings), settings.sparql_update_url)


def behind(settings: Settings) -> bool:
    """Has the store applied entries this machine's index has not? Cheap enough for every search request."""
    if not follows(settings) or not private_db_exists(settings):
        return False
    current = Layout(settings.data_dir).current()
    if current is None or not current.search_path.exists():
        return False
    return applied_by_store(settings) > applied_by_index(current)


def catch_up(settings: Settings, wait_seconds: float = 30.0) -> int:
    """Bring this machine's index up to what the store has applied; return how many entries that took (0
    when it was up to date, or when another worker of this machine held the lock for `wait_seconds`)."""
    if not follows(settings) or not private_db_exists(settings):
        return 0
    with _machine_lock(settings, wait_seconds) as locked:
        if not locked:
            return 0
        for _attempt in range(5):  # a publish or a build swapped first: again, from the new build
            done = _follow_once(settings)
            if done is not None:
                return done
    return 0


def _follow_once(settings: Settings) -> int | None:
    """One new generation with every entry the index lacks; None when another swap came first."""
    layout = Layout(settings.data_dir)
    parent = layout.current()
    if parent is None or not parent.search_path.exists():
        return 0
    have, target = applied_by_index(parent), applied_by_store(settings)
    if target <= have:
        return 0
    db = open_private_db(settings)
    entries = [entry for entry in journal.pending(db, have) if entry.seq <= target]
    build = layout.new_build()
    try:
        _make(settings, parent, build, entries, target)
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)  # the frames hold the open store: let RocksDB close it
        gc.collect()
        layout.discard(build)
        raise
    with live_lock(settings):  # no publish or build swaps in between the check and ours
        current = layout.current()
        if current is not None and current.path == parent.path:
            layout.activate(build)
            log.info("search index followed the journal from %s to %s (%s entries)", have, target, len(entries))
            return len(entries)
    layout.discard(build)
    return None


def _make(settings: Settings, parent: BuildDir, build: BuildDir, entries: list[journal.Entry], target: int) -> None:
    """The parent build's index (and local copy of the graph, when it keeps one) with the entries applied."""
    generation = build.build_id.removesuffix(".partial")
    # the local copy of the graph, kept in step as the publisher keeps its own (dumps are written from it), is
    # as the index was indexed: the old texts of rows written before the index kept them (doc_text)
    old = ox.Store.read_only(str(parent.store_path)) if parent.store_path.is_dir() else None
    try:
        if old is not None:
            _apply_to_local_copy(settings, old, build, entries, generation)
        copy_search_index(parent.search_path, build.search_path)
        subjects = [change.subject_iri for entry in entries for change in entry.changes]
        query_url = settings.sparql_url or settings.sparql_update_url.removesuffix("/update") + "/query"
        before = OpenStore(old) if old is not None else None
        library = QueryLibrary(settings.queries_dir)
        reindex_nodes(build.search_path, before, RemoteStore(query_url), library, settings.base + "id/", subjects)
    finally:
        before = old = None
        gc.collect()  # RocksDB releases its files before the folder is renamed
    manifest = parent.manifest() if parent.manifest_path.exists() else {}
    manifest.update(
        build_id=generation,
        parent=parent.build_id,
        journal_seq=target,
        followed_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    build.manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _apply_to_local_copy(
    settings: Settings, old: ox.Store, build: BuildDir, entries: list[journal.Entry], generation: str
) -> None:
    old.backup(str(build.store_path))
    store = ox.Store(str(build.store_path))
    for entry in entries:
        for change in entry.changes:
            for operation in update_operations(settings.queries_dir, change, parse_change(change, settings.base)):
                store.update(operation)
    store.update(stamp_operation(settings.queries_dir, generation))
    store.flush()
    del store


@contextmanager
def _machine_lock(settings: Settings, wait_seconds: float) -> Iterator[bool]:
    """The data folder's follow lock, waited for up to `wait_seconds`: yields whether it is held."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.data_dir / FOLLOW_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        yield True
    finally:
        os.close(descriptor)  # closing releases the lock


class Follower:
    """The background thread of one app process: catch_up every few seconds until stopped. `ensure()` starts
    it, and starts it again in a worker forked after the app was made (gunicorn --preload), which has no
    thread of its parent's."""

    def __init__(self, settings: Settings, every_seconds: float = EVERY_SECONDS) -> None:
        self.settings = settings
        self.every_seconds = every_seconds
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def ensure(self) -> None:
        with self._lock:
            if self._stop.is_set() or (self._pid == os.getpid() and self._thread and self._thread.is_alive()):
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="search-follower", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None and self._pid == os.getpid():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.every_seconds * random.uniform(2 / 3, 4 / 3)):
            try:
                if behind(self.settings):
                    catch_up(self.settings, wait_seconds=0)  # another worker of this machine is at it: skip
            except Exception:  # the store or the database away for a while: try again next time
                log.warning("search index could not follow the journal", exc_info=True)
