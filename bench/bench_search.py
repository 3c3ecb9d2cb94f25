"""Benchmark: search through the index against the same lookup done by SPARQL CONTAINS, side by side.

For each scale factor, a build of ontology/ and data/ with the sample generated at that scale; then each
family query runs through the search index (spelling correction, FTS5 retrieval, re-ranking, facet counts:
what the results page does) and as SPARQL `FILTER(CONTAINS(LCASE(?text), word))` over names, altLabels,
definitions and descriptions on the same store (the words of the query, any of them). Medians in
milliseconds and their ratio are printed (shared machines are noisy: compare the ratio).

    .venv/bin/python bench/bench_search.py [--scales 1 30] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build_and_page import median_ms, prepare_sources  # noqa: E402

from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.search import SearchIndex  # noqa: E402
from graph_app.search.text import is_stop, words  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

QUERIES = [
    "gets upset by loud noises", "won't eat solid food", "can't sit still and keeps interrupting",
    "austism", "speach therapy", "what if I disagree with the council", "help getting to school transport",
    "wetting the bed every night", "partially sighted", "apprenticeships", "seizures",
    "a break from caring respite", "mixes up letters when reading", "hitting and biting other children",
    "how do I get an EHCP",
]


def bench_scale(scale: float, runs: int) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory(prefix=f"bench-search-{scale}-") as tmp:
        workdir = Path(tmp)
        ontology, data = prepare_sources(workdir, scale)
        settings = replace(Settings(), data_dir=workdir / "var", sources=(ontology, data))
        started = time.perf_counter()
        run_build(settings, progress=lambda line: None)
        print(f"scale {scale:g}: built in {time.perf_counter() - started:.1f} s", flush=True)
        build = Layout(settings.data_dir).current()
        index = SearchIndex(build.search_path)
        store = EmbeddedStore(build.store_path)
        library = QueryLibrary(ROOT / "queries")
        rows = []
        for text in QUERIES:
            search_ms = median_ms(lambda t=text: index.search(t, counts=True), runs)
            keywords = [w for w in words(text) if not is_stop(w)] or words(text)
            sparql_ms = median_ms(lambda k=keywords: library.select(store, "search/contains_baseline", word=k), runs)
            rows.append((text, search_ms, sparql_ms))
        suggest_ms = statistics.median(median_ms(lambda t=t: index.suggest(t), runs)
                                       for t in ("aut", "won't e", "speech and l", "wheel", "tribu"))
        print(f"  autocomplete median {suggest_ms:.2f} ms")
        store.close()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 30])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    summary = []
    for scale in args.scales:
        rows = bench_scale(scale, args.runs)
        print(f"  {'query':45} {'index ms':>9} {'CONTAINS ms':>12} {'ratio':>7}")
        for text, search_ms, sparql_ms in rows:
            print(f"  {text[:45]:45} {search_ms:9.2f} {sparql_ms:12.2f} {sparql_ms / search_ms:7.0f}x")
        search_median = statistics.median(r[1] for r in rows)
        sparql_median = statistics.median(r[2] for r in rows)
        summary.append((scale, search_median, sparql_median))
    print("\nscale  search median ms  SPARQL CONTAINS median ms  ratio  target search <= 20 ms")
    for scale, search_median, sparql_median in summary:
        verdict = "met" if search_median <= 20 else "MISSED"
        ratio = sparql_median / search_median
        print(f"{scale:5g}  {search_median:16.2f}  {sparql_median:25.2f}  {ratio:5.0f}x  {verdict}")


if __name__ == "__main__":
    main()
