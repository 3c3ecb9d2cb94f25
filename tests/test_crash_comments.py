"""kill -9 the real server (`graph-app serve`) the moment it has acknowledged a comment (303): after a restart
every acknowledged comment is in the private database, which opens and (a SQLite file) passes SQLite's integrity
check; in `make test-postgres` the servers and this check use PostgreSQL."""

from __future__ import annotations

import re
import signal
import sqlite3
import time
from dataclasses import replace

import pytest
import requests
from server_process import app_process

from graph_app.private import open_private_db

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
pytestmark = pytest.mark.slow


def test_acknowledged_comments_survive_kill_9(built, tmp_path):
    private_db = tmp_path / "private.sqlite"
    settings = replace(built, private_db_path=private_db)
    acknowledged = []
    for round_number in range(1):  # one kill right after the acknowledgement, then a restart
        server = app_process(settings, ready_path="/glossary").start()
        base = server.url
        try:
            session = requests.Session()
            form = session.get(base + "/comments/new", params={"page": "/id/need/autism"}, timeout=30)
            token = TOKEN.search(form.text).group(1)
            marker = f"crash test {round_number} {time.time_ns()}"
            posted = session.post(
                base + "/comments",
                allow_redirects=False,
                timeout=30,
                data={"csrf_token": token, "page": "/id/need/autism", "comment": marker, "name": "", "email": ""},
            )
            assert posted.status_code == 303, posted.text[:300]
            server.kill()  # the instant the acknowledgement arrived
            acknowledged.append(marker)
        finally:
            server.kill()
        assert server.process.returncode == -signal.SIGKILL
    # restarted: it serves, and every acknowledged comment is there
    with app_process(settings, ready_path="/glossary") as server:
        assert requests.get(server.url + "/id/need/autism", timeout=30).status_code == 200
    database = open_private_db(settings)  # make test-postgres: the PostgreSQL database the servers used
    if database.url is None:
        with sqlite3.connect(private_db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with database.connect() as conn:
        stored = {row["body"] for row in conn.execute("SELECT body FROM comments")}
    assert set(acknowledged) <= stored
    assert len(acknowledged) == 1
