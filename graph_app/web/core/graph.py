"""The app's handles on the graph: the store, the named queries and the search index.

One store is opened per process and reopened when a new build becomes current, so `graph-app build`
while the server runs takes effect without a restart.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from cachetools import FIFOCache
from flask import Flask, current_app, g, has_request_context

from ...config import Settings
from ...layout import Layout
from ...queries import QueryLibrary
from ...search import SearchIndex
from ...store import GraphStore, StoreError, open_store


@dataclass
class _Handles:
    key: str
    store: GraphStore
    search: SearchIndex | None


class Graph:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.library = QueryLibrary(settings.queries_dir)
        self.layout = Layout(settings.data_dir)
        self._handles: _Handles | None = None
        self._lock = threading.Lock()
        # store version -> name -> value, for the two newest versions (see memo)
        self._memo: FIFOCache[str, dict[str, object]] = FIFOCache(2)
        self._memo_lock = threading.Lock()

    @property
    def id_base(self) -> str:
        return self.settings.base + "id/"

    def _current(self) -> _Handles:
        # a page reads .store dozens of times: look at the build symlink once per request, not each time
        if has_request_context():
            handles = g.get("_graph_handles")
            if handles is None:
                handles = g._graph_handles = self._current_on_disk()
            return handles
        return self._current_on_disk()

    def _current_on_disk(self) -> _Handles:
        build = self.layout.current()
        key = str(build.path) if build else "remote"
        handles = self._handles
        if handles is not None and handles.key == key:
            return handles
        with self._lock:
            if self._handles is None or self._handles.key != key:
                if build is None and not self.settings.sparql_url:
                    raise StoreError("no built store yet: run 'graph-app build'")
                search = SearchIndex(build.search_path) if build and build.search_path.exists() else None
                self._handles = _Handles(key, open_store(self.settings), search)
                old, self._memo = self._memo, FIFOCache(2)
                _drop_gradually(old)
            return self._handles

    @property
    def store(self) -> GraphStore:
        return self._current().store

    @property
    def search(self) -> SearchIndex | None:
        return self._current().search

    def memo(self, name: str, compute, version: str | None = None):  # any value
        """A value computed once per store version (counts, sample flag, gap results...). `version` names
        the version the caller read with, when it holds one store object across a publish. Values of all
        but the two newest versions are dropped: a request begun just before a publish may still ask for
        the older one, and a long-running process must not keep every version it has served."""
        version = self.store.version() if version is None else version
        with self._memo_lock:  # cachetools' get is a check then a read: an eviction between must not raise
            values = self._memo.get(version)
            if values is not None and name in values:
                return values[name]
        value = compute()  # outside the lock: a computation may itself ask for other memos
        with self._memo_lock:
            values = self._memo.get(version)
            if values is None:
                values = self._memo[version] = {}
            values[name] = value
        return value


def _drop_gradually(old: FIFOCache[str, dict[str, object]]) -> None:
    """Free the previous build's memo values one at a time in a thread of their own. Freed at once (a
    `clear()`: thousands of result rows) they took 85-350 ms of the first request after a publish at scale 1,
    holding the interpreter lock throughout (issue 20); one value at a time, requests run in between."""

    def drop() -> None:
        while old:
            _version, values = old.popitem()
            while values:
                values.popitem()
                time.sleep(0)  # give the interpreter lock to a request between two values

    threading.Thread(target=drop, name="memo-drop", daemon=True).start()


def init_app(app: Flask) -> None:
    app.extensions["graph"] = Graph(app.config["SETTINGS"])


def get_graph() -> Graph:
    return current_app.extensions["graph"]
