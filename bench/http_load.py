"""Load tests over loopback: gunicorn workers serving a build (embedded store, or a real
`oxigraph serve-read-only` holding the same build), driven by wrk at a given number of concurrent
clients. Used by bench/run_all.py, and on its own:

    python bench/http_load.py DATA_DIR [--workers 4] [--seconds 10] [--clients 10 50] [--remote]

which serves DATA_DIR's current build with the page cache on and off (GRAPH_APP_PAGE_CACHE=0,
graph_app/web/page_cache.py), one after the other in the same run, and prints requests per second, p50,
p95 and errors at each number of clients, and the ratio between the two.

Start-up: the build writes the navigation projection's files once per store version, and each worker
maps them read-only when it starts (graph_app/projection/shared.py; where a version has no files yet, after
a published edit, the first worker builds them under a lock and the others wait and map them). In the
background the workers also work out the gap analyses and write the dumps. The workers are gthread
workers, as `graph-app serve --workers N` runs them, so a request waiting for the projection never stops a
worker answering gunicorn's heartbeat. Start-up is "the server answers /robots.txt" (needs no graph), then
`warm` sends every worker requests that need the projection and the pages' memos, then `wait_until_idle`
waits for the background work to end, so none of it is counted in the timings.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WRK_SCRIPT = Path(__file__).with_name("wrk_pages.lua")
THREADS = 4  # per worker, as `graph-app serve --workers N` runs gunicorn
START_TIMEOUT_S = 900.0
PROJECTION_PATH = "/related.json?node=https%3A%2F%2Fw3id.org%2Fse7-local-offer%2Fid%2Fneed%2Fautism"


@dataclass
class LoadResult:
    clients: int
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    errors: int  # socket errors (connect, read, write, timeout) plus non-2xx/3xx answers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, what: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if requests.get(url, timeout=30).status_code < 500:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited during start-up (exit code {process.poll()})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} within {timeout_s:.0f} s")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph_read_only(store_path: Path) -> Iterator[str]:
    """`oxigraph serve-read-only` over the build's own store folder (same oxigraph version as the
    pyoxigraph that wrote it); yields its SPARQL query URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store_path),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            "30",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(url + "?query=ASK%7B%7D", process, "oxigraph serve-read-only")
        yield url
    finally:
        _stop(process)


@contextmanager
def gunicorn(
    data_dir: Path, workers: int, sparql_url: str | None = None, page_cache: bool = True, log: Path | None = None
) -> Iterator[str]:
    """gunicorn serving graph_app.wsgi:app over data_dir (and a remote store if given), with the page
    cache on or off; yields its base URL. Its log goes to `log` (a file, never an unread pipe)."""
    port = free_port()
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(data_dir), "GRAPH_APP_PAGE_CACHE": "1" if page_cache else "0"}
    env.pop("GRAPH_APP_SPARQL_URL", None)
    if sparql_url:
        env["GRAPH_APP_SPARQL_URL"] = sparql_url
    output = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            str(int(START_TIMEOUT_S)),
            "--backlog",
            "2048",
            "graph_app.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/robots.txt", process, "gunicorn", timeout_s=START_TIMEOUT_S)
        process_tree[url] = process.pid
        yield url
    finally:
        process_tree.pop(url, None)
        _stop(process)
        if log:
            output.close()


process_tree: dict[str, int] = {}  # base URL -> gunicorn master pid, for wait_until_idle


def warm(url: str, paths: list[str], workers: int, timeout_s: float = START_TIMEOUT_S) -> bool:
    """Every worker loads its per-process memos (projection, labels, and the pages the page cache keeps)
    before the clock starts. The first path should need the projection: many requests at once, so each
    worker gets some (a request waits while its worker maps the projection). Returns whether the
    server then went idle (False: background work still running, so the timings include some of it)."""
    first, rest = paths[0], paths[1:]
    with ThreadPoolExecutor(workers * THREADS) as pool:
        list(pool.map(lambda _: requests.get(url + first, timeout=timeout_s), range(workers * THREADS * 2)))
        for _ in range(workers * 2):
            list(pool.map(lambda path: requests.get(url + path, timeout=timeout_s), rest))
    pid = process_tree.get(url)
    return wait_until_idle(pid) if pid is not None else True


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children still running (gunicorn master and workers)."""
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    pids += [int(c) for c in children]
    tick = os.sysconf("SC_CLK_TCK")
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def wait_until_idle(pid: int, busy_share: float = 0.05, window_s: float = 2.0, timeout_s: float = 180) -> bool:
    """Wait until the server spends under `busy_share` of a core over `window_s` (background projection
    and gap analyses done), at most `timeout_s`; return whether it got there."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        before = _cpu_seconds(pid)
        time.sleep(window_s)
        if _cpu_seconds(pid) - before < busy_share * window_s:
            return True
    return False


