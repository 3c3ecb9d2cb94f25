"""Helpers for tests that run real builds (a module of its own: tests/ and tests/browser/ both have a
conftest.py, so `from conftest import ...` would be ambiguous)."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from graph_app.build import run_build
from graph_app.config import Settings

# which store the tests read: embedded (make test), remote = oxigraph serve (make test-remote), virtuoso
STORE_MODE = os.environ.get("GRAPH_APP_TEST_STORE", "embedded")


def make_settings(data_dir: Path, *sources: Path) -> Settings:
    return replace(Settings(), data_dir=data_dir, sources=sources or Settings().sources)


def quiet_build(settings: Settings, cache: Path) -> None:
    (settings.data_dir / "cache").mkdir(parents=True, exist_ok=True)
    for cached in cache.glob("*.nt"):
        shutil.copy(cached, settings.data_dir / "cache" / cached.name)
    run_build(settings, progress=lambda line: None)
    for produced in (settings.data_dir / "cache").glob("*.nt"):
        shutil.copy(produced, cache / produced.name)


def copy_built(source: Settings, target: Path) -> Settings:
    """A data folder of its own holding a copy of `source`'s live build and its HermiT cache: 17 MB copied in
    well under a second, where a build takes 10-25 s."""
    from graph_app.layout import Layout

    current = Layout(source.data_dir).current()
    (target / "builds").mkdir(parents=True)
    shutil.copytree(current.path, target / "builds" / current.build_id)
    (target / "current").symlink_to(Path("builds") / current.build_id)
    if (source.data_dir / "cache").exists():
        shutil.copytree(source.data_dir / "cache", target / "cache")
    return replace(source, data_dir=target)


@contextmanager
def run_lock(root: Path, name: str) -> Iterator[None]:
    """An exclusive lock shared by the pytest-xdist workers of one run (they share `root`)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_build(run_root: Path, own: Path) -> Settings:
    """The real ontology/ and data/ built once per test run, whichever xdist worker asks first (the others wait
    for it), then copied into `own` so no worker's writes reach another's. The pristine build is never
    served; a failed build leaves no "done" mark, so the next worker tries (and reports) it again."""
    pristine = run_root / "pristine-build"
    with run_lock(run_root, "pristine-build"):
        if not (pristine / "done").exists():
            shutil.rmtree(pristine, ignore_errors=True)
            settings = make_settings(pristine / "data")
            (pristine / "hermit").mkdir(parents=True)
            quiet_build(settings, pristine / "hermit")
            (pristine / "done").touch()
    return copy_built(make_settings(pristine / "data"), own)
