"""Gap analysis results worked out once per store version and shared by every worker process.

At national scale one analysis over every council takes seconds, and each gunicorn worker used to work
it out again in its own memory. Here the first process to need a result computes it while holding a lock
on a file beside it, and writes it as JSON (a temporary file renamed into place, so no reader ever sees
half of one); the others wait for that lock and then read the file instead of computing again.

    data_dir/cache/gaps/<store version>/<analysis>-<hash of the parameters and day>.json

A store version never changes once made (a rebuild or a published edit makes a new one), so a stored
result needs no invalidation: a new version simply has no files yet. Older versions are kept, not
replaced: a version's folder is removed once it is older than KEEP_DAYS (90 days, the same rule as the
version history in graph_app/gaps/snapshots.py, whose snapshots keep their own results for good), and the
few most recent are always kept, since a request that began before the swap may still be reading them.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..atomic import atomic_write

KEEP_VERSIONS = 3
KEEP_DAYS = 90  # ordinary versions' results are kept this long (snapshots.py keeps snapshots for good)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class SharedResults:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, version: str, name: str, key: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()[:20]
        return self._version_dir(version) / f"{_UNSAFE.sub('_', name)}-{digest}.json"

    def _version_dir(self, version: str) -> Path:
        # a version is a build id in practice; anything else is made a safe, still distinct, folder name
        safe = _UNSAFE.sub("_", version)[:80]
        if safe != version:
            safe += "-" + hashlib.sha256(version.encode()).hexdigest()[:12]
        return self.folder / safe

    def stored(self, version: str, name: str, key: str) -> dict[str, Any] | None:
        """The stored entry for (version, key) if a process has written it, else None (never computes)."""
        return _read(self.path(version, name, key))

    def latest_earlier(self, version: str, name: str, key: str) -> dict[str, Any] | None:
        """The entry for `key` most recently worked out for another version than `version` (the one before
        a publish, in practice), or None if no kept version has it. Never computes."""
        if not self.folder.is_dir():
            return None
        current = self._version_dir(version)
        filename = self.path(version, name, key).name
        found = [p / filename for p in self.folder.iterdir() if p.is_dir() and p != current]
        entries = [entry for path in found if path.exists() and (entry := _read(path)) is not None]
        return max(entries, key=lambda e: e.get("computed_at", ""), default=None)

    def get(self, version: str, name: str, key: str, compute: Callable[[], Any]) -> dict[str, Any]:
        """The stored entry for (version, key), computing and storing it first if no process has.

        The entry is {"result": <compute()>, "computed_at": ISO time, "seconds": float, "pid": int}."""
        path = self.path(version, name, key)
        found = _read(path)
        if found is not None:
            return found
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # another process (or thread) computing it: wait for it
            found = _read(path)
            if found is not None:
                return found
            start = time.perf_counter()
            result = compute()
            entry = {
                "key": key,
                "version": version,
                "computed_at": datetime.now(UTC).isoformat(),
                "seconds": round(time.perf_counter() - start, 3),
                "pid": os.getpid(),
                "result": result,
            }
            _write(path, entry)
            # read back: the computing process keeps the same compact, JSON-shaped entry as every other
            return _read(path) or entry
        finally:
            os.close(descriptor)  # closing releases the lock

    def prune(self, keep_version: str, keep_days: float = KEEP_DAYS, now: float | None = None) -> None:
        """Remove the folders of versions last written more than `keep_days` ago, except the most recent
        KEEP_VERSIONS (`keep_version` always among them)."""
        if not self.folder.is_dir():
            return
        keep = self._version_dir(keep_version)
        others = sorted(
            (p for p in self.folder.iterdir() if p.is_dir() and p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        cutoff = (time.time() if now is None else now) - keep_days * 86400
        for old in others[KEEP_VERSIONS - 1 :]:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_Sharing())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # unreadable (a disk fault, a hand-edited file): computed again and replaced


class _Sharing:
    """Builds each JSON object of one stored result so that equal strings are one string and equal leaf
    objects (every value a string, such as {"iri": ..., "label": ...}) are one dict. Every worker keeps the
    results it read (graph.memo), and a national district table repeats the same few hundred councils,
    districts, needs and age bands in ~150,000 rows: shared, the rows take about a sixth of the memory.
    A stored result is read-only once read (its rows were shaped before they were stored), so sharing the
    leaf dicts is safe."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._leaves: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        strings = self._strings
        pairs = [
            (strings.setdefault(key, key), strings.setdefault(value, value) if isinstance(value, str) else value)
            for key, value in pairs
        ]
        if pairs and all(isinstance(value, str) for _key, value in pairs):
            leaf = tuple(pairs)
            found = self._leaves.get(leaf)
            if found is None:
                found = self._leaves[leaf] = dict(pairs)
            return found
        return dict(pairs)


def _write(path: Path, entry: dict[str, Any]) -> None:
    with atomic_write(path, "w", encoding="utf-8") as out:
        json.dump(entry, out, ensure_ascii=False, separators=(",", ":"))
