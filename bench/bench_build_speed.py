"""The whole build before and after a change, side by side in one run, on the same sources (issue 20).

"Before" is the code of a git revision exported with `git archive` into a temporary folder (no second
checkout of this repository); each build runs in a child process (bench/child_tasks.py of its own tree), so
its wall time, CPU time (user + system, all threads) and peak memory (VmHWM) are its own. The two alternate
(before, after, after, before, ...) so neither always meets the same load. Both stores are then compared:
triple count and a hash of the sorted N-Triples, leaving out the build's own metadata (its id and time).

    .venv/bin/python bench/bench_build_speed.py --sources /tmp/s30 --baseline f9c86d6~1 --revision f9c86d6 --runs 2

`--sources` holds ontology/ and data/ as bench_build_and_page.prepare_sources writes them (its --scale
writes them there first when the folder does not exist).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402
from bench_build_and_page import prepare_sources  # noqa: E402

from graph_app.layout import Layout  # noqa: E402

METADATA = {"https://w3id.org/se7-local-offer/def#buildId", "http://purl.org/dc/terms/modified"}


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    steps: dict[str, float]
    triples: int
    digest: str
    step_cpu: dict[str, float]  # CPU seconds per step, from the manifest of builds that record them


def export(revision: str, target: Path) -> Path:
    """The tree of `revision`, written to `target` by git archive."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def store_digest(store_path: Path) -> tuple[int, str]:
    """The number of triples and the SHA-256 of the sorted N-Triples lines, without the build's id and time;
    blank nodes all written `_:b` (the loader names them afresh on every build)."""
    store = ox.Store.read_only(str(store_path))
    lines = sorted(
        re.sub(r"_:\S+", "_:b", str(quad.triple))
        for quad in store.quads_for_pattern(None, None, None)
        if quad.predicate.value not in METADATA
    )
    return len(store), hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def build(tree: Path, sources: Path, data_dir: Path, hermit: Path | None) -> Run:
    """One build by `tree`'s code into a fresh `data_dir`, in a child process."""
    shutil.rmtree(data_dir, ignore_errors=True)
    if hermit is not None:  # HermiT's result is cached by ontology fingerprint: both trees get the same start
        shutil.copytree(hermit, data_dir / "cache")
    command = [sys.executable, str(tree / "bench" / "child_tasks.py"), "build", str(data_dir)]
    command += [str(sources / "ontology"), str(sources / "data")]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"the build by {tree} failed:\n{output[-3000:]}")
    peak_kb = [int(line.split("=")[1]) for line in output.splitlines() if line.startswith("peak_kb=")][-1]
    current = Layout(data_dir).current()
    triples, digest = store_digest(current.store_path)
    manifest = json.loads(current.manifest_path.read_text())
    return Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        peak_kb / 1024,
        manifest["timings"],
        triples,
        digest,
        manifest.get("cpu_timings", {}),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=30, help="written to --sources when it does not exist")
    parser.add_argument("--baseline", required=True, help="git revision of the 'before' code")
    parser.add_argument("--revision", help="git revision of the 'after' code (default: this working tree)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--hermit-cache", type=Path, help="a data folder's cache/ holding HermiT's result")
    parser.add_argument("--only-after", action="store_true", help="no 'before' build (e.g. at scale 300)")
    args = parser.parse_args()
    if not args.sources.exists():
        prepare_sources(args.sources, args.scale)
    with tempfile.TemporaryDirectory(prefix="bench-build-speed-") as tmp:
        work = Path(tmp)
        after = export(args.revision, work / "after") if args.revision else ROOT
        trees = {"after": after}
        if not args.only_after:
            trees = {"before": export(args.baseline, work / "before"), **trees}
        hermit = args.hermit_cache  # None: the first build runs HermiT and the others reuse its result
        results: dict[str, list[Run]] = {name: [] for name in trees}
        for run in range(args.runs):
            order = list(trees) if run % 2 == 0 else list(reversed(trees))
            for name in order:
                result = build(trees[name], args.sources, work / f"var-{name}", hermit)
                if hermit is None:
                    hermit = work / "hermit"
                    shutil.copytree(work / f"var-{name}" / "cache", hermit)
                results[name].append(result)
                print(
                    f"{name:6} {result.seconds:7.1f} s wall {result.cpu_seconds:7.1f} s cpu peak "
                    f"{result.peak_mb:6.0f} MB | {result.triples:,} triples, sorted N-Triples {result.digest}",
                    flush=True,
                )
                print("       " + "; ".join(f"{k}: {v:.1f} s" for k, v in result.steps.items()), flush=True)
                if result.step_cpu:
                    print("       cpu: " + "; ".join(f"{k}: {v:.1f} s" for k, v in result.step_cpu.items()), flush=True)
                shutil.rmtree(work / f"var-{name}")
    median = {name: statistics.median(r.seconds for r in runs) for name, runs in results.items()}
    cpu = {name: statistics.median(r.cpu_seconds for r in runs) for name, runs in results.items()}
    if "before" in results:
        same = {(r.triples, r.digest) for runs in results.values() for r in runs}
        print(
            f"median wall: before {median['before']:.1f} s, after {median['after']:.1f} s "
            f"(x{median['before'] / median['after']:.2f}); cpu before {cpu['before']:.1f} s, after "
            f"{cpu['after']:.1f} s; stores {'IDENTICAL' if len(same) == 1 else 'DIFFER'}",
            flush=True,
        )
        return 0 if len(same) == 1 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
