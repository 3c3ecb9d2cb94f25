"""4 gunicorn workers' total resident memory (PSS) once their gap warm-up is done, for one source tree:

    python bench/bench_workers_memory.py DATA_DIR TREE LABEL

starts gunicorn from TREE (this checkout, or `git archive <commit>` unpacked elsewhere, for a side-by-side
run) over DATA_DIR with the page cache off and no stored gap results, serves the node pages and the related
panel from every worker, waits until the district rows are worked out and the server is idle, serves the
pages again and prints the workers' summed PSS and RSS (/proc/<pid>/smaps_rollup). run_all.py's
"served dumps and workers" step measures the same after the dumps are written; this one does not wait for
them, so it also finishes on a busy machine.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

WORKERS = 4
DISTRICT_TABLES = 2  # the 'cover' choices (gaps/district_results.COVERS)


def workers_memory(master: int) -> tuple[int, int, int]:
    """(workers, PSS MB, RSS MB) summed over the gunicorn master's worker processes."""
    pss = rss = 0
    children = [int(pid) for pid in subprocess.check_output(["pgrep", "-P", str(master)]).split()]
    workers = [pid for pid in children if "gunicorn" in Path(f"/proc/{pid}/cmdline").read_text()]
    for pid in workers:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1])
            elif line.startswith("Rss:"):
                rss += int(line.split()[1])
    return len(workers), pss // 1024, rss // 1024


def serve_pages(url: str, paths: list[str], rounds: int = 2) -> None:
    with ThreadPoolExecutor(WORKERS * 4) as pool:
        for _ in range(rounds):
            list(pool.map(lambda path: requests.get(url + path, timeout=900).status_code, paths * WORKERS))


def main(data: Path, tree: Path, label: str) -> None:
    sys.path[:0] = [str(tree / "bench"), str(tree)]
    os.environ["PYTHONPATH"] = str(tree)  # gunicorn's workers import the tree's graph_app
    http_load = importlib.import_module("http_load")
    gaps = data / "cache" / "gaps"
    shutil.rmtree(gaps, ignore_errors=True)  # the workers work everything out, as after a build

    def districts_done() -> bool:
        return len(list(gaps.rglob("district_coverage-*.json"))) >= DISTRICT_TABLES

    paths = [http_load.PROJECTION_PATH, *http_load.node_paths(data)]
    started = time.monotonic()
    with http_load.gunicorn(data, WORKERS, page_cache=False, log=data.parent / f"gunicorn-{label}.log") as url:
        master = http_load.process_tree[url]
        serve_pages(url, paths)
        while not districts_done() and time.monotonic() - started < 1800:
            time.sleep(5)
        quiet = http_load.wait_until_idle(master, timeout_s=900)
        serve_pages(url, paths)
        workers, pss, rss = workers_memory(master)
    print(
        f"{label}: {workers} workers, PSS {pss:,} MB, RSS {rss:,} MB "
        f"({time.monotonic() - started:.0f} s; idle when measured: {quiet}; district rows worked out: "
        f"{districts_done()})",
        flush=True,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]).resolve(), sys.argv[3])
