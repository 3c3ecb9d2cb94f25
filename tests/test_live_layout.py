"""Pruning old builds when a build or a published change becomes current: what running servers and builds in
progress still need is kept (graph_app/layout.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

from graph_app.layout import BUILDING_LOCK, KEEP_REPLACED_SECONDS, Layout


def _finished(layout: Layout, name: str, age_seconds: float) -> None:
    path = layout.builds / name
    path.mkdir(parents=True)
    (path / "manifest.json").write_text("{}")
    when = time.time() - age_seconds
    os.utime(path / "manifest.json", (when, when))


def test_builds_replaced_recently_are_kept_and_old_ones_pruned(tmp_path):
    layout = Layout(tmp_path)
    old = KEEP_REPLACED_SECONDS + 100
    for number, age in enumerate([old * 5, old * 4, old * 3, 10, 5], start=1):
        _finished(layout, f"2026010{number}T000000Z-1", age)
    new = layout.new_build()
    (new.path / "manifest.json").write_text("{}")
    layout.activate(new)
    names = sorted(p.name for p in layout.builds.iterdir())
    # the first two were replaced long ago; the third was replaced 10 seconds ago (by the fourth)
    assert names[:1] == ["20260103T000000Z-1"] and len(names) == 4
    assert layout.current().path.name == names[-1]


def test_half_made_builds_of_running_processes_are_kept(tmp_path):
    layout = Layout(tmp_path)
    running = layout.builds / "20260101T000000Z-99999.partial"
    # another process making a build: it holds the folder's lock, as Layout.new_build does
    maker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import fcntl, os, pathlib, sys, time
        path = pathlib.Path({str(running)!r})
        path.mkdir(parents=True)
        descriptor = os.open(path / {BUILDING_LOCK!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        print("locked", flush=True)
        time.sleep(60)
    """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert maker.stdout.readline().strip() == "locked"
        crashed = layout.builds / "20260101T000001Z-99998.partial"
        crashed.mkdir()
        (crashed / BUILDING_LOCK).touch()  # its maker died: nobody holds the lock
        new = layout.new_build()
        (new.path / "manifest.json").write_text("{}")
        layout.activate(new)
        names = {p.name for p in layout.builds.iterdir()}
        assert running.name in names
        assert crashed.name not in names
        assert not (layout.current().path / BUILDING_LOCK).exists()
    finally:
        maker.kill()
        maker.wait()
