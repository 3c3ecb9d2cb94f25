"""The first gap page after a publish does no per-version work it can leave to the background (issue 20):
at scale 1 it waited 1.2 s, most of it recording the new version in the gap history (every council's
headline figures: 63 results of the new version worked out inline), the rest its own background job
competing with its rendering, the old version's memo values freed at once, and the version's page memos
(choices, names, the glossary) read inline.

The warm-up's own poll is held back here (a long poll, woken by hand) so that "right after a publish" is
the same moment on every run: the page comes before the warm-up has seen the new version."""

from __future__ import annotations

import threading
import time

from flask import template_rendered
from live_helpers import copy_build, current_store, first_service, hold_back, with_description

from graph_app.gaps import snapshots
from graph_app.gaps.analysis import analyses, get_analysis
from graph_app.gaps.cached import is_stored
from graph_app.live import Replace, publish
from graph_app.private import open_private_db
from graph_app.web.commission import history

PAGE = "/gaps/out-of-area"
NAME = "out_of_area"
# what each gap page reads once per store version (web/commission/version_setup.py, the glossary)
PER_VERSION = {"gaps:options", "gaps:councils-population", "context:known_needs", "gaps:build", "glossary"}


def _wait_warmed(warmer, version: str) -> None:
    deadline = time.monotonic() + 600  # a shared machine: a generous bound, not a timing
    while warmer.warmed != version:
        assert time.monotonic() < deadline, "the warm-up did not finish"
        time.sleep(0.2)


def _warmed_app_then_publish(built, make_app, tmp_path):
    """An app whose warm-up has worked out the build and whose pages have been served, its warm-up then
    left waiting (it looks again only when woken), and an edit published; returns (app, settings, store)."""
    settings = copy_build(built, tmp_path / "data")
    app = make_app(settings, WARM_GAPS=True)
    warmer = app.extensions["gap_warmer"]
    _wait_warmed(warmer, app.extensions["graph"].store.version())
    assert app.test_client().get(PAGE).status_code == 200  # this process's memos of the old version
    hold_back(warmer)
    _wait_warmed(warmer, app.extensions["graph"].store.version())
    store = current_store(settings)
    service = first_service(store)
    publish(settings, [Replace(service, with_description(store, service, "Changed by a test"))], actor="t", summary="s")
    new_store = current_store(settings)
    assert new_store.version() != store.version()
    return app, settings, new_store


def _computed_memos(graph) -> list[tuple[str, str]]:
    """Every memo worked out from now on, with the thread that worked it out (a spy: the memo still works)."""
    computed: list[tuple[str, str]] = []
    real = graph.memo

    def memo(name, compute, version=None):
        def counted():
            computed.append((name, threading.current_thread().name))
            return compute()

        return real(name, counted, version)

    graph.memo = memo
    return computed


def test_the_first_gap_page_after_a_publish_leaves_the_history_to_the_warm_up_and_starts_its_job_after_rendering(
    built, make_app, tmp_path, library, monkeypatch
):
    app, settings, new_store = _warmed_app_then_publish(built, make_app, tmp_path)
    graph, warmer = app.extensions["graph"], app.extensions["gap_warmer"]
    with app.app_context():
        assert not is_stored(graph, new_store, get_analysis(library, NAME), {})  # nothing worked out yet

    events: list[str] = []  # in order: the page rendered, a background job started, the history recorded
    real_soon, real_record = warmer.work_out_soon, history.record_current

    def soon(name, job):
        events.append(f"job {name} from {threading.current_thread().name}")
        return real_soon(name, job)

    def record_current(graph, store=None, today=None):
        events.append(f"history from {threading.current_thread().name}")
        return real_record(graph, store, today)

    monkeypatch.setattr(warmer, "work_out_soon", soon)
    monkeypatch.setattr(history, "record_current", record_current)
    template_rendered.connect(lambda *a, **k: events.append("rendered"), app, weak=False)

    page = app.test_client().get(PAGE)  # the first request after the publish
    assert page.status_code == 200 and 'id="earlier-figures"' in page.get_data(as_text=True)
    here = threading.current_thread().name
    # the history of the new version is not recorded inline (it cost 63 results of the new version) ...
    assert f"history from {here}" not in events, events
    # ... and the page's own job for its missing result starts once the page is rendered, not before
    jobs = [i for i, e in enumerate(events) if e.startswith("job ")]
    assert jobs and "rendered" in events and min(jobs) > events.index("rendered"), events

    warmer.wake()  # the warm-up then works out the new version and records it in the history
    _wait_warmed(warmer, new_store.version())
    assert snapshots.is_recorded(open_private_db(settings), new_store.version())