def wrk(url: str, paths: list[str], clients: int, seconds: int) -> LoadResult:
    """wrk with `clients` open connections on 2 threads for `seconds`, cycling through the paths."""
    command = [
        "wrk",
        "-t",
        str(min(2, clients)),
        "-c",
        str(clients),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
        url,
        "--",
        *paths,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(
        r"RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) "
        r"socket_errors=(\d+) status_errors=(\d+)",
        output,
    )
    if match is None:
        raise RuntimeError(f"wrk printed no result: {output}")
    done, duration, p50, p95, socket_errors, status_errors = (int(g) for g in match.groups())
    return LoadResult(clients, done / (duration / 1e6), p50 / 1000, p95 / 1000, socket_errors + status_errors)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def node_paths(data_dir: Path, count: int = 15, seed: int = 11) -> list[str]:
    """Node pages to load: one hub of each busy kind and `count` services picked at random."""
    sys.path.insert(0, str(ROOT))
    from graph_app.layout import Layout
    from graph_app.store import EmbeddedStore

    id_base, lo = "https://w3id.org/se7-local-offer/id/", "https://w3id.org/se7-local-offer/def#"
    store = EmbeddedStore(Layout(data_dir).current().store_path)
    paths = ["/id/need/autism", "/id/area/kent"]
    for kind in ("Setting", "Pathway"):
        rows = store.select_table(f"SELECT ?s WHERE {{ ?s a <{lo}{kind}> }} ORDER BY ?s LIMIT 1")
        paths += ["/id/" + row[0][len(id_base) :] for row in rows]
    services = [r[0] for r in store.select_table(f"SELECT ?s WHERE {{ ?s a <{lo}Service> }} ORDER BY ?s LIMIT 2000")]
    paths += ["/id/" + s[len(id_base) :] for s in random.Random(seed).sample(services, min(count, len(services)))]
    return paths


def compare(
    data_dir: Path,
    workers: int,
    seconds: int,
    clients: list[int],
    sparql_url: str | None = None,
    log: Path | None = None,
) -> list[tuple[str, LoadResult]]:
    """The same pages with the page cache on, then off, in one run."""
    paths = node_paths(data_dir)
    results = []
    for name, on in (("page cache on", True), ("page cache off", False)):
        started = time.monotonic()
        with gunicorn(data_dir, workers, sparql_url, page_cache=on, log=log) as url:
            print(f"# {name}: gunicorn answering after {time.monotonic() - started:.0f} s", flush=True)
            idle = warm(url, [PROJECTION_PATH, *paths], workers)
            print(
                f"# {name}: warm after {time.monotonic() - started:.0f} s"
                f"{'' if idle else ' (background work still running)'}",
                flush=True,
            )
            for count in clients:
                result = wrk(url, paths, count, seconds)
                results.append((name, result))
                print(
                    f"{name:15} {count:3} clients: {result.requests_per_s:8.1f} req/s  p50 {result.p50_ms:7.1f} ms"
                    f"  p95 {result.p95_ms:7.1f} ms  errors {result.errors}",
                    flush=True,
                )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--remote", action="store_true", help="also through `oxigraph serve-read-only`")
    parser.add_argument("--log", type=Path, help="gunicorn's log file")
    args = parser.parse_args(argv)
    if not wrk_available():
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    print(
        f"# {args.data_dir}, {args.workers} gunicorn workers x {THREADS} threads, {args.seconds} s per run, "
        f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
        flush=True,
    )
    summary = [
        ("embedded", name, result)
        for name, result in compare(args.data_dir, args.workers, args.seconds, args.clients, None, args.log)
    ]
    if args.remote:
        from graph_app.layout import Layout

        with oxigraph_read_only(Layout(args.data_dir).current().store_path) as sparql_url:
            summary += [
                ("remote", name, result)
                for name, result in compare(
                    args.data_dir, args.workers, args.seconds, args.clients, sparql_url, args.log
                )
            ]
    print("\n| store | clients | cache on req/s | cache off req/s | ratio | p95 on | p95 off | errors on/off |")
    print("|---|---|---|---|---|---|---|---|")
    for count in args.clients:
        for store_name in dict.fromkeys(s for s, _n, _r in summary):
            on = next(r for s, n, r in summary if s == store_name and n == "page cache on" and r.clients == count)
            off = next(r for s, n, r in summary if s == store_name and n == "page cache off" and r.clients == count)
            print(
                f"| {store_name} | {count} | {on.requests_per_s:.0f} | {off.requests_per_s:.0f} | "
                f"{on.requests_per_s / off.requests_per_s:.1f}x | {on.p95_ms:.0f} ms | {off.p95_ms:.0f} ms | "
                f"{on.errors}/{off.errors} |"
            )


if __name__ == "__main__":
    main()
