"""`graph-app backup` and `graph-app restore` when the private database is PostgreSQL (GRAPH_APP_DATABASE_URL):
pg_dump writes it into the backup, consistent while the app keeps writing; restore puts it into a new, empty
database on a real PostgreSQL server, where the app's functions find everything again; a restore that fails
half-way, or into a database that holds something, leaves the database and the data folder as they were."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from dataclasses import replace

import psycopg
import pytest
from cli_process import run_graph_app
from postgres_server import SQLITE_ONLY

from graph_app.backup import BackupError, backup, restore, verify
from graph_app.layout import Layout
from graph_app.live import journal
from graph_app.live.changes import Replace
from graph_app.private import accounts, comments, pg_backup, staff_sessions
from graph_app.private.db import PrivateDB

pytestmark = pytest.mark.slow
ID = "https://w3id.org/se7-local-offer/id/"
PASSWORD = "a long enough pass"


def cli(args: list[str], settings, url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GRAPH_APP_DATA_DIR": str(settings.data_dir),
        "GRAPH_APP_PRIVATE_DB": str(settings.private_db),
        "GRAPH_APP_DATABASE_URL": url,
    }
    return run_graph_app(args, env)


def rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows (schema_migrations' times included), read with psycopg itself."""
    with psycopg.connect(url) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "ORDER BY table_name"
            )
        ]
        return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in names}


def table_names(url: str) -> list[str]:
    return list(rows(url))


@pytest.fixture
def source(built, tmp_path, postgres_cluster, monkeypatch):
    """The session's build (only read) with its private database on PostgreSQL, filled through the app."""
    url = postgres_cluster.new_database()
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", url)
    db = PrivateDB(tmp_path / "unused.sqlite", url=url)
    admin = accounts.create_user(db, "ann@example.org", "Ann", "admin", password=PASSWORD)
    session = staff_sessions.start_session(db, admin)
    for n in range(20):
        comments.add_comment(db, "/id/service/a", f"{ID}service/a", f"comment {n}", None, None)
    seq = journal.append(db, [Replace(f"{ID}service/a", "")], "Ann", "removed a")
    settings = replace(built, private_db_path=tmp_path / "not-used" / "private.sqlite")
    return settings, url, {"session": session, "seq": seq}


def test_backup_while_the_app_writes_then_restore_into_a_new_database(source, tmp_path, postgres_cluster):
    settings, url, kept = source
    folder = tmp_path / "backup"
    db = PrivateDB(tmp_path / "unused.sqlite", url=url)
    stop, written = threading.Event(), []

    def writer():  # comments keep arriving on some machine while the backup runs
        while not stop.is_set():
            comments.add_comment(db, "/id/service/b", f"{ID}service/b", "during", None, None)
            written.append(1)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        done = cli(["backup", str(folder)], settings, url)
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    summary = verify(folder)
    assert summary["private_database"] == "postgresql"
    assert "private/private.pgdump" in summary["files"] and "private/private.sqlite" not in summary["files"]
    assert stat.S_IMODE((folder / "private" / "private.pgdump").stat().st_mode) == 0o600
    assert not settings.private_db.exists()  # nothing written where a SQLite file would go

    target_url = postgres_cluster.new_database()
    fresh = replace(settings, data_dir=tmp_path / "fresh" / "var", private_db_path=tmp_path / "fresh" / "p.sqlite")
    done = cli(["restore", str(folder)], fresh, target_url)
    assert done.returncode == 0, done.stderr
    assert Layout(fresh.data_dir).current().build_id == summary["build_id"]
    restored = PrivateDB(tmp_path / "unused.sqlite", url=target_url)
    count = comments.pending_count(restored)
    assert 20 <= count <= 20 + len(written)  # one moment's snapshot, never a torn one
    with restored.connect() as conn:  # the comments of that moment, numbered without a gap
        assert [r[0] for r in conn.execute("SELECT id FROM comments ORDER BY id")] == list(range(1, count + 1))
    # the app's own functions find everything on the restored database
    assert accounts.authenticate(restored, "ANN@example.org", PASSWORD).name == "Ann"
    assert staff_sessions.session_user(restored, kept["session"], 86400.0, 86400.0).email == "ann@example.org"
    assert [e.seq for e in journal.pending(restored, after=0)] == [kept["seq"]]
    # and its sequences came back too: the next comment and journal entry get new numbers (pg_dump reads a
    # sequence as it is when read, after the snapshot, so it may have moved on past rows the dump does not hold)
    assert comments.add_comment(restored, "/id/service/c", f"{ID}service/c", "after", None, None) > count
    assert journal.append(restored, [Replace(f"{ID}service/c", "")], "Ann", "c") == kept["seq"] + 1


