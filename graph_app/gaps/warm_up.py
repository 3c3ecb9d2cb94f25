"""The warm-up: a daemon thread per process that works out every gap analysis for a new store version in
the background, so a commissioner rarely waits. create_app (web/__init__.py) starts it; a server that
forks workers after creating the app (gunicorn --preload) has no thread in them, so the /gaps views call
`ensure()` too. The thread itself is the shared VersionWorker (graph_app/version_worker.py), which the dump
writer (exporters/dump_writer.py) uses as well."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from functools import partial

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
        # results pages asked for (work_out_soon), by name, in request order: taken one at a time by the
        # warm-up's thread ahead of its own list, or by one fallback thread while the warm-up does not run
        self._wanted: dict[str, Callable[[], object]] = {}
        self._fallback: threading.Thread | None = None
        self._one_job = threading.Lock()  # held around every job and warm-up step: never two side by side
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
        """Have `job` (run in the app's context) worked out soon, once even if several pages ask for it: a
        page whose result is missing asks and answers at once instead of waiting for the warm-up to reach it.
        Why one job at a time (issue 20): a thread per page's job put 2 to 9 of them beside the pages at scale
        30, taking turns with their rendering for the interpreter lock (a 415 ms page took 6 s). The warm-up's
        thread takes the wanted jobs before its own next step; without it (under test, or WARM_GAPS off), a
        single fallback thread does. Nothing is taken once stop() has been called."""
        with self._lock:
            if self._stopped.is_set():
                return
            self._wanted.setdefault(name, job)
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                self._woken.set()  # the warm-up's thread takes it (run_once, or before its next step)
            elif self._fallback is None or not self._fallback.is_alive():  # not alive: a forked process's copy
                self._fallback = threading.Thread(target=self._run_wanted, name="gap-jobs", daemon=True)
                self._fallback.start()

    def _run_wanted(self) -> None:
        """Work out the jobs pages asked for, oldest first, until none is left (each after the pages in
        progress: yield_to_pages)."""
        while not self._stopped.is_set():
            with self._lock:
                if not self._wanted:
                    if threading.current_thread() is self._fallback:
                        self._fallback = None  # under the lock: the next ask starts a new one
                    return
                name = next(iter(self._wanted))
                job = self._wanted[name]
            try:
                self._one_step(job)
            except Exception:  # logged; the page keeps saying "being worked out" and the warm-up tries again
                log.exception("a gap result asked for by a page (%s) was not worked out", name)
            finally:
                with self._lock:  # kept while it ran, so an ask meanwhile was not a second job
                    self._wanted.pop(name, None)

    def _one_step(self, step: Callable[[], object]) -> None:
        """One job or warm-up step: after the pages in progress, and never beside another one."""
        self.yield_to_pages()
        with self._one_job, self.app.app_context():
            step()

    def other_threads(self) -> list[threading.Thread]:
        return [self._fallback] if self._fallback is not None else []

    def run_once(self) -> None:
        self._run_wanted()
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
            steps: list[Callable[[], object]] = [
                *(partial(prepare, graph) for prepare in self.app.extensions.get("version_setup", ())),
                *(partial(cached_result, graph, store, analysis, {}) for analysis in analyses(graph.library)),
                # e.g. the district analysis
                *(partial(extra, graph, store) for extra in self.app.extensions.get("gap_warm_extras", ())),
            ]
            for step in steps:
                self._run_wanted()  # what pages asked for comes before the warm-up's own list
                self._one_step(step)
            shared_results(graph).prune(version)
            self.warmed = version
            log.info("gap analyses for %s ready in %.1f s", version, time.perf_counter() - start)


def keep_warm(app: Flask) -> GapWarmer:
    """Start the warm-up unless the app is under test (WARM_GAPS overrides)."""
    warmer = app.extensions["gap_warmer"] = GapWarmer(app)
    if app.config.get("WARM_GAPS", not app.testing):
        warmer.ensure()
    return warmer
