"""Where the background-written dumps of a build stand, read from files only (no store, no query), so a
request for a dump can answer at once: the file, or how long until it is written.

    builds/<id>/dumps/<name>           each file, renamed into place when whole
    builds/<id>/dumps/writing.json     the writer started on this build (when)
    builds/<id>/dumps/complete.json    every file of this build is written
    cache/dumps/seconds.json           how long each file took the last time (for the estimate)
    cache/dumps/writer.lock            held by the one writer on this machine
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from ..atomic import atomic_write
from ..layout import BuildDir
from .dumps import dump_name, dump_order

WRITING = "writing.json"
COMPLETE = "complete.json"
GUESS_ALL_S = 60.0  # before any file has been timed on this machine: the whole graph,
GUESS_AREA_S = 3.0  # and one council's part
WAIT_FOR_START_S = 5  # a writer not started yet is started within the poll (version_worker.poll_s)


def folder_of(build: BuildDir) -> Path:
    return build.path / "dumps"


def cache_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / "dumps"


def is_complete(build: BuildDir) -> bool:
    return (folder_of(build) / COMPLETE).exists()


def remembered_seconds(data_dir: Path) -> dict[str, float]:
    try:
        return json.loads((cache_folder(data_dir) / "seconds.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def remember_seconds(data_dir: Path, seconds: dict[str, float]) -> None:
    """Merge the latest timings in (only the one writer on the machine writes this file)."""
    folder = cache_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    merged = {**remembered_seconds(data_dir), **seconds}
    with atomic_write(folder / "seconds.json", "w", durable=False, encoding="utf-8") as out:
        json.dump(merged, out)


def ready_in(data_dir: Path, build: BuildDir, name: str, now: float | None = None) -> int:
    """Seconds until the file `name` of `build` should be written: the files before it in the writer's
    order not yet written, at the time each took last time, less the time the writer has spent on the
    first of them. At least 1; a guess, never a promise (the writer yields the CPU to pages)."""
    folder = folder_of(build)
    taken = remembered_seconds(data_dir)
    order = [dump_name(subset, fmt) for subset, fmt in dump_order()]
    waiting = order[: order.index(name) + 1] if name in order else [name]
    remaining = [n for n in waiting if not (folder / n).exists()]
    total = sum(taken.get(n, GUESS_ALL_S if n.startswith("all.") else GUESS_AREA_S) for n in remaining)
    started = _started(folder)
    if started is None:
        return math.ceil(total) + WAIT_FOR_START_S
    # the writer began the first of `remaining` when it finished the file before it (or when it started)
    written = [p.stat().st_mtime for n in order if (p := folder / n).exists()]
    since = (time.time() if now is None else now) - max([started, *written])
    first = taken.get(remaining[0], 0.0) if remaining else 0.0
    return max(1, math.ceil(total - min(max(since, 0.0), first)))


def _started(folder: Path) -> float | None:
    try:
        return float(json.loads((folder / WRITING).read_text(encoding="utf-8"))["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
