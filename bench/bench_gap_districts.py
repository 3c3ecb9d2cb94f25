"""Benchmark: the district drill-down (queries/gaps/districts/, /gaps/districts) at one or more scale factors,
measured side by side in one run (so the ratio between scales is fair on a shared, noisy machine).
Target as for the other analyses: a page never waits more than 1 s.

    .venv/bin/python bench/bench_gap_districts.py --scales 1
    nice -n 5 .venv/bin/python bench/bench_gap_districts.py --scales 1 30 --keep /tmp/gd   (builds once per scale)
    .venv/bin/python bench/bench_gap_districts.py --data-dir DIR                         (an existing build)

Rows per scale: "query, cold" the analysis for every council, district, need and age band plus the names,
the first time after the store is opened (what a page waits for if it comes before the warm-up has worked
it out); "query, again" the same run repeatedly (median); "first page right after a build" the cell page
as the first request of a new app whose warm-up thread has just started, with no district rows stored for
the version (it shows whether a page waits: since the rows are worked out in the background it answers 503
"being worked out"); "until the real page" how long after that first request the page has its rows (asked
again every 100 ms, as a reader reloading would);
"served (stored result)" the JSON twin of the cell page from the per-version result; "district page" the
HTML page for Kent, autism, ages 11 to 15; "overview page" Kent with no need chosen; "services list" the
records behind one number (one bound query per request). Wall-clock medians; compare rows of one run.
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

from graph_app.gaps.district_results import COVERS, NAME, _key  # noqa: E402
from graph_app.gaps.districts import coverage_rows  # noqa: E402
from graph_app.gaps.stored_results import SharedResults  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

CELL = "/gaps/districts?area=kent&need=autism&age_band=11-15"
CELL_JSON = "/gaps/districts.json?area=kent&need=autism&age_band=11-15"
OVERVIEW = "/gaps/districts?area=kent"
SERVICES = "/gaps/districts/services?place=kent&need=autism&age_band=11-15"
PAGE_ROWS = ("first page right after a build", "served (stored result)", "district page", "overview page")
NOT_A_WAIT = ("query", "until the real page")  # rows that are not a page's answer time


Timing = tuple[float, float | None, str]  # wall-clock ms, CPU ms of this process (None: threads beside it), note


def median_ms(action, runs: int) -> tuple[float, float]:
    """Medians of wall-clock and CPU time: on a busy shared machine the wall clock also counts the time other
    programs had the processor; this process's CPU time does not (pyoxigraph runs in the calling thread)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def timed_ms(action) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def measure(data_dir: Path, runs: int) -> dict[str, Timing]:
    """(wall ms, CPU ms, note) per row for one build."""
    from graph_app.config import settings_from_env
    from graph_app.web import create_app

    found: dict[str, Timing] = {}
    settings = replace(settings_from_env(), data_dir=data_dir)
    forget_district_rows(data_dir)  # as right after a build: no process has worked them out for this version
    # a new app with its warm-up thread started, asked for the cell page at once: does the page wait?
    app = create_app({"TESTING": True, "WARM_GAPS": True}, settings=settings)
    client = app.test_client()
    ms, _, first = timed_ms(lambda: client.get(CELL))
    status = first.status_code  # type: ignore[attr-defined]
    assert status in (200, 503), status
    found["first page right after a build"] = (ms, None, f"status {status}, warm-up thread running beside it")
    start = time.perf_counter()
    while client.get(CELL).status_code == 503:
        time.sleep(0.1)
    found["until the real page"] = ((time.perf_counter() - start) * 1000 + ms, None, "worked out in the background")
    app.extensions["gap_warmer"].stop()

    store = EmbeddedStore(Layout(data_dir).current().store_path)
    library = QueryLibrary(ROOT / "queries")
    ms, cpu, rows = timed_ms(lambda: coverage_rows(store, library))
    found["query, cold"] = (ms, cpu, f"{len(rows):,} rows")  # type: ignore[arg-type]
    found["query, again"] = (*median_ms(lambda: coverage_rows(store, library), runs), "")
    found["query, again (cover=most)"] = (*median_ms(lambda: coverage_rows(store, library, "most"), runs), "")

    app = create_app({"TESTING": True, "WARM_GAPS": False}, settings=settings)
    client = app.test_client()
    client.get(CELL_JSON)  # works the result out once for this app, as the warm-up would
    found["served (stored result)"] = (*median_ms(lambda: client.get(CELL_JSON), runs), "JSON twin of the page")
    page = client.get(CELL)
    svg = re.search(r"<svg xmlns.*?</svg>", page.get_data(as_text=True), re.S)
    note = f"map SVG {len(svg.group(0).encode()) if svg else 0:,} bytes"
    found["district page"] = (*median_ms(lambda: client.get(CELL), runs), note)
    found["overview page"] = (*median_ms(lambda: client.get(OVERVIEW), runs), "")
    found["services list"] = (*median_ms(lambda: client.get(SERVICES), runs), "one bound query")
    return found


def forget_district_rows(data_dir: Path) -> None:
    """Remove the current version's stored district rows (both 'cover' choices), so the first page meets a
    miss even on a build kept from an earlier run."""
    version = EmbeddedStore(Layout(data_dir).current().store_path).version()
    shared = SharedResults(data_dir / "cache" / "gaps")
    for cover in COVERS:
        shared.path(version, NAME, _key(cover)).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build under this folder once per scale and reuse it")
    parser.add_argument("--data-dir", type=Path, help="use the build current in this data folder (one scale)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        results: dict[float, dict[str, Timing]] = {}
        for scale in args.scales:
            workdir = base / f"s{scale:g}"
            workdir.mkdir(parents=True, exist_ok=True)
            data_dir = args.data_dir or build(workdir, scale)
            results[scale] = measure(data_dir, args.runs)
    report(args.scales, results)


def report(scales: list[float], results: dict[float, dict[str, Timing]]) -> None:
    """One line per row: wall-clock ms (CPU ms) at each scale, the ratio of each scale to the first."""
    first = scales[0]
    head = "".join(f" {f'scale {s:g}: wall (CPU) ms':>24}" for s in scales)
    ratio = "".join(f" {f'x{s:g}/x{first:g}':>10}" for s in scales[1:])
    print(f"{'what':<34}{head}{ratio}  notes", flush=True)
    for what in results[first]:
        cells = "".join(f" {_cell(results[s][what]):>24}" for s in scales)
        ratios = "".join(f" {results[s][what][0] / results[first][what][0]:10.1f}" for s in scales[1:])
        over = [f"{s:g}" for s in scales if results[s][what][0] > 1000 and not what.startswith(NOT_A_WAIT)]
        notes = "; ".join(f"{s:g}: {results[s][what][2]}" for s in scales if results[s][what][2])
        flag = f"  OVER 1 s at scale {', '.join(over)}" if over else ""
        print(f"{what:<34}{cells}{ratios}  {notes}{flag}", flush=True)


def _cell(timing: Timing) -> str:
    wall, cpu, _ = timing
    return f"{wall:.1f} ({cpu:.1f})" if cpu is not None else f"{wall:.1f}"


if __name__ == "__main__":
    main()