def test_the_warm_up_reads_the_pages_per_version_lists_so_the_next_page_does_not(built, make_app, tmp_path):
    app, _settings, new_store = _warmed_app_then_publish(built, make_app, tmp_path)
    graph, warmer = app.extensions["graph"], app.extensions["gap_warmer"]
    computed = _computed_memos(graph)
    warmer.wake()
    _wait_warmed(warmer, new_store.version())
    assert PER_VERSION <= {name for name, thread in computed if thread == "gap-warmer"}, computed

    here = threading.current_thread().name
    before = len(computed)
    page = app.test_client().get(PAGE)
    assert page.status_code == 200 and 'id="earlier-figures"' not in page.get_data(as_text=True)
    inline = {name for name, thread in computed[before:] if thread == here}
    assert not inline & PER_VERSION, inline


class _Freed:
    """A memo value that notes which thread freed it."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_the_previous_versions_values_are_freed_in_the_background_not_by_the_first_request(built, tmp_path):
    """Freeing the old version's memo values at once (thousands of result rows) took 85-350 ms of the first
    request after a publish at scale 1 (web/core/graph.py frees them one by one in a thread of its own)."""
    from graph_app.web.core.graph import Graph

    settings = copy_build(built, tmp_path / "data")
    graph = Graph(settings)
    freed: list[str] = []
    old_version = graph.store.version()
    for n in range(50):
        graph.memo(f"value {n}", lambda: _Freed(freed))
    store = current_store(settings)
    service = first_service(store)
    publish(settings, [Replace(service, with_description(store, service, "Changed"))], actor="t", summary="s")

    assert graph.store.version() != old_version  # the new build opened here, in this thread
    deadline = time.monotonic() + 60  # a generous bound, not a timing
    while len(freed) < 50:
        assert time.monotonic() < deadline, freed
        time.sleep(0.05)
    assert set(freed) == {"memo-drop"}, freed


def test_the_warm_up_waits_while_a_gap_page_is_being_served(built, make_app, tmp_path, library):
    """Its steps share the interpreter lock with the pages' rendering: it gives way to a page in progress."""
    app, _settings, new_store = _warmed_app_then_publish(built, make_app, tmp_path)
    graph, warmer = app.extensions["graph"], app.extensions["gap_warmer"]
    warmer.page_priority_s = 600.0  # the page below stays "in progress" as long as the test needs
    with app.test_request_context(PAGE):
        app.preprocess_request()  # the gap pages' before_request: this page is being served
        warmer.wake()
        deadline = time.monotonic() + 120  # a generous bound, not a timing
        while not warmer.waiting_for_pages:
            assert time.monotonic() < deadline, "the warm-up did not wait for the page"
            time.sleep(0.05)
        with app.app_context():  # it saw the new version and has not begun working it out
            assert not any(is_stored(graph, new_store, a, {}) for a in analyses(library))
        assert warmer.warmed != new_store.version()
    # the page is over (teardown_request): the warm-up goes on
    _wait_warmed(warmer, new_store.version())
    with app.app_context():
        assert is_stored(graph, new_store, get_analysis(library, NAME), {})
