"""Keeps the navigation projection for the store version being served, loaded off the request path.

Loading is mapping the version's shared files (milliseconds: projection/shared.py), except for a version
no process has built yet (a published edit), whose build takes seconds at scale factor 30 and a minute
at 300, so no family request should wait for it:
- the app loads it in a background thread at start-up;
- when a new store version appears (a rebuild, or a published edit), the next request starts loading
  the new projection in the background and is answered from the previous one (stale by one edit at
  most, for "related" and "paths" only);
- only when there is no projection at all (a request before the start-up load has finished) does a
  request wait, for the one load already running rather than starting another.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from ...projection import Projection

log = logging.getLogger(__name__)
RETRY_AFTER_FAILURE_S = 30.0


class ProjectionKeeper:
    def __init__(self, version: Callable[[], str], load: Callable[[], Projection]) -> None:
        """`version()` names the store version being served; `load()` gives a projection of it."""
        self._version = version
        self._load = load
        self._lock = threading.Lock()
        self._ready: tuple[str, Projection] | None = None
        self._ready_started = 0  # builds may overlap: an older one finishing late must not win
        self._started = 0
        self._building: dict[str, threading.Event] = {}
        self._failed: dict[str, tuple[float, BaseException]] = {}
        self._pid = os.getpid()

    @property
    def ready_version(self) -> str | None:
        ready = self._ready
        return ready[0] if ready else None

    def get(self) -> Projection:
        """The projection of the version being served, or the previous one while that is built."""
        version = self._version()
        self._forget_other_process()
        with self._lock:
            ready = self._ready
            if ready is not None and ready[0] == version:
                return ready[1]
            event = self._start(version)
        if ready is not None:
            return ready[1]
        if event is not None:
            event.wait()
        with self._lock:
            if self._ready is not None:
                return self._ready[1]
            failure = self._failed.get(version)
        raise RuntimeError("the navigation projection could not be built") from (failure[1] if failure else None)

    def _forget_other_process(self) -> None:
        """After a fork (a server preloading the app) the builds running in the parent are not running
        here: start afresh rather than wait for them."""
        if self._pid != os.getpid():
            with self._lock:
                self._pid, self._building = os.getpid(), {}

    def warm(self) -> threading.Event | None:
        """Start building the projection of the current version in the background (at app start)."""
        try:
            version = self._version()
        except Exception as error:  # no store yet: the first request will say so
            log.info("projection not warmed: %s", error)
            return None
        with self._lock:
            if self._ready is not None and self._ready[0] == version:
                return None
            return self._start(version)

    def _start(self, version: str) -> threading.Event | None:
        """A build of `version` in a background thread, unless one is running or failed a moment ago.
        Call with the lock held."""
        if version in self._building:
            return self._building[version]
        failed = self._failed.get(version)
        if failed is not None and time.monotonic() - failed[0] < RETRY_AFTER_FAILURE_S:
            return None
        event = self._building[version] = threading.Event()
        self._started += 1
        threading.Thread(
            target=self._build, args=(version, event, self._started), name=f"projection-{version}", daemon=True
        ).start()
        return event

    def _build(self, version: str, event: threading.Event, number: int) -> None:
        try:
            started = time.perf_counter()
            projection = self._load()
            with self._lock:
                if number > self._ready_started:
                    self._ready, self._ready_started = (version, projection), number
                self._failed.pop(version, None)
            log.info("navigation projection for %s ready in %.3f s", version, time.perf_counter() - started)
        except Exception as error:  # kept, and raised to a request that has nothing older
            log.exception("navigation projection for %s failed", version)
            with self._lock:
                self._failed[version] = (time.monotonic(), error)
        finally:
            with self._lock:
                self._building.pop(version, None)
            event.set()
