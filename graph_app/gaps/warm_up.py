"""The warm-up: a daemon thread per process that works out every gap analysis for a new store version in
the background, so a commissioner rarely waits. create_app (web/__init__.py) starts it; a server that
forks workers after creating the app (gunicorn --preload) has no thread in them, so the /gaps views call
`ensure()` too. The thread itself is the shared VersionWorker (graph_app/version_worker.py), which the dump
writer (exporters/dump_writer.py) uses as well."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask

from ..version_worker import VersionWorker
from .analysis import analyses
from .cached import cached_result, shared_results

log = logging.getLogger(__name__)
WARM_POLL_S = 2.0  # how soon a new store version's results start being worked out
PAGE_PRIORITY_MAX_S = 2.0  # the longest the warm-up waits for the pages before one step: it must finish under load


class GapWarmer(VersionWorker):
    """A daemon thread per process that works out every analysis for a new store version in the
    background. Restarted after a fork, like the projection keeper (web/projection_keeper.py)."""

    thread_name = "gap-warmer"
    poll_s = WARM_POLL_S

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self.warmed: str | None = None  # the last version fully worked out here
        self._soon: dict[str, threading.Thread] = {}  # jobs a page started (work_out_soon), by name
        self._pages = 0  # gap pages being served in this process now (page_started/page_ended)
        self._quiet = threading.Condition()
        self.page_priority_s = PAGE_PRIORITY_MAX_S
        self.waiting_for_pages = False  # the warm-up or a job is waiting for a page to finish

    def page_started(self) -> None:
        with self._quiet:
            self._pages += 1

    def page_ended(self) -> None:
        with self._quiet:
            self._pages = max(0, self._pages - 1)
            if not self._pages:
                self._quiet.notify_all()

    def yield_to_pages(self) -> None:
        """Wait, before the next step of background work, while a gap page is being served in this process (at
        most `page_priority_s`). Why (issue 20): the steps' Python work (turning result rows into the stored
        result) shares one interpreter lock with the pages' rendering, and the first page after a publish,
        which meets the warm-up's round, waited up to twice as long; a step already begun is not stopped."""
        with self._quiet:
            if not self._pages:
                return
            self.waiting_for_pages = True
            try:
                self._quiet.wait_for(lambda: not self._pages or self._stopped.is_set(), self.page_priority_s)
            finally:
                self.waiting_for_pages = False

    def work_out_soon(self, name: str, job: Callable[[], object]) -> None:
        """Run `job` (in the app's context) in a background thread of its own unless one of that name is still
        running: a page whose result is missing starts it and answers at once instead of waiting for the
        warm-up to reach it. Nothing is started once stop() has been called."""
        with self._lock:
            running = self._soon.get(name)
            if self._stopped.is_set() or (running is not None and running.is_alive()):
                return
            thread = threading.Thread(target=self._run_soon, args=(job,), name=f"gap-soon-{name}", daemon=True)
            self._soon[name] = thread
            thread.start()

    def _run_soon(self, job: Callable[[], object]) -> None:
        try:
            self.yield_to_pages()
            with self.app.app_context():
                job()
        except Exception:  # logged; the page keeps saying "being worked out" and the warm-up tries again
            log.exception("a gap result asked for by a page was not worked out")

    def other_threads(self) -> list[threading.Thread]:
        return list(self._soon.values())

    def run_once(self) -> None:
        self.warm_once()

    def warm_once(self) -> None:
        with self.app.app_context():
            graph = self.app.extensions["graph"]
            store = graph.store
            version = store.version()
            if version == self.warmed:
                return
            start = time.perf_counter()
            # first the pages' own per-version reads (choices, names, the glossary: web/commission/version_setup.py),
            # a fraction of a second, so a page arriving while the analyses are worked out does not pay for them
            for prepare in self.app.extensions.get("version_setup", ()):
                self.yield_to_pages()
                prepare(graph)
            for analysis in analyses(graph.library):
                self.yield_to_pages()
                cached_result(graph, store, analysis, {})
            for extra in self.app.extensions.get("gap_warm_extras", ()):  # e.g. the district analysis
                self.yield_to_pages()
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
