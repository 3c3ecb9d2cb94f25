"""kill -9 the real server (`graph-app serve`) the moment it has acknowledged a comment (303): after a restart
every acknowledged comment is in the private database, which opens and passes SQLite's integrity check."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
import requests

from graph_app.config import PROJECT_ROOT

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
pytestmark = pytest.mark.slow


def serve(data_dir, private_db) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(data_dir), "GRAPH_APP_PRIVATE_DB": str(private_db)}
    env.pop("GRAPH_APP_SPARQL_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_app.cli", "serve", "--port", str(port)],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(base + "/glossary", timeout=5)
            return process, base
        except (requests.ConnectionError, requests.Timeout):  # gunicorn listens before its workers are up
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the server did not start") from None
            time.sleep(0.1)


def test_acknowledged_comments_survive_kill_9(built, tmp_path):
    private_db = tmp_path / "private.sqlite"
    acknowledged = []
    for round_number in range(1):  # one kill right after the acknowledgement, then a restart
        process, base = serve(built.data_dir, private_db)
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
            os.kill(process.pid, signal.SIGKILL)  # the instant the acknowledgement arrived
            acknowledged.append(marker)
        finally:
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
    # restarted: it serves, and every acknowledged comment is there
    process, base = serve(built.data_dir, private_db)
    try:
        assert requests.get(base + "/id/need/autism", timeout=30).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    with sqlite3.connect(private_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {body for (body,) in conn.execute("SELECT body FROM comments")}
    assert set(acknowledged) <= stored
    assert len(acknowledged) == 1
