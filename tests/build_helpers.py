"""Helpers for tests that run real builds (a module of its own: tests/ and tests/browser/ both have a
conftest.py, so `from conftest import ...` would be ambiguous)."""

from __future__ import annotations

import os
import shutil
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
