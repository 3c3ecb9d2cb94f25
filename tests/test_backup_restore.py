"""`graph-app backup` and `graph-app restore` through the real command line: a backup taken while the private
database is being written is consistent, every file has a checksum that restore checks, and a restore onto a
fresh data folder serves the same pages and counts as the original. In `make test-postgres` the private
database is a PostgreSQL database (pg_dump/pg_restore, graph_app/private/pg_backup.py), and the same holds."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import threading
from dataclasses import replace

import pytest
from cli_process import run_graph_app
from postgres_server import database_env

from graph_app.backup import BackupError, backup, restore, verify
from graph_app.layout import Layout
from graph_app.private import dialect
from graph_app.private.db import open_private_db
from graph_app.store import EmbeddedStore

PAGES = [
    "/glossary",
    "/id/need/autism",
    "/search?q=autism",
    "/kinds/service",
    "/gaps/coverage-matrix?area=kent",
    "/glossary.json",
]

pytestmark = pytest.mark.slow
ON_POSTGRES = os.environ.get("GRAPH_APP_TEST_DATABASE") == "postgres"  # make test-postgres


@pytest.fixture
def source(built, tmp_path):
    """The session's build with a private database of its own (the build is only read)."""
    settings = replace(built, private_db_path=tmp_path / "private" / "private.sqlite")
    db = open_private_db(settings)
    # made as a migration makes a table (on PostgreSQL `n INTEGER PRIMARY KEY` becomes an identity column and
    # the rowid every INSERT returns: graph_app/private/dialect.py), not with SQLite's SQL as it stands
    create = "CREATE TABLE backup_probe (n INTEGER PRIMARY KEY, text TEXT NOT NULL)"
    with db.connect(immediate=True) as conn:
        conn.execute(dialect.schema_ddl(create) if db.url else create)
        conn.executemany("INSERT INTO backup_probe (text) VALUES (?)", [(f"row {i}",) for i in range(100)])
    return settings


def cli(args: list[str], settings) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GRAPH_APP_DATA_DIR": str(settings.data_dir),
        "GRAPH_APP_PRIVATE_DB": str(settings.private_db),
        **database_env(settings),  # make test-postgres: this path's PostgreSQL database
    }
    return run_graph_app(args, env, timeout=120)


def same(response) -> str:
    """The page without its per-visitor form token."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def probe_rows(settings) -> int:
    with open_private_db(settings).connect() as conn:
        return conn.execute("SELECT COUNT(*) FROM backup_probe").fetchone()[0]


def backed_up_rows(folder) -> int | None:
    """The probe rows in the backup's SQLite file (checked whole); None for a pg_dump, read after its restore."""
    if ON_POSTGRES:
        assert (folder / "private" / "private.pgdump").is_file()
        return None
    with sqlite3.connect(folder / "private" / "private.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT COUNT(*) FROM backup_probe").fetchone()[0]


def test_backup_while_writing_then_restore_serves_the_same(source, tmp_path, make_app):
    folder = tmp_path / "backup"
    stop, written, failed = threading.Event(), [], []

    def writer():  # the app keeps taking comments while the backup runs
        db = open_private_db(source)
        try:
            while not stop.is_set():
                with db.connect(immediate=True) as conn:
                    conn.execute("INSERT INTO backup_probe (text) VALUES ('during')")
                written.append(1)
        except Exception as error:  # said by the test below, not lost in the thread
            failed.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        done = cli(["backup", str(folder)], source)
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    assert not failed and written, failed  # the writes did go on during the backup
    assert done.stdout.startswith("Backed up build ")
    summary = verify(folder)
    assert summary["build_id"] == Layout(source.data_dir).current().build_id
    private = "private/private.pgdump" if ON_POSTGRES else "private/private.sqlite"
    assert {"build/manifest.json", "build/search.sqlite", private} <= set(summary["files"])
    assert any(p.startswith("build/oxigraph/") for p in summary["files"])
    backed_up = backed_up_rows(folder)

    fresh = tmp_path / "fresh-machine"
    settings = replace(source, data_dir=fresh / "var", private_db_path=fresh / "private" / "private.sqlite")
    done = cli(["restore", str(folder)], settings)
    assert done.returncode == 0, done.stderr
    restored = probe_rows(settings)
    assert 100 <= restored <= 100 + len(written)  # a snapshot of one moment, never a torn file
    if backed_up is not None:
        assert restored == backed_up
    assert probe_rows(source) == 100 + len(written)  # and the writes went on in the original meanwhile
    original = EmbeddedStore(Layout(source.data_dir).current().store_path)
    copy = EmbeddedStore(Layout(settings.data_dir).current().store_path)
    assert copy.triple_count() == original.triple_count() == summary["triples"]
    assert Layout(settings.data_dir).current().manifest() == Layout(source.data_dir).current().manifest()
    before, after = make_app(source), make_app(settings)
    for path in PAGES:
        a, b = before.test_client().get(path), after.test_client().get(path)
        assert (a.status_code, same(a)) == (b.status_code, same(b)) == (200, same(a)), path


def test_a_damaged_or_partial_backup_is_refused_and_nothing_changes(source, tmp_path):
    folder = tmp_path / "backup"
    backup(source, folder)
    with pytest.raises(BackupError, match="already exists"):
        backup(source, folder)
    target = replace(source, data_dir=tmp_path / "target", private_db_path=tmp_path / "target" / "p.sqlite")
    manifest = folder / "build" / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"triples"', '"tripples"'))
    with pytest.raises(BackupError, match=r"build/manifest.json: checksum does not match; the backup is damaged"):
        restore(target, folder)
    assert not target.data_dir.exists() or not Layout(target.data_dir).current()
    (folder / "checksums.json").unlink()
    with pytest.raises(BackupError, match="not a backup"):
        restore(target, folder)
    done = cli(["restore", str(folder)], target)
    assert done.returncode == 1
    assert "Restore failed:" in done.stderr and "Traceback" not in done.stderr


def test_restore_refuses_a_data_folder_in_use(source, tmp_path):
    folder = tmp_path / "backup"
    summary = backup(source, folder)
    assert json.loads((folder / "checksums.json").read_text())["files"] == summary["files"]
    with pytest.raises(BackupError, match="already has a current build"):
        restore(source, folder)
