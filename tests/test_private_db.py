"""The private database opens cleanly when several processes open a new file at once (the first open switches
it to WAL, which SQLite refuses without waiting while another process holds the file)."""

from __future__ import annotations

import subprocess
import sys

OPENER = """
import sys
from pathlib import Path
from graph_app.private.db import PrivateDB
db = PrivateDB(Path(sys.argv[1]))
for _ in range(120):
    with db.connect(immediate=True) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS t (x)"); connection.execute("INSERT INTO t VALUES (1)")
"""


def test_many_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    path = tmp_path / "private" / "private.sqlite"
    for attempt in range(3):  # a race: try it more than once, each time on a new file
        target = path.with_name(f"private-{attempt}.sqlite")
        openers = [
            subprocess.Popen([sys.executable, "-c", OPENER, str(target)], stderr=subprocess.PIPE) for _ in range(3)
        ]
        for opener in openers:
            assert opener.wait(timeout=120) == 0, opener.stderr.read().decode()
        mode = subprocess.run(
            ["sqlite3", str(target), "PRAGMA journal_mode"], capture_output=True, text=True, check=False
        )
        if mode.returncode == 0:
            assert mode.stdout.strip() == "wal"
