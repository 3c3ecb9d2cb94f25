"""bench_dumps.py --serve (issue 20): the dumps as a running server keeps them. See bench_dumps.py.

Rows: time to the first byte of /dumps/all.nt.gz once written (median of 9; target <= 1 s), the answer to
a request for a file being written (503 + Retry-After), and node-page p50/p95 under wrk, idle and while
the dumps are being written, interleaved (idle, writing, idle, writing...) so a busy spell on the shared
machine hits both alike; the ratio of the median p95s (target <= 1.20). The writer is the app's own child
(python -m graph_app.exporters.write_dumps, nice 19) holding the machine's writer lock, as the app runs it,
restarted on a fresh folder whenever it finishes so it writes for the whole window. The load is wrk where
it is installed, else Python threads (one connection each), said in the output."""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_build_and_page import prepare_sources
from child_tasks import run_child
from http_load import LoadResult, gunicorn, node_paths, process_tree, wait_until_idle, warm, wrk, wrk_available

from graph_app.config import Settings
from graph_app.exporters import dump_status
from graph_app.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
TTFB_RUNS = 9


def _build(workdir: Path, scale: float) -> Path:
    data_dir = workdir / "var"
    if Layout(data_dir).current() is not None:
        print(f"# reusing the build in {data_dir}")
        return data_dir
    workdir.mkdir(parents=True, exist_ok=True)
    ontology, data = prepare_sources(workdir, scale)
    result = run_child(["build", str(data_dir), str(ontology), str(data)], timeout_s=3600)
    if not result.ok:
        raise SystemExit(f"the build failed:\n{result.output[-3000:]}")
    print(f"# built scale {scale:g} in {result.seconds:.0f} s")
    return data_dir


def _wait_written(data_dir: Path, timeout_s: float = 1800) -> float:
    build = Layout(data_dir).current()
    started = time.monotonic()
    while not dump_status.is_complete(build):
        if time.monotonic() - started > timeout_s:
            raise SystemExit("the server's writer did not write the dumps")
        time.sleep(0.5)
    return time.monotonic() - started


def load(url: str, paths: list[str], clients: int, seconds: int) -> LoadResult:
    """wrk where installed, else the same in Python: `clients` threads, each with its own connection,
    cycling through the paths for `seconds`; p50/p95 of every answer's full time."""
    if wrk_available():
        return wrk(url, paths, clients, seconds)
    stop = time.monotonic() + seconds
    timings: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients

    def client(number: int) -> None:
        session = requests.Session()
        step = number
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                ok = session.get(url + paths[step % len(paths)], timeout=30).status_code < 400
            except requests.RequestException:
                ok = False
            timings[number].append(time.perf_counter() - started)
            errors[number] += not ok
            step += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = sorted(t for times in timings for t in times)
    cuts = statistics.quantiles(every, n=100)
    return LoadResult(clients, len(every) / (time.monotonic() - started), cuts[49] * 1000, cuts[94] * 1000, sum(errors))


def _ttfb(url: str) -> float:
    started = time.perf_counter()
    with requests.get(url + "/dumps/all.nt.gz", stream=True, timeout=60) as answer:
        answer.raise_for_status()
        next(answer.iter_content(1024))
        return time.perf_counter() - started


