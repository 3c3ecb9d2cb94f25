"""A backup shares no file with the live store (issue 12, item 6): pyoxigraph's backup is a RocksDB checkpoint
that hard-links the live files on one filesystem, so damage to the live store used to damage the backup too.
Here the live store of a copied build is overwritten with garbage after the backup, and the backup still
restores whole."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace

import pytest

from graph_app.backup import backup, restore, verify
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

pytestmark = pytest.mark.slow


@pytest.fixture
def live(built, tmp_path):
    """A copy of the session's build (its files are damaged here), with a private database of its own."""
    data_dir = tmp_path / "live"
    shutil.copytree(built.data_dir, data_dir, symlinks=True)
    return replace(built, data_dir=data_dir, private_db_path=data_dir / "private" / "private.sqlite")


def inodes(root) -> dict[tuple[int, int], str]:
    return {(os.stat(p).st_dev, os.stat(p).st_ino): str(p) for p in root.rglob("*") if p.is_file()}


def test_no_backup_file_is_a_live_file_and_damage_to_the_live_store_spares_the_backup(live, tmp_path):
    folder = tmp_path / "backup"
    summary = backup(live, folder)
    live_files = inodes(live.data_dir)
    backup_files = inodes(folder)
    assert any("/oxigraph/" in path for path in backup_files.values())
    shared = set(live_files) & set(backup_files)
    assert not shared, [backup_files[key] for key in shared]
    assert all(os.stat(path).st_nlink == 1 for path in backup_files.values())

    store_dir = Layout(live.data_dir).current().store_path
    for path in store_dir.rglob("*"):  # the live store destroyed in place, file by file
        if path.is_file():
            with open(path, "r+b") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(0)
                handle.write(b"\xde\xad" * (size // 2 + 1))
    verify(folder)  # every checksum still matches
    target = replace(live, data_dir=tmp_path / "restored", private_db_path=tmp_path / "restored" / "p.sqlite")
    restore(target, folder)
    restored = EmbeddedStore(Layout(target.data_dir).current().store_path)
    assert restored.triple_count() == summary["triples"] > 0
