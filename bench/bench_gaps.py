"""Benchmark: every gap analysis (queries/gaps/*.rq) at a scale factor (default 30), on the built
pyoxigraph store and on rdflib's in-memory Graph holding the same triples, side by side in one run, and
as the app serves it from the result stored once per store version (graph_app/gaps_cache.py).
Target: each analysis <= 1 s median on pyoxigraph; the coverage matrix <= 1 s served at scale 300.

    .venv/bin/python bench/bench_gaps.py [--scale 30] [--runs 5] [--rdflib-runs 1] [--keep DIR]
    .venv/bin/python bench/bench_gaps.py --data-dir DIR --rdflib-runs 0   (an existing build, e.g. scale 300)

--keep DIR builds into DIR once and reuses that build on later runs (the build takes minutes).
--data-dir DIR uses the build already current there; the stored results are written under DIR/cache/gaps.
Columns: "cold" is the query plus shaping rows into a table and chart (what a request waited for before
results were stored); "first" is what the first request in another worker waits for once one worker has
stored the result (reading its JSON file); "served" is a request for the page's JSON through the app
once the result is in the worker's memory (server-side, Flask's test client); "html" the same for the
HTML page. rdflib runs the same bound query text. Machines here are shared and noisy: compare the ratio.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build_and_page import prepare_sources  # noqa: E402

from graph_app.binding import bind  # noqa: E402
from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.gaps import analyses, run_gap  # noqa: E402
from graph_app.gaps.stored_results import SharedResults  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

ID = "https://w3id.org/se7-local-offer/id/"
# the parameters each analysis is timed with, besides its defaults (every council, need and age)
FILTERED = {"area": ID + "area/kent"}
# issue 17's choices (a record counts for an age band only if it covers most of it; settings counted too),
# timed for the analyses that take them (the coverage matrix), for every council
CHOICES = {"cover": "most", "settings": "true"}
PARAM_SETS = (("all", {}), ("kent", FILTERED), ("most+s", CHOICES))


def param_sets(analysis) -> list[tuple[str, dict[str, str]]]:
    """The (label, parameters) an analysis is timed with: each set cut to the parameters it takes, once."""
    found: list[tuple[str, dict[str, str]]] = []
    for label, params in PARAM_SETS:
        params = {k: v for k, v in params.items() if k in analysis.param_names}
        if (label == "all" or params) and params not in [p for _, p in found]:
            found.append((label, params))
    return found


def build(workdir: Path, scale: float) -> Path:
    """Build ontology/ and data/ with a sample at this scale into workdir/var (once)."""
    data_dir = workdir / "var"
    if Layout(data_dir).current() is not None:
        return data_dir
    ontology, data = prepare_sources(workdir, scale)
    settings = replace(Settings(), data_dir=data_dir, sources=(ontology, data))
    start = time.perf_counter()
    report = run_build(settings, progress=lambda line: None)
    print(
        f"built scale {scale:g}: {report.counts['services']} services, {report.counts['triples']} triples "
        f"in {time.perf_counter() - start:.0f} s",
        flush=True,
    )
    return data_dir


def median_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def median_cpu_ms(action, runs: int) -> float:
    """CPU time of this process (pyoxigraph queries run in the calling thread): on a shared, busy machine
    the wall-clock time also counts the time other programs had the processor, this does not."""
    samples = []
    for _ in range(runs):
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def served_times(data_dir: Path, runs: int) -> dict[tuple[str, str], tuple[float, float, float]]:
    """(first, served, html) medians in ms per (analysis, "all"|"kent"): the app over the same build, its
    results stored once (the first pass), then read by a fresh process's memory and served from it."""
    from graph_app.config import settings_from_env
    from graph_app.web import create_app

    settings = replace(settings_from_env(), data_dir=data_dir)
    app = create_app({"TESTING": True}, settings=settings)
    client = app.test_client()
    library = app.extensions["graph"].library
    urls = {}
    for analysis in analyses(library):
        for label, params in param_sets(analysis):
            query = "&".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in params.items())
            urls[(analysis.name, label)] = f"/gaps/{analysis.slug}.json" + (f"?{query}" if query else "")
    for url in urls.values():  # store every result once (as the background warm-up does)
        assert client.get(url).status_code == 200
    times = {}
    for key, url in urls.items():
        firsts = []
        for _ in range(runs):
            app.extensions["graph"]._memo.clear()  # a worker that has not read it yet (its per-version memos)
            start = time.perf_counter()
            client.get(url)
            firsts.append((time.perf_counter() - start) * 1000)
        served = median_ms(lambda u=url: client.get(u), runs)
        html = median_ms(lambda u=url: client.get(u.replace(".json", "")), runs)
        times[key] = (statistics.median(firsts), served, html)
    return times


