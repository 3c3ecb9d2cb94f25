"""Benchmark (issue 20): one projection per store version shared by every worker, against each worker
building its own, side by side in one run, at the given scale factors.

For each scale the sample is built once (the build writes the projection files); then three gunicorn
servers (4 gthread workers, page cache off, as bench/http_load.py runs them) serve that build one after
the other:

- old: the code of --old-commit (each worker builds its projection), from `git archive` in a temporary
  folder, on the same virtual environment;
- new: this checkout, the projection files written by the build (the usual case);
- new, no files: this checkout with the version's files removed first (a published edit: the first
  worker builds them under the lock, the others wait and map them).

Measured for each: seconds from spawning gunicorn until it answers (/robots.txt needs no graph); seconds
after that until the first /related.json and the first /path.json answer (a new worker's first related
and path); related on a node's first view (/related.json for nodes no worker has ranked before, over
loopback, median and max ms); path (median ms); and, once every worker has served node pages, the
resident memory of the 4 workers: the sum of PSS (shared pages divided among the processes that map them)
and of RSS, from /proc/<pid>/smaps_rollup. The related and path answers of old and new are compared.

    nice -n 5 .venv/bin/python bench/bench_projection_shared.py --scales 1 30 [--out bench/results/projection_shared.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build_and_page import prepare_sources  # noqa: E402
from http_load import THREADS, free_port, node_paths, wait_until_idle  # noqa: E402

from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.projection import ProjectionFiles, projection_folder  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
BIN = Path(sys.executable).parent
WORKERS = 4
OLD_COMMIT = "879b8f13ea4a3d7fbbc3c28a079d7fe652fe7732"  # the last commit whose workers each built their own
FIRST_VIEWS = 20
START_TIMEOUT_S = 1800.0


@dataclass
class Served:
    name: str
    up_s: float = 0.0
    app_s: float = 0.0  # a new process: loading the app (imports included)
    worker_projection_s: float = 0.0  # then until its projection is ready
    worker_related_s: float = 0.0  # then until its first related is answered
    worker_path_s: float = 0.0
    first_related_s: float = 0.0
    first_path_s: float = 0.0
    related_ms: list[float] = field(default_factory=list)
    related_cpu_ms: list[float] = field(default_factory=list)  # the workers' CPU for that request
    path_ms: list[float] = field(default_factory=list)
    path_cpu_ms: list[float] = field(default_factory=list)
    worker_cpu_s: float = 0.0  # the new process's CPU (all its threads) until its first path
    pss_mb: float = 0.0
    rss_mb: float = 0.0
    idle: bool = True
    answers: dict[str, str] = field(default_factory=dict)


@contextmanager
def gunicorn(code_root: Path, data_dir: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn serving graph_app.wsgi:app of the code at `code_root` over data_dir, page cache off."""
    port = free_port()
    env = {
        **os.environ,
        "GRAPH_APP_DATA_DIR": str(data_dir),
        "GRAPH_APP_PAGE_CACHE": "0",
        "PYTHONPATH": str(code_root),  # before the installed (editable) graph_app
    }
    env.pop("GRAPH_APP_SPARQL_URL", None)
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--worker-class", "gthread", "--threads", str(THREADS)]
            + ["--bind", f"127.0.0.1:{port}", "--timeout", str(int(START_TIMEOUT_S)), "graph_app.wsgi:app"],
            cwd=code_root,
            env=env,
            stdout=output,
            stderr=output,
        )
        try:
            yield f"http://127.0.0.1:{port}", process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ok(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=START_TIMEOUT_S).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited (code {process.returncode})")
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer")


