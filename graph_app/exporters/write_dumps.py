"""The background dump writer's child process: every dump file of one build, at the lowest CPU priority.

    python -m graph_app.exporters.write_dumps --build DATA/builds/<id> --base URL --queries DIR

Started by the dump writer thread (dump_writer.py), which holds the machine's writer lock and passes it on
to this process. A process of its own, not a thread of a web worker: serialising and compressing a big
graph in a worker would hold that worker's GIL between chunks and slow its pages, and the priority set here
(SCHED_IDLE, nice 19) lowers this process only. It compresses on the serialising thread (one core), leaving
the other core to pages: slower than `graph-app export` on two, which nobody waits for here. Files already
there are kept (a writer that stopped half-way is carried on), each is written under a temporary name and
renamed into place, so a request sees a whole file or none. If another build becomes current meanwhile,
this one's dumps are no longer wanted: the writer stops (exit 3); so it does when the server process that
started it has gone (exit 4), between two files.

Writes, in the build's dumps/ folder: writing.json when it starts, each file, then complete.json (the
seconds each file took); and the machine's latest seconds per file in data_dir/cache/dumps/seconds.json,
from which a request for a file not yet written is told when to come back (dump_status.py)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_write
from ..layout import BuildDir, Layout
from ..queries import QueryLibrary
from . import dump_status
from .dumps import dump_name, dump_order, write_dump

SUPERSEDED = 3  # exit status: a newer build became current before this one's dumps were all written
ORPHANED = 4  # exit status: the server process that started this one has gone (its lock with it)
NICE = 19


def write_build_dumps(build: BuildDir, base: str, library: QueryLibrary) -> int:
    """Write every dump file of `build` not yet there; 0 when all are, SUPERSEDED if it stopped being current."""
    folder = dump_status.folder_of(build)
    folder.mkdir(parents=True, exist_ok=True)
    layout = Layout(build.path.parent.parent)
    _write_json(folder / dump_status.WRITING, {"started": time.time(), "pid": os.getpid()})
    store = ox.Store.read_only(str(build.store_path))
    seconds: dict[str, float] = {}
    parent = os.getppid()
    for subset, fmt in dump_order():
        if os.getppid() != parent:  # the worker that started this has stopped: a live one carries on
            return ORPHANED
        current = layout.current()
        if current is None or current.path != build.path:
            return SUPERSEDED
        out = folder / dump_name(subset, fmt)
        if out.exists():
            continue
        start = time.perf_counter()
        write_dump(store, library, base, subset, fmt, out, two_cores=False)  # one core: the other is the pages
        seconds[out.name] = round(time.perf_counter() - start, 3)
        dump_status.remember_seconds(layout.data_dir, {out.name: seconds[out.name]})
    done = {"finished_at": datetime.now(UTC).isoformat(timespec="seconds"), "seconds": seconds, "pid": os.getpid()}
    _write_json(folder / dump_status.COMPLETE, done)
    return 0


def _write_json(path: Path, value: object) -> None:
    with atomic_write(path, "w", durable=False, encoding="utf-8") as out:
        json.dump(value, out)


def lowest_priority(nice: int) -> None:
    """Pages first: SCHED_IDLE runs this process only on a core nothing else wants (threads it starts
    later inherit it); nice covers systems without it."""
    os.nice(nice)
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: nice 19 alone
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--nice", type=int, default=NICE)
    args = parser.parse_args(argv)
    lowest_priority(args.nice)
    return write_build_dumps(BuildDir(args.build), args.base, QueryLibrary(args.queries))


if __name__ == "__main__":
    sys.exit(main())
