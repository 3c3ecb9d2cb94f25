"""The warm-up: a daemon thread per process that works out every gap analysis for a new store version in
the background, so a commissioner rarely waits. create_app (web/__init__.py) starts it; a server that
forks workers after creating the app (gunicorn --preload) has no thread in them, so the /gaps views call
`ensure()` too."""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from .analysis import analyses
from .cached import cached_result, shared_results

log = logging.getLogger(__name__)
WARM_POLL_S = 2.0  # how soon a new store version's results start being worked out


class GapWarmer:
    """A daemon thread per process that works out every analysis for a new store version in the
    background. Restarted after a fork, like the projection keeper (web/projection_keeper.py)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.warmed: str | None = None  # the last version fully worked out here
        self._pid = -1
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def ensure(self) -> None:
        with self._lock:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._loop, name="gap-warmer", daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 120.0) -> None:
        """End the loop and wait for a round in progress: an app closed while its thread still reads the
        store would read a folder being removed (tests close every app they make)."""
        self._stopped.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self.warm_once()
            except Exception:  # logged; a request still computes what it needs
                log.exception("gap analyses not worked out in the background")
            self._stopped.wait(WARM_POLL_S)

    def warm_once(self) -> None:
        with self.app.app_context():
            graph = self.app.extensions["graph"]
            store = graph.store
            version = store.version()
            if version == self.warmed:
                return
            start = time.perf_counter()
            for analysis in analyses(graph.library):
                cached_result(graph, store, analysis, {})
            for extra in self.app.extensions.get("gap_warm_extras", ()):  # e.g. the district analysis
                extra(graph, store)
            shared_results(graph).prune(version)
            self.warmed = version
            log.info("gap analyses for %s ready in %.1f s", version, time.perf_counter() - start)


def keep_warm(app: Flask) -> GapWarmer:
    """Start the warm-up unless the app is under test (WARM_GAPS overrides)."""
    warmer = app.extensions["gap_warmer"] = GapWarmer(app)
    if app.config.get("WARM_GAPS", not app.testing):
        warmer.ensure()
    return warmer
