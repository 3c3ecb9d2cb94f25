"""Where builds live on disk, and the atomic swap that makes a finished build current.

data_dir/
  builds/<build-id>/oxigraph/      the pyoxigraph (RocksDB) store
  builds/<build-id>/search.sqlite  the text search index
  builds/<build-id>/manifest.json  counts and timings of that build
  current -> builds/<build-id>     a symlink, replaced atomically when a build succeeds
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

KEEP_OLD_BUILDS = 2  # a running server may still hold the previous build open
# a published change makes a new build folder in a fraction of a second (graph_app/live): a request that
# began on an older one may still be reading it, so builds replaced recently are kept whatever their number
KEEP_REPLACED_SECONDS = 300
BUILDING_LOCK = ".building.lock"
_building: dict[Path, int] = {}  # builds this process is making -> the descriptor holding their lock


@dataclass(frozen=True)
class BuildDir:
    path: Path

    @property
    def build_id(self) -> str:
        return self.path.name

    @property
    def store_path(self) -> Path:
        return self.path / "oxigraph"

    @property
    def search_path(self) -> Path:
        return self.path / "search.sqlite"

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    def manifest(self) -> dict:
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))


class Layout:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.builds = self.data_dir / "builds"
        self.current_link = self.data_dir / "current"

    def current(self) -> BuildDir | None:
        """The build that is live, or None before the first successful build."""
        if not self.current_link.exists():
            return None
        return BuildDir(self.current_link.resolve())

    def new_build(self) -> BuildDir:
        """An empty folder for a build in progress; nothing reads it until `activate`."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.builds / f"{stamp}-{os.getpid()}.partial"
        path.mkdir(parents=True)
        # held while the build is made: pruning tells a build in progress from one a crash left behind
        descriptor = os.open(path / BUILDING_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        _building[path] = descriptor
        return BuildDir(path)

    def activate(self, build: BuildDir) -> BuildDir:
        """Rename the finished build and point `current` at it in one atomic rename."""
        final = build.path.with_name(build.path.name.removesuffix(".partial"))
        _release(build.path)
        build.path.rename(final)
        tmp_link = self.data_dir / f".current.{os.getpid()}"
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(final.relative_to(self.data_dir))
        os.replace(tmp_link, self.current_link)
        self._prune(keep=final)
        return BuildDir(final)

    def discard(self, build: BuildDir) -> None:
        _release(build.path)
        shutil.rmtree(build.path, ignore_errors=True)

    def _prune(self, keep: Path) -> None:
        finished = sorted(p for p in self.builds.iterdir() if p.is_dir() and p != keep)
        # half-done builds from a crash are never current: remove them at once (but not a build or a
        # published change still in progress in a live process)
        for path in [p for p in finished if p.name.endswith(".partial") and not _maker_alive(p)]:
            shutil.rmtree(path, ignore_errors=True)
        done = [p for p in finished if not p.name.endswith(".partial")]
        cutoff = time.time() - KEEP_REPLACED_SECONDS
        for older, newer in zip(done[: max(0, len(done) - KEEP_OLD_BUILDS)], done[1:], strict=False):
            # a build stopped being current when the next one was made
            if _made_at(newer) < cutoff:
                shutil.rmtree(older, ignore_errors=True)


def _maker_alive(partial: Path) -> bool:
    """Is a build still being made in this folder? Its maker holds a lock on a file in it until it is done."""
    try:
        descriptor = os.open(partial / BUILDING_LOCK, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False


def _release(path: Path) -> None:
    descriptor = _building.pop(path, None)
    if descriptor is not None:
        (path / BUILDING_LOCK).unlink(missing_ok=True)
        os.close(descriptor)


def _made_at(path: Path) -> float:
    try:
        return (path / "manifest.json").stat().st_mtime
    except OSError:
        return 0.0
