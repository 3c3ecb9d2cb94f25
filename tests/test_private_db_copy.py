"""`graph-app private-db copy`: a deployment's SQLite private database, filled through the app's own functions,
moved to a real PostgreSQL server and read back there through the same functions; every table holds the same
rows on both sides; new rows after the move get new ids; a copy that fails half-way, or into a database that
holds something, leaves the target exactly as it was."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from cli_process import run_graph_app
from live_helpers import copy_build
from staff_helpers import login

from graph_app.live import journal
from graph_app.live.changes import Replace
from graph_app.mail import outbox
from graph_app.private import accounts, comments, drafts, feedback, staff_sessions
from graph_app.private.copy import CopyError, copy_to_postgres
from graph_app.private.db import PrivateDB

ID = "https://w3id.org/se7-local-offer/id/"
KENT = f"{ID}area/kent"
PASSWORD = "a long enough pass"
DAY = 86400.0


def sqlite_db(path: Path) -> PrivateDB:
    """The SQLite file being moved (`make test-postgres` gives every PrivateDB made for a path a PostgreSQL
    database: this one must stay the file)."""
    db = PrivateDB(path)
    db.url = None
    return db


def fill(db: PrivateDB) -> dict:
    """A small deployment's private data, written through the app's functions; what to find again."""
    admin = accounts.create_user(db, "Ann.Admin@example.org", "Ann", "admin", password=PASSWORD, councils=[KENT])
    moderator = accounts.create_user(db, "mo@example.org", "Mo", "moderator", password=PASSWORD)
    accounts.invite(db, "new@example.org", "Nia", "moderator")
    session = staff_sessions.start_session(db, admin)
    first = comments.add_comment(db, "/id/service/a", f"{ID}service/a", "First, 100% sure", None, None)
    comments.add_comment(db, "/id/service/b", f"{ID}service/b", "Second é ✓", "Jo", "jo@example.org")
    comments.mark_rejected(db, first, moderator.id)

    def then(conn, feedback_id: int, reference: str) -> None:
        outbox.queue(
            conn, "noreply@example.org", kind="feedback", to_address="p@example.org", subject=reference, body=""
        )

    reference = feedback.add_feedback(db, f"{ID}service/a", "A", f"{ID}provider/p", "Private", None, None, then, KENT)
    seqs = [journal.append(db, [Replace(f"{ID}service/{n}", "")], "Ann", f"removed {n}") for n in "abc"]
    with db.connect(immediate=True) as conn:  # the newest entry deleted: SQLite's AUTOINCREMENT still remembers it
        conn.execute("DELETE FROM public_changes WHERE seq = ?", (seqs[-1],))
    journal.record_applied_remote(db, "http://store/update", seqs[1])
    drafts.save(db, admin.id, "new:service", 0, {"name": ["Draft"]})
    return {"session": session, "reference": reference, "seqs": seqs[:2], "highest_seq": seqs[-1]}


def tables(db: PrivateDB) -> dict[str, list[tuple]]:
    """Every table's rows in rowid order, through the app's own connection (either engine)."""
    with db.connect() as conn:
        if db.url:
            names = [
                row[0]
                for row in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            ]
        else:
            names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {}
        for name in sorted(n for n in names if n != "schema_migrations" and not n.startswith("sqlite_")):
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()  # names from the catalogue
            found[name] = [tuple(row[key] for key in sorted(row.keys()) if key != "rowid") for row in rows]
    return found


def graph_app(*args: str, private_db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "GRAPH_APP_DATABASE_URL"}
    environ.update({"GRAPH_APP_PRIVATE_DB": str(private_db), "GRAPH_APP_DATA_DIR": str(private_db.parent / "var")})
    environ.update(env or {})
    return run_graph_app(list(args), environ, timeout=120)


def table_names(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
    return sorted(row[0] for row in rows)


def test_a_filled_deployment_moves_to_postgresql_and_the_app_reads_it_there(postgres_cluster, tmp_path):
    source_path = tmp_path / "private" / "private.sqlite"
    source = sqlite_db(source_path)
    kept = fill(source)
    url = postgres_cluster.new_database()

    done = graph_app("private-db", "copy", "--to", url, private_db=source_path)
    assert done.returncode == 0, done.stderr
    assert "Row counts checked." in done.stdout and "users: 3 rows" in done.stdout

    moved = PrivateDB(tmp_path / "unused.sqlite", url=url)
    assert tables(moved) == tables(source)  # every table, every column, every row, in the same order
    assert sum(map(len, tables(moved).values())) >= 12
    # read back through the app's own functions, on PostgreSQL
    admin = accounts.authenticate(moved, "ann.admin@EXAMPLE.org", PASSWORD)
    assert admin is not None and admin.scope == (KENT,)
    assert staff_sessions.session_user(moved, kept["session"], DAY, DAY).email == "Ann.Admin@example.org"
    assert [c.body for c in comments.pending_comments(moved)] == ["Second é ✓"]
    [item] = feedback.feedback_for(moved, admin)
    assert (item.reference, item.body) == (kept["reference"], "Private")
    assert [e.seq for e in journal.pending(moved, after=0)] == kept["seqs"]
    assert journal.applied_remote(moved, "http://store/update") == kept["seqs"][1]
    assert drafts.load(moved, admin.id, "new:service").fields == {"name": ["Draft"]}
    assert [a.email for a in accounts.list_accounts(moved)] == [a.email for a in accounts.list_accounts(source)]
    # the sequences were moved on: new rows get new ids, and a deleted journal number is not given again
    assert comments.add_comment(moved, "/id/service/c", f"{ID}service/c", "After", None, None) == 3
    assert journal.append(moved, [Replace(f"{ID}service/d", "")], "Ann", "d") == kept["highest_seq"] + 1
    assert accounts.create_user(moved, "z@example.org", "Zed", "admin").id == 4


def test_the_app_signs_in_and_shows_the_moved_data_from_postgresql(
    postgres_cluster, built, tmp_path, make_app, monkeypatch
):
    source = sqlite_db(tmp_path / "private.sqlite")
    kept = fill(source)
    url = postgres_cluster.new_database()
    copy_to_postgres(source.path, url)
    monkeypatch.setenv("GRAPH_APP_DATABASE_URL", url)  # as every machine is started after the move
    # a data folder of its own: the moved journal holds entries this build never applied, which the app
    # applies when it starts (on the session's shared build they changed every later test's store)
    client = make_app(copy_build(built, tmp_path / "data")).test_client()
    assert login(client, "MO@example.org", PASSWORD).status_code == 303  # regional: reads every council's
    inbox = client.get("/staff/feedback")
    assert inbox.status_code == 200 and kept["reference"] in inbox.get_data(as_text=True)
    queue = client.get("/staff/comments/")
    assert queue.status_code == 200 and "Second é ✓" in queue.get_data(as_text=True)
    source.path.unlink()  # the file is no longer read
    assert client.get("/staff/comments/").status_code == 200


def test_a_copy_that_fails_half_way_leaves_the_target_as_it_was(postgres_cluster, tmp_path):
    source = sqlite_db(tmp_path / "private.sqlite")
    fill(source)
    # SQLite keeps a NUL character in text; PostgreSQL cannot: the users table copies, then comments fail
    bad = comments.add_comment(source, "/id/service/x", f"{ID}service/x", "bad \x00 byte", None, None)
    url = postgres_cluster.new_database()
    with pytest.raises(CopyError) as failure:
        copy_to_postgres(source.path, url)
    message = str(failure.value)
    assert f"table comments, row with rowid {bad}:" in message
    assert message.endswith(f"nothing was written to {url}")
    assert table_names(url) == []  # not even the tables the migrations made in the same transaction

    with source.connect(immediate=True) as conn:  # SQLite keeps text in an INTEGER column; PostgreSQL refuses it
        conn.execute("UPDATE comments SET body = 'fixed' WHERE id = ?", (bad,))
        conn.execute("UPDATE comments SET journal_seq = 'abc' WHERE id = 1")  # not the last row sent
    with pytest.raises(CopyError, match="^table comments, row with rowid 1, column journal_seq: invalid input syntax"):
        copy_to_postgres(source.path, url)
    assert table_names(url) == []

    with source.connect(immediate=True) as conn:  # put right, the same copy goes through
        conn.execute("UPDATE comments SET journal_seq = NULL WHERE id = 1")
    report = copy_to_postgres(source.path, url)
    assert report.tables["comments"] == 3 and report.tables["users"] == 3
    assert list(report.tables).index("users") < list(report.tables).index("comments")  # foreign keys first


def test_a_target_that_holds_anything_is_refused_and_left_alone(postgres_cluster, tmp_path):
    source = sqlite_db(tmp_path / "private.sqlite")
    fill(source)
    used = postgres_cluster.new_database()
    accounts.create_user(PrivateDB(tmp_path / "unused.sqlite", url=used), "x@example.org", "X", "admin")
    before = tables(PrivateDB(tmp_path / "unused.sqlite", url=used))
    done = graph_app("private-db", "copy", private_db=source.path, env={"GRAPH_APP_DATABASE_URL": used})
    assert done.returncode == 1
    assert "the target is not empty: table users has rows" in done.stderr
    assert tables(PrivateDB(tmp_path / "unused.sqlite", url=used)) == before

    other = postgres_cluster.new_database()
    with psycopg.connect(other) as conn:
        conn.execute("CREATE TABLE someone_elses (n integer)")
    with pytest.raises(CopyError, match="it has tables the app did not make \\(someone_elses\\)"):
        copy_to_postgres(source.path, other)
    assert table_names(other) == ["someone_elses"]


def test_the_command_names_what_is_missing(tmp_path):
    done = graph_app("private-db", "copy", private_db=tmp_path / "private.sqlite")
    assert done.returncode == 2 and "--to: give the PostgreSQL database" in done.stderr
    done = graph_app("private-db", "copy", "--to", "postgresql://u@127.0.0.1:1/x", private_db=tmp_path / "none.sqlite")
    assert done.returncode == 1 and "none.sqlite: there is no SQLite private database here to copy" in done.stderr
    (tmp_path / "none.sqlite").touch()  # an empty file is a database with no tables
    done = graph_app(
        "private-db", "copy", "--to", "postgresql://u:secret@127.0.0.1:1/x", private_db=tmp_path / "none.sqlite"
    )
    assert done.returncode == 1 and "cannot connect" in done.stderr and "secret" not in done.stderr
    assert (tmp_path / "none.sqlite").stat().st_size == 0  # no server: the file was not even migrated
