"""Where builds live on disk, and the atomic swap that makes a finished build current.

data_dir/
  builds/<build-id>/oxigraph/      the pyoxigraph (RocksDB) store
  builds/<build-id>/search.sqlite  the text search index
  builds/<build-id>/manifest.json  counts and timings of that build
  current -> builds/<build-id>     a symlink, replaced atomically when a build succeeds
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

KEEP_OLD_BUILDS = 2  # a running server may still hold the previous build open


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
        return BuildDir(path)

    def activate(self, build: BuildDir) -> BuildDir:
        """Rename the finished build and point `current` at it in one atomic rename."""
        final = build.path.with_name(build.path.name.removesuffix(".partial"))
        build.path.rename(final)
        tmp_link = self.data_dir / f".current.{os.getpid()}"
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(final.relative_to(self.data_dir))
        os.replace(tmp_link, self.current_link)
        self._prune(keep=final)
        return BuildDir(final)

    def discard(self, build: BuildDir) -> None:
        shutil.rmtree(build.path, ignore_errors=True)

    def _prune(self, keep: Path) -> None:
        finished = sorted(p for p in self.builds.iterdir() if p.is_dir() and p != keep)
        # half-done builds from a crash are never current: remove them at once
        for path in [p for p in finished if p.name.endswith(".partial")]:
            shutil.rmtree(path, ignore_errors=True)
        done = [p for p in finished if not p.name.endswith(".partial")]
        for path in done[: max(0, len(done) - KEEP_OLD_BUILDS)]:
            shutil.rmtree(path, ignore_errors=True)