def _memory(master: int) -> tuple[float, float]:
    """(PSS, RSS) in MB summed over the master's worker processes."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    pss = rss = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _colon, rest = line.partition(":")
            if key == "Pss":
                pss += int(rest.split()[0])
            elif key == "Rss":
                rss += int(rest.split()[0])
    return pss / 1024, rss / 1024


def _cpu_ns(master: int) -> int:
    """CPU time of every thread of the master's workers, in ns (schedstat: exact, where /proc/<pid>/stat
    counts 10 ms ticks): on cores shared with other programs, the honest cost of a request."""
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that ended meanwhile
    return total


def _timed_get(url: str, master: int | None = None) -> tuple[float, float, requests.Response]:
    """(wall ms, the workers' CPU ms or 0, the response)."""
    cpu = _cpu_ns(master) if master else 0
    started = time.perf_counter()
    response = requests.get(url, timeout=START_TIMEOUT_S)
    response.raise_for_status()
    wall = (time.perf_counter() - started) * 1000
    return wall, ((_cpu_ns(master) - cpu) / 1e6 if master else 0.0), response


FIRST_ANSWERS = """
import json, sys, time
started = time.perf_counter()
from graph_app.wsgi import app  # what a gunicorn worker loads when it starts
ready = time.perf_counter()
client = app.test_client()
related, path = sys.argv[1:3]
with app.app_context():
    app.extensions["projection_keeper"].get()  # the projection mapped (new) or built (old)
mapped = time.perf_counter()
assert client.get(related).status_code == 200
answered = time.perf_counter()
assert client.get(path).status_code == 200
print(json.dumps([ready - started, mapped - ready, answered - ready, time.perf_counter() - ready, time.process_time()]))
"""


def first_answers(code_root: Path, data_dir: Path, plan: dict) -> tuple[float, float, float, float, float]:
    """In a new process, as a worker starts: (seconds to load the app, then until its projection is ready,
    until the first related is answered, until the first path is answered; the process's CPU seconds)."""
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(data_dir), "PYTHONPATH": str(code_root)}
    env.pop("GRAPH_APP_SPARQL_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_ANSWERS, plan["related"][0], plan["paths"][0]],
        cwd=code_root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=START_TIMEOUT_S,
    )
    return tuple(json.loads(done.stdout.strip().splitlines()[-1]))


def serve(name: str, code_root: Path, data_dir: Path, plan: dict, log: Path, reset=lambda: None) -> Served:
    """`reset()` runs before each new process (the case without files removes them)."""
    served = Served(name)
    reset()
    served.app_s, served.worker_projection_s, served.worker_related_s, served.worker_path_s, served.worker_cpu_s = (
        first_answers(code_root, data_dir, plan)
    )
    reset()
    started = time.monotonic()
    with gunicorn(code_root, data_dir, log) as (url, process):
        _wait_ok(url + "/robots.txt", process)
        served.up_s = time.monotonic() - started
        up = time.monotonic()
        _timed_get(url + plan["related"][0])
        served.first_related_s = time.monotonic() - up
        _timed_get(url + plan["paths"][0])
        served.first_path_s = time.monotonic() - up
        # every worker has its projection (the old ones build theirs now) and node pages' memos, then quiet
        pages = plan["pages"]
        with ThreadPoolExecutor(WORKERS * THREADS) as pool:
            list(pool.map(lambda _: requests.get(url + plan["related"][0], timeout=START_TIMEOUT_S), range(32)))
            for _ in range(3):
                list(pool.map(lambda path: requests.get(url + path, timeout=START_TIMEOUT_S), pages))
        served.idle = wait_until_idle(process.pid, timeout_s=600)
        for path in plan["related"][1:]:  # first views: nodes no worker has ranked
            ms, cpu, response = _timed_get(url + path, process.pid)
            served.related_ms.append(ms)
            served.related_cpu_ms.append(cpu)
            served.answers[path] = response.text
        for path in plan["paths"]:
            ms, cpu, response = _timed_get(url + path, process.pid)
            served.path_ms.append(ms)
            served.path_cpu_ms.append(cpu)
            served.answers[path] = response.text
        with ThreadPoolExecutor(WORKERS * THREADS) as pool:  # node pages again, then memory
            list(pool.map(lambda path: requests.get(url + path, timeout=START_TIMEOUT_S), pages))
        served.pss_mb, served.rss_mb = _memory(process.pid)
    return served


