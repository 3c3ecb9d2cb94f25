"""A publish closes every store it opened before the new generation is swapped in (RocksDB keeps its files
open while a handle lives), without a full garbage collection when nothing else holds them: that collection
was most of a publish's time in a process holding many objects (graph_app/live/generation.release_stores)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from live_helpers import copy_build, current_store, first_service, with_description

from graph_app.layout import Layout
from graph_app.live import Replace, publish
from graph_app.live.generation import release_stores


def open_files_under(folder: Path) -> list[str]:
    """Files this process holds open inside `folder`."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed between the listing and the read
            continue
        if target.startswith(str(folder) + os.sep):
            found.append(target)
    return found


@pytest.fixture
def collections():
    """The garbage collections run (explicit ones included) while the test runs."""
    seen: list[str] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_a_store_nothing_else_holds_is_closed_without_a_collection(tmp_path, collections):
    handles: list[object] = [ox.Store(str(tmp_path / "store"))]
    assert open_files_under(tmp_path)  # RocksDB holds its files while the handle lives
    gc.disable()  # no automatic collection may close it for us
    try:
        release_stores(handles)
    finally:
        gc.enable()
    assert open_files_under(tmp_path) == []
    assert collections == []


def test_a_store_held_in_a_reference_cycle_is_collected_and_closed(tmp_path, collections):
    class Holder:
        def __init__(self, store: ox.Store) -> None:
            self.store, self.me = store, self  # a cycle: only the collector frees it

    store = ox.Store(str(tmp_path / "store"))
    Holder(store)
    handles: list[object] = [store]
    del store
    release_stores(handles)
    assert open_files_under(tmp_path) == []
    assert 2 in collections  # a full collection ran, because something still held the store


def test_after_a_publish_no_store_of_the_old_or_new_generation_is_held_open(built, tmp_path):
    live = copy_build(built, tmp_path / "data")
    reader = current_store(live)
    service = first_service(reader)
    change = Replace(service, with_description(reader, service, "Kingfisher sensory garden visits"))
    old = Layout(live.data_dir).current()
    del reader
    gc.collect()  # the test's own reader closed, so only what publish opened could be left
    publish(live, [change], actor="tester", summary="new description")
    new = Layout(live.data_dir).current()
    assert new.path != old.path
    assert open_files_under(old.store_path) == []
    assert open_files_under(new.store_path) == []
