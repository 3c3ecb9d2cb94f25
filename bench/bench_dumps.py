"""Full dump (issue 7: <= 30 s in <= 1 GB at scale factor 300): the app's way against the previous way,
side by side in one run, each in a child process (wall time, CPU time, peak memory VmHWM, file size).

    .venv/bin/python bench/bench_dumps.py --data-dir /work/scale300/var --workdir /tmp/dumps-bench

With --serve (issue 20): the dumps as the server keeps them, written in the background. gunicorn serves a
build (made here at --scale, or --data-dir's); once its writer has written the dumps, the time to the first
byte of /dumps/all.nt.gz (target <= 1 s), and node pages under wrk while the dumps are being written (the
app's own writer child, python -m graph_app.exporters.write_dumps, at nice 19, rewriting them over and
over for the whole window) against idle, interleaved in one run (target: p95 no more than 20 % higher).

    .venv/bin/python bench/bench_dumps.py --serve --scale 1 --workdir /tmp/dumps-serve-1

The data dir is only read (its store is opened read-only); the files are written under --workdir and
removed after each run. CPU time is printed beside wall time because the wall time of a dump that uses
both cores depends on what else the machine is doing."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from child_tasks import run_child

from graph_app.layout import Layout

METHODS = (("previous", "6"), ("app", "6"), ("app", "3"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="the served dumps (issue 20), see above")
    parser.add_argument("--scale", type=float, default=1.0, help="--serve: build a sample at this scale")
    parser.add_argument("--seconds", type=int, default=15, help="--serve: each wrk window")
    parser.add_argument("--clients", type=int, default=8, help="--serve: wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="--serve: gunicorn workers")
    parser.add_argument("--keep-dumps", action="store_true", help="--serve: keep the dumps a run left")
    parser.add_argument("--data-dir", type=Path, default=Path("/work/scale300/var"))
    parser.add_argument("--store", type=Path, help="a store folder to dump instead of the data dir's current build")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dumps-bench"))
    parser.add_argument("--formats", nargs="+", default=["nt", "ttl"], choices=["nt", "ttl", "jsonld"])
    parser.add_argument("--runs", type=int, default=1, help="with --serve: pairs of wrk windows, idle and writing")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    if args.serve:
        from bench_dumps_serving import serve_bench

        serve_bench(args)
        return
    store_path = args.store or Layout(args.data_dir).current().store_path
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"store {store_path}")
    print(f"{'dump':<34} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'size MB':>8} {'vs previous':>12}")
    for fmt in args.formats:
        results: dict[tuple[str, str], list] = {method: [] for method in METHODS}
        for _ in range(args.runs):
            for method, level in METHODS:  # interleaved, so a busy spell hits every method alike
                out = args.workdir / f"all.{fmt}.gz"
                result = run_child(["dump", str(store_path), str(out), fmt, method, level], args.timeout)
                if not result.ok:
                    raise SystemExit(f"{method} {fmt} failed: {result.output[-500:]}")
                results[(method, level)].append((result, out.stat().st_size / 1e6))
                out.unlink()
        baseline = statistics.median(r.seconds for r, _size in results[METHODS[0]])
        for (method, level), runs in results.items():
            wall = statistics.median(r.seconds for r, _size in runs)
            cpu = statistics.median(r.cpu_seconds for r, _size in runs)
            peak = max(r.peak_mb for r, _size in runs)
            name = f"all.{fmt}.gz {method} (gzip {level})"
            print(
                f"{name:<34} {wall:8.1f} {cpu:8.1f} {peak:8.0f} {runs[0][1]:8.1f} {baseline / wall:11.2f}x", flush=True
            )


if __name__ == "__main__":
    main()