def _plan(data_dir: Path) -> dict:
    store = EmbeddedStore(Layout(data_dir).current().store_path)
    pages = node_paths(data_dir, count=25)
    seen = {ID + page.removeprefix("/id/") for page in pages}  # their pages rank them: not a first view
    services = [r[0] for r in store.select_table(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s")]
    rng = random.Random(20)
    unseen = [s for s in services if s not in seen]
    picked = rng.sample(unseen, min(FIRST_VIEWS, len(unseen)))
    related = [ID + "need/autism", ID + "need/dyslexia", *picked]
    pairs = [(ID + "need/dyslexia", ID + "pathway/ehc-needs-assessment")]
    pairs += [(rng.choice(services), rng.choice(services)) for _ in range(5)]
    return {
        "related": [f"/related.json?node={quote(iri, safe='')}" for iri in related],
        "paths": [f"/path.json?from={quote(a, safe='')}&to={quote(b, safe='')}" for a, b in pairs],
        "pages": pages,
        "version": store.version(),
    }


def old_code(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "graph_app", "queries", "ontology"], check=True, capture_output=True
    )
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def bench_scale(scale: float, old_commit: str, log: Path) -> tuple[dict, list[Served]]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ontology, data = prepare_sources(workdir, scale)
        settings = replace(Settings(), data_dir=workdir / "var", sources=(ontology, data))
        report = run_build(settings, progress=lambda line: None)
        plan = _plan(settings.data_dir)
        files = ProjectionFiles(projection_folder(settings.data_dir))
        folder = files.version_dir(plan["version"])
        facts = {
            "services": report.counts["services"],
            "triples": report.counts["triples"],
            "write_s": report.timings.get("Writing the navigation projection", 0.0),
            "build_s": report.seconds,
            "files_mb": sum(p.stat().st_size for p in folder.iterdir()) / 1e6,
            "nodes": files.open(plan["version"]).size,
        }
        old_root = old_code(old_commit, workdir / "old")
        results = [serve("old: each worker builds its own", old_root, settings.data_dir, plan, log)]
        results.append(serve("new: files written by the build", ROOT, settings.data_dir, plan, log))

        def remove_files() -> None:
            shutil.rmtree(folder, ignore_errors=True)

        results.append(
            serve("new: no files yet (first worker builds them)", ROOT, settings.data_dir, plan, log, remove_files)
        )
        return facts, results


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} (max {max(values):.1f})" if values else "-"