def _rdflib_worker(graph: rdflib.Graph, text: str, runs: int, out) -> None:
    out.put(median_ms(lambda: list(graph.query(text)), runs))


def rdflib_median_ms(graph: rdflib.Graph, text: str, runs: int, timeout_s: float) -> float | None:
    """rdflib in a forked child (it shares the loaded graph), stopped after timeout_s: None if it was."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_rdflib_worker, args=(graph, text, runs, out))
    child.start()
    child.join(timeout_s * runs)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return out.get()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs", type=int, default=1, help="0 skips rdflib")
    parser.add_argument("--keep", type=Path, help="build here once and reuse it")
    parser.add_argument("--data-dir", type=Path, help="use the build current in this data folder")
    parser.add_argument("--rdflib-timeout", type=float, default=120, help="seconds before an rdflib run is stopped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        data_dir = args.data_dir or build(workdir, args.scale)
        version = EmbeddedStore(Layout(data_dir).current().store_path).version()
        shutil.rmtree(SharedResults(data_dir / "cache" / "gaps")._version_dir(version), ignore_errors=True)
        store = EmbeddedStore(Layout(data_dir).current().store_path)
        library = QueryLibrary(ROOT / "queries")
        graph = rdflib.Graph()
        if args.rdflib_runs:
            dump = workdir / "graph.nt"
            store.dump(dump)
            start = time.perf_counter()
            graph.parse(dump, format="nt")
            print(f"rdflib loaded {len(graph)} triples in {time.perf_counter() - start:.0f} s", flush=True)
        served = served_times(data_dir, args.runs)
        print(
            f"{'analysis':<36} {'params':<6} {'rows':>6} {'cold ms':>8} {'cpu ms':>8} {'first ms':>8} "
            f"{'served ms':>9} {'html ms':>8} {'cold/served':>11} {'rdflib ms':>10} {'ratio':>8}"
        )
        for analysis in analyses(library):
            for label, params in param_sets(analysis):
                rows = len(run_gap(store, library, analysis.name, **params).rows)  # warm once
                ours = median_ms(lambda a=analysis, p=params: run_gap(store, library, a.name, **p), args.runs)
                cpu = median_cpu_ms(lambda a=analysis, p=params: run_gap(store, library, a.name, **p), args.runs)
                theirs_text, ratio = "", ""
                if args.rdflib_runs:
                    query = analysis.query
                    text = bind(query.text, query.terms(params))
                    theirs = rdflib_median_ms(graph, text, args.rdflib_runs, args.rdflib_timeout)
                    if theirs is None:
                        limit = args.rdflib_timeout * 1000
                        theirs_text, ratio = f">{limit:9.0f}", f">{limit / ours:6.0f}x"
                    else:
                        theirs_text, ratio = f"{theirs:10.0f}", f"{theirs / ours:7.1f}x"
                first, warm, html = served[(analysis.name, label)]
                flag = "" if warm <= 1000 else "  OVER 1 s served"
                print(
                    f"{analysis.name:<36} {label:<6} {rows:>6} {ours:8.0f} {cpu:8.0f} {first:8.1f} {warm:9.1f} "
                    f"{html:8.1f} {ours / warm:10.0f}x {theirs_text:>10} {ratio:>8}{flag}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