def test_backup_then_restore_gives_the_same_rows(source, tmp_path, postgres_cluster, monkeypatch):
    settings, url, _kept = source
    folder = tmp_path / "backup"
    backup(settings, folder)
    target_url = postgres_cluster.new_database()
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", target_url)
    restore(replace(settings, data_dir=tmp_path / "fresh"), folder)
    assert rows(target_url) == rows(url)  # every table, every row, the migrations' record included


def test_a_restore_that_fails_half_way_leaves_the_database_and_data_folder_as_they_were(
    source, tmp_path, postgres_cluster, monkeypatch
):
    settings, _url, _kept = source
    folder = tmp_path / "backup"
    backup(settings, folder)
    fresh = replace(settings, data_dir=tmp_path / "fresh")

    used = postgres_cluster.new_database()
    accounts.create_user(PrivateDB(tmp_path / "unused.sqlite", url=used), "x@example.org", "X", "admin")
    before = rows(used)
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", used)
    with pytest.raises(BackupError, match="already has tables .*: restore into a new, empty database"):
        restore(fresh, folder)
    assert rows(used) == before and not Layout(fresh.data_dir).current()

    # a sequence named as one in the dump is no table, so the restore starts, creates the collation and the
    # first tables, and fails at that sequence: pg_restore's one transaction takes all of it back
    clash = postgres_cluster.new_database()
    with psycopg.connect(clash) as conn:
        conn.execute("CREATE SEQUENCE users_id_seq")
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", clash)
    with pytest.raises(BackupError, match="pg_restore into .* failed: .*users_id_seq"):
        restore(fresh, folder)
    assert table_names(clash) == []
    with psycopg.connect(clash) as conn:
        assert conn.execute("SELECT count(*) FROM pg_collation WHERE collname = 'nocase'").fetchone()[0] == 0
    assert not Layout(fresh.data_dir).current()
    assert not [p for p in Layout(fresh.data_dir).builds.iterdir()]  # the staged build removed too


@pytest.mark.skipif(SQLITE_ONLY, reason="make test-postgres gives every private database path a PostgreSQL database")
def test_each_kind_of_backup_is_restored_only_into_its_own_kind(source, tmp_path, monkeypatch):
    settings, url, _kept = source
    folder = tmp_path / "backup"
    backup(settings, folder)
    fresh = replace(settings, data_dir=tmp_path / "fresh")
    monkeypatch.delenv("GRAPH_APP_DATABASE_URL")  # a PostgreSQL backup needs a PostgreSQL database to go into
    with pytest.raises(BackupError, match="this backup's private database is PostgreSQL's: set GRAPH_APP_DATABASE_URL"):
        restore(fresh, folder)
    assert not fresh.private_db.exists() and not Layout(fresh.data_dir).current()

    sqlite_folder = tmp_path / "sqlite-backup"
    backup(replace(settings, private_db_path=tmp_path / "old" / "private.sqlite"), sqlite_folder)  # no database yet
    assert verify(sqlite_folder)["private_database"] is None
    PrivateDB(tmp_path / "old" / "private.sqlite").migrate()
    backup(replace(settings, private_db_path=tmp_path / "old" / "private.sqlite"), tmp_path / "sqlite-backup-2")
    assert verify(tmp_path / "sqlite-backup-2")["private_database"] == "sqlite"
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", url)
    with pytest.raises(BackupError, match="is a SQLite file, and GRAPH_APP_DATABASE_URL is set: restore without it"):
        restore(fresh, tmp_path / "sqlite-backup-2")
    assert not Layout(fresh.data_dir).current()


def test_a_database_out_of_reach_is_named_and_no_backup_is_left(built, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", "postgresql://app:secret@127.0.0.1:1/localoffer")
    with pytest.raises(BackupError) as failed:
        backup(built, tmp_path / "backup")
    assert str(failed.value).startswith("postgresql://app:***@127.0.0.1:1/localoffer: ")
    assert "secret" not in str(failed.value) and not list(tmp_path.iterdir())  # no backup, no .partial


def test_a_missing_postgresql_program_is_named(postgres_cluster):
    with pytest.raises(pg_backup.PgToolError) as missing:
        pg_backup.program("pg_no_such_tool")
    assert str(missing.value) == (
        "pg_no_such_tool was not found on PATH or in /usr/lib/postgresql/*/bin: install PostgreSQL's client "
        "programs (Debian: apt-get install postgresql-client)"
    )
    assert pg_backup.program("pg_dump").name == "pg_dump"