def table(scale: float, facts: dict, results: list[Served]) -> list[str]:
    old = results[0]
    same = [sum(r.answers[k] == old.answers[k] for k in old.answers) for r in results]
    lines = [
        f"### Scale {scale:g}: {facts['triples']:,} triples, {facts['services']:,} services, "
        f"{facts['nodes']:,} projection nodes",
        "",
        f"The build wrote the projection files ({facts['files_mb']:.1f} MB) in {facts['write_s']:.2f} s "
        f"of its {facts['build_s']:.1f} s.",
        "",
        "| | " + " | ".join(r.name for r in results) + " | target |",
        "|---|" + "---|" * len(results) + "---|",
        "| new process: app loaded (imports included), s | " + " | ".join(f"{r.app_s:.2f}" for r in results) + " | |",
        "| new process: projection ready, s after the app loaded | "
        + " | ".join(f"{r.worker_projection_s:.3f}" for r in results)
        + " | new <= 1 s: "
        + ("met" if results[1].worker_projection_s <= 1 else "MISSED")
        + " |",
        "| new process: first related answered (the page's other first-use memos included), s after the app loaded | "
        + " | ".join(f"{r.worker_related_s:.3f}" for r in results)
        + " | new <= 1 s: "
        + ("met" if results[1].worker_related_s <= 1 else "MISSED")
        + " |",
        "| new process: first path, s after the app loaded | "
        + " | ".join(f"{r.worker_path_s:.3f}" for r in results)
        + " | new <= 1 s: "
        + ("met" if results[1].worker_path_s <= 1 else "MISSED")
        + " |",
        "| new process: its CPU s (every thread) by then | "
        + " | ".join(f"{r.worker_cpu_s:.2f}" for r in results)
        + " | |",
        "| gunicorn: answers /robots.txt, s after spawn | " + " | ".join(f"{r.up_s:.2f}" for r in results) + " | |",
        "| gunicorn: first related, s after that | " + " | ".join(f"{r.first_related_s:.2f}" for r in results) + " | |",
        "| gunicorn: first path, s after that | " + " | ".join(f"{r.first_path_s:.2f}" for r in results) + " | |",
        f"| related, first view ({len(old.related_ms)} nodes), ms | "
        + " | ".join(_ms(r.related_ms) for r in results)
        + " | <= 50 ms: "
        + ("met" if statistics.median(results[1].related_ms) <= 50 else "MISSED")
        + " (median) |",
        "| related, first view: the workers' CPU ms | "
        + " | ".join(_ms(r.related_cpu_ms) for r in results)
        + " | <= 50 ms: "
        + ("met" if statistics.median(results[1].related_cpu_ms) <= 50 else "MISSED")
        + " (median) |",
        f"| path ({len(old.path_ms)} pairs), ms | " + " | ".join(_ms(r.path_ms) for r in results) + " | |",
        "| path: the workers' CPU ms | " + " | ".join(_ms(r.path_cpu_ms) for r in results) + " | |",
        f"| {WORKERS} workers' PSS after node pages, MB | " + " | ".join(f"{r.pss_mb:,.0f}" for r in results) + " | |",
        f"| {WORKERS} workers' RSS after node pages, MB | " + " | ".join(f"{r.rss_mb:,.0f}" for r in results) + " | |",
        "| answers equal to old (related + path JSON) | "
        + " | ".join(f"{n}/{len(old.answers)}" for n in same)
        + " | all |",
        "| quiet before timing | " + " | ".join("yes" if r.idle else "no (background work)" for r in results) + " | |",
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 30])
    parser.add_argument("--old-commit", default=OLD_COMMIT)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "bench_projection_shared.log")
    args = parser.parse_args(argv)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "graph_app/projection", "graph_app/web/map", "bench"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    load_start = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    memory = next(
        line.split(":")[1].strip() for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    started = datetime.now(UTC)
    sections = []
    for scale in args.scales:
        facts, results = bench_scale(scale, args.old_commit, args.log)
        lines = table(scale, facts, results)
        print("\n".join(lines), flush=True)
        sections += [*lines, ""]
    load_end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    header = [
        "# One projection per store version for every worker (issue 20)",
        "",
        "    nice -n 5 .venv/bin/python bench/bench_projection_shared.py --scales "
        + " ".join(f"{s:g}" for s in args.scales)
        + (f" --out {args.out}" if args.out else ""),
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on commit {commit.stdout.strip()}"
        + (" with uncommitted changes to the files measured" if dirty else "")
        + f"; old = {args.old_commit[:10]} (each worker builds its own projection). Machine: {os.cpu_count()} cores, "
        f"{memory} memory, Python {platform.python_version()}; shared with other engineers' tests "
        f"(load average {load_start} at the start, {load_end} at the end). {WORKERS} gunicorn gthread workers x "
        f"{THREADS} threads, page cache off; times over loopback (wall clock, so they include other programs' "
        "turns on the 2 cores). The old and new servers run one after the other on the same build.",
        "",
    ]
    text = "\n".join(header + sections)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
