"""At most one background gap job runs per process at any time (issue 20). After a publish each gap page
served used to start a thread of its own (`gap-soon-<analysis>`) to work out its result for the new
version; at scale 30 2 to 9 of them ran at once beside the pages, taking turns with their rendering for
the interpreter lock (a page that renders in 415 ms took 6 s). The pages now hand their analysis to the
warm-up's single worker (GapWarmer.work_out_soon), or, without a warm-up, to one fallback thread.

The jobs are real (cached_result on the real store); a spy around them counts how many run at once and
holds each a little longer so that two jobs side by side, if the code allowed them, would be seen."""

from __future__ import annotations

import threading
import time

from live_helpers import copy_build, current_store, first_service, hold_back, with_description

from graph_app.gaps import warm_up
from graph_app.gaps.analysis import analyses
from graph_app.gaps.cached import is_stored
from graph_app.live import Replace, publish
from graph_app.web.commission import choices

HOLD_S = 0.3  # each job held this much longer: wide enough for a second job to start beside it, if it could
PAGES = 5  # gap pages requested in a row after the publish


class _Overlap:
    """Wraps cached_result: counts the jobs running at once (outside the request's thread), and notes which
    analysis each worked out for which store version, in which thread."""

    def __init__(self, real, request_thread: str) -> None:
        self.real, self.request_thread = real, request_thread
        self.running = self.most = 0
        self.done: list[tuple[str, str, str]] = []  # (analysis, version, thread)
        self._lock = threading.Lock()

    def __call__(self, graph, store, analysis, bound, *args, **kwargs):
        thread = threading.current_thread().name
        if thread == self.request_thread:  # a page's own inline read, not a background job
            return self.real(graph, store, analysis, bound, *args, **kwargs)
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(HOLD_S)
            return self.real(graph, store, analysis, bound, *args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1
                self.done.append((analysis.name, store.version(), thread))


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + 600  # a shared machine: a generous bound, not a timing
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_after_a_publish_the_pages_jobs_run_one_at_a_time_in_the_warm_ups_thread(
    built, make_app, tmp_path, library, monkeypatch
):
    settings = copy_build(built, tmp_path / "data")
    app = make_app(settings, WARM_GAPS=True)
    graph, warmer = app.extensions["graph"], app.extensions["gap_warmer"]
    old_version = graph.store.version()
    _wait(lambda: warmer.warmed == old_version, "the warm-up did not finish")
    # held back: it looks again only when woken, so the pages below come before it has seen the new version
    hold_back(warmer)
    _wait(lambda: warmer.warmed == old_version, "the warm-up did not finish")

    spy = _Overlap(choices.cached_result, threading.current_thread().name)
    monkeypatch.setattr(choices, "cached_result", spy)  # the pages' jobs
    monkeypatch.setattr(warm_up, "cached_result", spy)  # the warm-up's own steps

    store = current_store(settings)
    service = first_service(store)
    publish(settings, [Replace(service, with_description(store, service, "Changed by a test"))], actor="t", summary="s")
    new_version = current_store(settings).version()
    assert new_version != old_version

    asked = [a for a in analyses(library) if not any(p.required for p in a.query.params)][:PAGES]
    assert len(asked) == PAGES
    client = app.test_client()
    for analysis in asked:  # page after page, each showing the earlier figures and handing its job over
        page = client.get(f"/gaps/{analysis.slug}")
        assert page.status_code == 200 and 'id="earlier-figures"' in page.get_data(as_text=True), analysis.name

    def all_worked_out() -> bool:
        with app.app_context():
            return all(is_stored(graph, graph.store, a, {}) for a in asked)

    _wait(all_worked_out, "the pages' results were not all worked out")
    assert graph.store.version() == new_version
    assert spy.most == 1, f"{spy.most} gap jobs ran at once: {spy.done}"
    jobs = [(name, thread) for name, version, thread in spy.done if version == new_version]
    assert {a.name for a in asked} <= {name for name, _ in jobs}, jobs
    # no thread per page: the warm-up's own thread took them
    assert {thread for _, thread in jobs} == {"gap-warmer"}, jobs
    assert not [t.name for t in threading.enumerate() if t.name.startswith("gap-soon")]


def test_without_a_warm_up_one_fallback_thread_works_them_out_in_request_order_once_each(
    built, make_app, tmp_path, library
):
    settings = copy_build(built, tmp_path / "data")
    app = make_app(settings)  # under test: no warm-up
    graph, warmer = app.extensions["graph"], app.extensions["gap_warmer"]
    assert warmer._thread is None
    spy = _Overlap(choices.cached_result, threading.current_thread().name)
    asked = list(analyses(library))[:3]

    def job(analysis):
        return lambda: spy(graph, graph.store, analysis, {})

    for analysis in asked:
        warmer.work_out_soon(analysis.name, job(analysis))
    for analysis in asked:  # asked again while the first is held: still once each
        warmer.work_out_soon(analysis.name, job(analysis))

    def all_worked_out() -> bool:
        with app.app_context():
            return all(is_stored(graph, graph.store, a, {}) for a in asked)

    _wait(all_worked_out, "the asked-for results were not all worked out")
    _wait(lambda: len(spy.done) >= len(asked), "the jobs did not end")
    assert spy.most == 1, spy.done
    assert [name for name, _, _ in spy.done] == [a.name for a in asked], spy.done
    assert {thread for _, _, thread in spy.done} == {"gap-jobs"}, spy.done
