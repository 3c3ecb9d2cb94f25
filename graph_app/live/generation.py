"""A new store generation: the current build copied (hard links), changed, re-indexed and swapped in.

The running app only ever reads a finished generation: the change happens in a `.partial` folder and
becomes visible with `Layout.activate` (one atomic rename of the `current` symlink), exactly as a full
build does. If anything fails, the folder is discarded and the live graph is untouched.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ..config import Settings
from ..layout import BuildDir, Layout
from ..private.db import open_private_db
from ..queries import QueryLibrary
from ..search.build import reindex_nodes
from ..store import EmbeddedStore, GraphStore
from . import journal
from .changes import stamp_operation


class OpenStore(EmbeddedStore):
    """An already open pyoxigraph store behind the app's query interface."""

    def __init__(self, store: ox.Store) -> None:  # wraps an open store, no path
        super(EmbeddedStore, self).__init__()
        self._store = store


def copy_search_index(source: Path, target: Path) -> None:
    """A consistent copy with SQLite's online backup (readers of the source are never blocked)."""
    with sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def _journal_seq(build: BuildDir) -> int:
    return int(build.manifest().get("journal_seq", 0)) if build.manifest_path.exists() else 0


def new_generation(
    settings: Settings,
    operations: Sequence[str],
    subjects: Sequence[str],
    journal_seq: int,
    remote: Callable[[], tuple[GraphStore, GraphStore]] | None = None,
) -> BuildDir:
    """Apply the operations to a copy of the current build and make it current; return the new build.

    `remote`, when given, sends the same change to a remote store after the local copy is changed and
    before the swap (a refused update leaves both untouched) and returns readers of the remote graph
    before and after, from which the search index is then updated."""
    layout = Layout(settings.data_dir)
    parent = layout.current()
    if parent is None:
        raise RuntimeError(f"there is no built graph in {settings.data_dir} to change: run 'graph-app build'")
    build = layout.new_build()
    generation = build.build_id.removesuffix(".partial")
    handles: list[object] = []  # every open store, dropped before the swap so RocksDB releases its files
    try:
        readers: tuple[GraphStore, GraphStore] | None = None
        if parent.store_path.is_dir():
            old = ox.Store.read_only(str(parent.store_path))
            handles.append(old)
            old.backup(str(build.store_path))
            store = ox.Store(str(build.store_path))
            handles.append(store)
            for operation in [*operations, stamp_operation(settings.queries_dir, generation)]:
                store.update(operation)
            store.flush()
            readers = (OpenStore(old), OpenStore(store))
        if remote is not None:
            readers = remote()
        if parent.search_path.exists() and readers is not None:
            copy_search_index(parent.search_path, build.search_path)
            # with entries this folder's index has not applied yet (published on another machine, not yet
            # followed: graph_app/search/follow.py), so its recorded journal_seq stays true
            missed = journal.subjects_between(open_private_db(settings), _journal_seq(parent), journal_seq)
            reindex_nodes(
                build.search_path,
                *readers,
                QueryLibrary(settings.queries_dir),
                settings.base + "id/",
                [*subjects, *missed],
            )
        manifest = parent.manifest() if parent.manifest_path.exists() else {}
        manifest.update(
            build_id=generation,
            parent=parent.build_id,
            journal_seq=journal_seq,
            published_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        build.manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)
        readers = store = old = None  # dropping the handles closes the stores
        handles.clear()
        gc.collect()
        layout.discard(build)
        raise
    readers = store = old = None
    release_stores(handles)
    return layout.activate(build)


def release_stores(handles: list[object]) -> None:
    """Drop the last references to open stores, so RocksDB closes their files before the swap. When nothing
    else holds one (the usual case) that closes it at once; a full garbage collection (most of a publish's
    time in a process holding many objects: 0.09 s in the test suite's) runs only when something still
    does, such as a reference cycle through a reader."""
    held_elsewhere = any(sys.getrefcount(handle) > _OWN_REFERENCES for handle in handles)
    handles.clear()
    if held_elsewhere:
        gc.collect()


_OWN_REFERENCES = 3  # the list's, the loop variable's and getrefcount's own argument