class Rewriter:
    """The app's writer child, run again and again on the live build's dumps folder until stopped."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.stop = threading.Event()
        self.runs = 0
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        build = Layout(self.data_dir).current()
        lock = dump_status.cache_folder(self.data_dir) / "writer.lock"
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # the one writer on this machine, as the app takes it
        try:
            while not self.stop.is_set():
                shutil.rmtree(dump_status.folder_of(build), ignore_errors=True)
                command = [sys.executable, "-m", "graph_app.exporters.write_dumps", "--build", str(build.path)]
                command += ["--base", Settings().base, "--queries", str(ROOT / "queries")]
                child = subprocess.Popen(command, cwd=ROOT, pass_fds=(descriptor,))
                while child.poll() is None:
                    if self.stop.wait(0.2):
                        child.terminate()  # a full write takes minutes at scale 30: the next run completes it
                        child.wait()
                self.runs += child.returncode == 0
        finally:
            os.close(descriptor)

    def __enter__(self) -> Rewriter:
        self.thread.start()
        time.sleep(0.5)  # the child has started writing
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def serve_bench(args: argparse.Namespace) -> None:
    load_before = os.getloadavg()
    data_dir = _build(args.workdir, args.scale)
    if not args.keep_dumps:  # the server's own writer writes them all first
        shutil.rmtree(dump_status.folder_of(Layout(data_dir).current()), ignore_errors=True)
    paths = node_paths(data_dir)
    log = args.workdir / "gunicorn.log"
    with gunicorn(data_dir, args.workers, page_cache=False, log=log) as url:
        written = _wait_written(data_dir)
        print(f"# the server's writer wrote every dump in {written:.1f} s after start-up")
        warm(url, paths, args.workers)
        wait_until_idle(process_tree[url])
        ttfb = [_ttfb(url) for _ in range(TTFB_RUNS)]
        size = (dump_status.folder_of(Layout(data_dir).current()) / "all.nt.gz").stat().st_size / 1e6
        idle, busy, pending, rewrites = [], [], [], 0
        for _ in range(args.runs * 2):
            idle.append(load(url, paths, args.clients, args.seconds))
            with Rewriter(data_dir) as rewriter:
                started = time.perf_counter()
                answer = requests.get(url + "/dumps/area-kent.jsonld.gz", timeout=60)
                pending.append((time.perf_counter() - started, answer.status_code, answer.headers.get("Retry-After")))
                busy.append(load(url, paths, args.clients, args.seconds))
            rewrites += rewriter.runs
    load_after = os.getloadavg()
    p95_idle = statistics.median(r.p95_ms for r in idle)
    p95_busy = statistics.median(r.p95_ms for r in busy)
    first_byte = statistics.median(ttfb)
    rows = [
        (
            "time to first byte, /dumps/all.nt.gz",
            f"{first_byte * 1000:.1f} ms",
            "<= 1000 ms",
            first_byte <= 1.0,
            f"median of {TTFB_RUNS}, max {max(ttfb) * 1000:.1f} ms; file {size:.1f} MB",
        ),
        (
            "a file being written: answer",
            f"{statistics.median(p[0] for p in pending) * 1000:.1f} ms",
            "",
            None,
            "status " + ", ".join(sorted({f"{p[1]} Retry-After {p[2]}" for p in pending})),
        ),
        (
            "node pages idle: p50 / p95",
            f"{statistics.median(r.p50_ms for r in idle):.1f} / {p95_idle:.1f} ms",
            "",
            None,
            f"{statistics.median(r.requests_per_s for r in idle):.0f} req/s",
        ),
        (
            "node pages while dumps are written: p50 / p95",
            f"{statistics.median(r.p50_ms for r in busy):.1f} / {p95_busy:.1f} ms",
            "",
            None,
            f"{statistics.median(r.requests_per_s for r in busy):.0f} req/s; {rewrites} writes finished",
        ),
        (
            "p95 while written / idle",
            f"{p95_busy / p95_idle:.2f}x",
            "<= 1.20x",
            p95_busy / p95_idle <= 1.20,
            "p95 each window: idle "
            + ", ".join(f"{r.p95_ms:.1f}" for r in idle)
            + "; writing "
            + ", ".join(f"{r.p95_ms:.1f}" for r in busy),
        ),
    ]
    print(
        f"\nscale {args.scale:g}, {args.workers} gunicorn workers (gthread), {args.clients} connections "
        f"({'wrk' if wrk_available() else 'Python threads: no wrk here'}), "
        f"{args.seconds} s windows x {len(idle)} each; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f}"
    )
    print("| what | measured | target | met | notes |\n|---|---|---|---|---|")
    for what, value, target, met, notes in rows:
        verdict = "" if met is None else ("yes" if met else "NO")
        print(f"| {what} | {value} | {target} | {verdict} | {notes} |", flush=True)
