"""Load tests over loopback: gunicorn workers serving a build (embedded store, or a real
`oxigraph serve-read-only` holding the same build), driven by wrk at a given number of concurrent
clients. Used by bench/run_all.py."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WRK_SCRIPT = Path(__file__).with_name("wrk_pages.lua")


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
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start (exit code {process.poll()})")
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
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(store_path),
                                "--bind", f"127.0.0.1:{port}", "--timeout-s", "30"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(url + "?query=ASK%7B%7D", process, "oxigraph serve-read-only")
        yield url
    finally:
        _stop(process)


@contextmanager
def gunicorn(data_dir: Path, workers: int, sparql_url: str | None = None) -> Iterator[str]:
    """gunicorn serving graph_app.wsgi:app over data_dir (and a remote store if given); yields its base URL."""
    port = free_port()
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(data_dir)}
    env.pop("GRAPH_APP_SPARQL_URL", None)
    if sparql_url:
        env["GRAPH_APP_SPARQL_URL"] = sparql_url
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                                "--timeout", "900", "--backlog", "2048", "graph_app.wsgi:app"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        # each worker builds its projection at start (a minute at scale factor 300, workers sharing 2 cores)
        _wait_for(url + "/", process, "gunicorn", timeout_s=900)
        yield url
    finally:
        _stop(process)


def warm(url: str, paths: list[str], workers: int) -> None:
    """Every worker loads its per-process memos (projection, labels) before the clock starts: the first
    path should need the projection (a request waits for it when a worker has none yet)."""
    for _ in range(workers * 2):
        for path in paths:
            requests.get(url + path, timeout=120)


def wrk(url: str, paths: list[str], clients: int, seconds: int) -> LoadResult:
    """wrk with `clients` open connections on 2 threads for `seconds`, cycling through the paths."""
    command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(WRK_SCRIPT), url, "--", *paths]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) "
                      r"socket_errors=(\d+) status_errors=(\d+)", output)
    if match is None:
        raise RuntimeError(f"wrk printed no result: {output}")
    done, duration, p50, p95, socket_errors, status_errors = (int(g) for g in match.groups())
    return LoadResult(clients, done / (duration / 1e6), p50 / 1000, p95 / 1000, socket_errors + status_errors)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None
