"""Benchmark: every gap analysis (queries/gaps/*.rq) at a scale factor (default 30), on the built
pyoxigraph store and on rdflib's in-memory Graph holding the same triples, side by side in one run.
Target: each analysis <= 1 s median on pyoxigraph.

    .venv/bin/python bench/bench_gaps.py [--scale 30] [--runs 5] [--rdflib-runs 1] [--keep DIR]

--keep DIR builds into DIR once and reuses that build on later runs (the build takes minutes).
The times are the query plus shaping rows into a table and chart (what a page waits for); rdflib runs
the same bound query text. Machines here are shared and noisy: compare the ratio.
"""

from __future__ import annotations

import argparse
import multiprocessing
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
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

ID = "https://w3id.org/se7-local-offer/id/"
# the parameters each analysis is timed with, besides its defaults (every council, need and age)
FILTERED = {"area": ID + "area/kent"}


def build(workdir: Path, scale: float) -> Path:
    """Build ontology/ and data/ with a sample at this scale into workdir/var (once)."""
    data_dir = workdir / "var"
    if Layout(data_dir).current() is not None:
        return data_dir
    ontology, data = prepare_sources(workdir, scale)
    settings = replace(Settings(), data_dir=data_dir, sources=(ontology, data))
    start = time.perf_counter()
    report = run_build(settings, progress=lambda line: None)
    print(f"built scale {scale:g}: {report.counts['services']} services, {report.counts['triples']} triples "
          f"in {time.perf_counter() - start:.0f} s", flush=True)
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


def _rdflib_worker(graph: rdflib.Graph, text: str, runs: int, out) -> None:  # noqa: ANN001
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
    parser.add_argument("--rdflib-timeout", type=float, default=120, help="seconds before an rdflib run is stopped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        data_dir = build(workdir, args.scale)
        store = EmbeddedStore(Layout(data_dir).current().store_path)
        library = QueryLibrary(ROOT / "queries")
        graph = rdflib.Graph()
        if args.rdflib_runs:
            dump = workdir / "graph.nt"
            store.dump(dump)
            start = time.perf_counter()
            graph.parse(dump, format="nt")
            print(f"rdflib loaded {len(graph)} triples in {time.perf_counter() - start:.0f} s", flush=True)
        print(f"{'analysis':<44} {'params':<8} {'rows':>6} {'oxigraph ms':>12} {'cpu ms':>8} {'rdflib ms':>10} "
          f"{'ratio':>8}")
        for analysis in analyses(library):
            for label, params in (("all", {}), ("kent", FILTERED)):
                params = {k: v for k, v in params.items() if k in analysis.param_names}
                if label != "all" and not params:
                    continue
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
                flag = "" if ours <= 1000 else "  OVER 1 s"
                print(f"{analysis.name:<44} {label:<8} {rows:>6} {ours:12.1f} {cpu:8.1f} {theirs_text:>10} {ratio:>8}"
                      f"{flag}",
                      flush=True)


if __name__ == "__main__":
    main()
