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
    "gets upset by loud noises",
    "won't eat solid food",
    "can't sit still and keeps interrupting",
    "austism",
    "speach therapy",
    "what if I disagree with the council",
    "help getting to school transport",
    "wetting the bed every night",
    "partially sighted",
    "apprenticeships",
    "seizures",
    "a break from caring respite",
    "mixes up letters when reading",
    "hitting and biting other children",
    "how do I get an EHCP",
    # broad queries: thousands of matches at scale factor 30
    "autism",
    "school",
    "help",
    "support for children",
    "speech and language therapy",
]


def fresh(index: SearchIndex) -> SearchIndex:
    """The index with its memory of recent queries emptied, so each run costs what a new query costs."""
    getattr(index, "_recent_values", {}).clear()
    return index


def bench_scale(scale: float, runs: int, reuse: Path | None = None) -> list[tuple[str, float, float, float]]:
    from graph_app.web import create_app

    with tempfile.TemporaryDirectory(prefix=f"bench-search-{scale}-") as tmp:
        workdir = Path(tmp)
        settings = replace(Settings(), data_dir=reuse or workdir / "var")
        if reuse is None:
            ontology, data = prepare_sources(workdir, scale)
            settings = replace(settings, sources=(ontology, data))
            started = time.perf_counter()
            run_build(settings, progress=lambda line: None)
            print(f"scale {scale:g}: built in {time.perf_counter() - started:.1f} s", flush=True)
        build = Layout(settings.data_dir).current()
        client = create_app({"TESTING": True}, settings=settings).test_client()
        index = SearchIndex(build.search_path)
        store = EmbeddedStore(build.store_path)
        library = QueryLibrary(ROOT / "queries")
        with client.application.app_context():
            served = client.application.extensions["graph"].search  # the index the pages use
        rows = []
        for text in QUERIES:
            search_ms = median_ms(lambda t=text: fresh(index).search(t, counts=True), runs)
            keywords = [w for w in words(text) if not is_stop(w)] or words(text)
            sparql_ms = median_ms(lambda k=keywords: library.select(store, "search/contains_baseline", word=k), runs)
            # the whole results page: need-led panel, services for the need, facets, grouped results, HTML
            page_ms = median_ms(lambda t=text: (fresh(served), client.get("/search", query_string={"q": t})), runs)
            rows.append((text, search_ms, sparql_ms, page_ms))
        suggest_ms = statistics.median(
            median_ms(lambda t=t: index.suggest(t), runs) for t in ("aut", "won't e", "speech and l", "wheel", "tribu")
        )
        print(f"  autocomplete median {suggest_ms:.2f} ms")
        store.close()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 30])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", nargs="*", default=[], help="SCALE=DATA_DIR of an existing build")
    args = parser.parse_args()
    reuse = {float(k): Path(v) for k, v in (item.split("=", 1) for item in args.reuse)}
    summary = []
    for scale in args.scales:
        rows = bench_scale(scale, args.runs, reuse.get(scale))
        print(f"  {'query':45} {'index ms':>9} {'CONTAINS ms':>12} {'ratio':>7} {'page ms':>8}")
        for text, search_ms, sparql_ms, page_ms in rows:
            print(f"  {text[:45]:45} {search_ms:9.2f} {sparql_ms:12.2f} {sparql_ms / search_ms:7.0f}x {page_ms:8.2f}")
        search_median = statistics.median(r[1] for r in rows)
        sparql_median = statistics.median(r[2] for r in rows)
        summary.append((scale, search_median, sparql_median, max(r[1] for r in rows), max(r[3] for r in rows)))
    print(
        "\nscale  search median ms  SPARQL CONTAINS median ms  ratio  slowest query ms  slowest page ms  target 20 ms"
    )
    for scale, search_median, sparql_median, slowest, slowest_page in summary:
        verdict = "met" if slowest_page <= 20 else "MISSED"
        ratio = sparql_median / search_median
        print(
            f"{scale:5g}  {search_median:16.2f}  {sparql_median:25.2f}  {ratio:5.0f}x  {slowest:16.2f}  "
            f"{slowest_page:15.2f}  {verdict}"
        )


if __name__ == "__main__":
    main()
