"""Benchmark: the district drill-down (queries/gaps/districts/, /gaps/districts) at a scale factor.
Target as for the other analyses: a page never waits more than 1 s once the store version's result is
worked out; the first request after a new version pays for the query ("cold").

    .venv/bin/python bench/bench_gap_districts.py --scale 1
    .venv/bin/python bench/bench_gap_districts.py --scale 30 --keep /tmp/bench-30   (builds once, minutes)
    .venv/bin/python bench/bench_gap_districts.py --data-dir DIR                    (an existing build)

Rows: "query" is the analysis for every council, district, need and age band plus the names (what the
first request after a new store version waits for, once per process); "cell page" the HTML page for Kent,
autism, ages 11 to 15 served from memory; "overview page" Kent with no need chosen (every need and age);
"services list" the records behind one number (one bound query per request); "map bytes" the inline SVG.
Wall-clock medians on a shared, noisy machine: compare rows of one run, not runs.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_gaps import build  # noqa: E402

from graph_app.gaps.districts import coverage_rows  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

CELL = "/gaps/districts?area=kent&need=autism&age_band=11-15"
OVERVIEW = "/gaps/districts?area=kent"
SERVICES = "/gaps/districts/services?place=kent&need=autism&age_band=11-15"


def median_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build here once and reuse it")
    parser.add_argument("--data-dir", type=Path, help="use the build current in this data folder")
    args = parser.parse_args()
    from graph_app.config import settings_from_env
    from graph_app.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        data_dir = args.data_dir or build(workdir, args.scale)
        store = EmbeddedStore(Layout(data_dir).current().store_path)
        library = QueryLibrary(ROOT / "queries")
        rows = len(coverage_rows(store, library))  # warm once
        query = median_ms(lambda: coverage_rows(store, library), args.runs)
        settings = replace(settings_from_env(), data_dir=data_dir)
        app = create_app({"TESTING": True, "WARM_GAPS": False}, settings=settings)
        client = app.test_client()
        start = time.perf_counter()
        first = client.get(CELL)
        first_ms = (time.perf_counter() - start) * 1000
        assert first.status_code == 200, first.status_code
        svg = re.search(r"<svg xmlns.*?</svg>", first.get_data(as_text=True), re.S)
        timings = [
            ("query (all districts)", query, f"{rows} rows"),
            ("first cell page (runs the query)", first_ms, ""),
            ("cell page, served", median_ms(lambda: client.get(CELL), args.runs), ""),
            ("overview page, served", median_ms(lambda: client.get(OVERVIEW), args.runs), ""),
            ("services list", median_ms(lambda: client.get(SERVICES), args.runs), ""),
        ]
        print(f"scale {args.scale:g}; map SVG {len(svg.group(0).encode()) if svg else 0} bytes")
        print(f"{'what':<36} {'median ms':>10}  note")
        for what, ms, note in timings:
            flag = "  OVER 1 s" if ms > 1000 and "query" not in what and "first" not in what else ""
            print(f"{what:<36} {ms:10.1f}  {note}{flag}", flush=True)


if __name__ == "__main__":
    main()
