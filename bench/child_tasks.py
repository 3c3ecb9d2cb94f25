"""Heavy steps run in a child process, so their wall time and peak memory are the child's alone, and a step
that would run for ever (rdflib at national scale) is stopped after a timeout. The peak is the child's own
VmHWM (/proc/self/status, printed as its last line): getrusage's ru_maxrss would not do, since Linux
carries the parent's resident size over the fork and exec into the child's figure.

    python bench/child_tasks.py build DATA_DIR ONTOLOGY_DIR DATA_DIR_OF_SOURCES
    python bench/child_tasks.py dump STORE_PATH OUT_FILE FORMAT [METHOD [LEVEL]]
        (FORMAT: nt, ttl or jsonld; METHOD: app, the default, or previous; LEVEL: gzip level, 6)
    python bench/child_tasks.py rdflib-parse FILE...                    (rdflib's "build": parse only)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class ChildResult:
    seconds: float
    peak_mb: float
    timed_out: bool
    returncode: int | None
    output: str
    cpu_seconds: float = 0.0  # user + system time of the child: what it cost, whatever else was running

    @property
    def ok(self) -> bool:
        return not self.timed_out and self.returncode == 0


def run_child(args: list[str], timeout_s: float) -> ChildResult:
    """Run `python bench/child_tasks.py ARGS`, wait at most timeout_s, and return its time and peak RSS."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-child-{os.getpid()}.log"
    with open(out_path, "w+b") as out:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(Path(__file__)), *args], stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout_s
        timed_out = False
        polled_kb = 0  # for a child stopped before it could report its own peak
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                timed_out = True
                break
            polled_kb = max(polled_kb, _peak_kb(f"/proc/{child.pid}/status"))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits on it again
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    out_path.unlink(missing_ok=True)
    reported = [int(kb) for kb in re.findall(r"^peak_kb=(\d+)$", output, re.MULTILINE)]
    peak_kb = reported[-1] if reported else polled_kb
    return ChildResult(
        seconds,
        peak_kb / 1024,
        timed_out,
        None if timed_out else child.returncode,
        output,
        usage.ru_utime + usage.ru_stime,
    )


def _peak_kb(status_file: str) -> int:
    """VmHWM, the peak resident memory of a process, in kB (0 when it cannot be read)."""
    try:
        with open(status_file) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _build(data_dir: str, ontology: str, data: str) -> None:
    sys.path.insert(0, str(ROOT))
    from graph_app.build import run_build
    from graph_app.config import Settings

    settings = replace(Settings(), data_dir=Path(data_dir), sources=(Path(ontology), Path(data)))
    report = run_build(settings, progress=lambda line: None)
    print(f"triples={report.counts['triples']} services={report.counts['services']}")


def _dump(store_path: str, out: str, fmt: str, method: str = "app", level: str = "6") -> None:
    """The full dump as the app writes it (method "app", at the given gzip level), or as it was written
    before issue 7 (method "previous": gzip on the serialising thread), to compare the two in one run."""
    sys.path.insert(0, str(ROOT))
    import gzip

    import pyoxigraph as ox

    from graph_app.config import Settings
    from graph_app.exporters import dumps
    from graph_app.namespaces import PREFIXES
    from graph_app.queries import QueryLibrary

    settings = Settings()
    store = ox.Store.read_only(store_path)
    if method == "app":
        dumps.LEVEL = int(level)
        dumps.write_dump(store, QueryLibrary(settings.queries_dir), settings.base, "all", fmt, Path(out))
    elif method == "previous":
        rdf_format = dumps.FORMATS[fmt][0]
        with gzip.open(out, "wb", compresslevel=int(level)) as sink:
            if fmt == "nt":
                store.dump(sink, format=rdf_format, from_graph=ox.DefaultGraph())
            else:
                prefixes = {**PREFIXES, "id": settings.base + "id/"} if fmt == "ttl" else None
                triples = (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
                ox.serialize(triples, sink, format=rdf_format, prefixes=prefixes)
    else:
        raise SystemExit(f"unknown dump method {method!r}")
    print(f"bytes={Path(out).stat().st_size}")


def _rdflib_parse(files: list[str]) -> None:
    import rdflib

    graph = rdflib.Graph()
    for name in files:
        graph.parse(name, format="nt" if name.endswith(".nt") else "turtle")
    print(f"triples={len(graph)}")


def main(argv: list[str]) -> None:
    task, *args = argv
    if task == "build":
        _build(*args)
    elif task == "dump":
        _dump(*args)
    elif task == "rdflib-parse":
        _rdflib_parse(args)
    else:
        raise SystemExit(f"unknown task {task!r}")
    print(f"peak_kb={_peak_kb('/proc/self/status')}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
