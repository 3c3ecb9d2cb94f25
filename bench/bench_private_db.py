"""Benchmark: the private database's common operations on SQLite and on PostgreSQL, side by side in one run.

What a request costs the private database: a comment posted (one write transaction, BEGIN IMMEDIATE on SQLite,
a transaction advisory lock on PostgreSQL), a staff session looked up (one read), and the moderation queue read.
PostgreSQL here is a local cluster on loopback (tests/postgres_server.py) with fsync on, durable as SQLite's
synchronous=FULL: the figures are the engines' and the adapter's cost, not a network's round trips (add one
round trip per statement for a database on another machine). Medians in milliseconds.

    .venv/bin/python bench/bench_private_db.py [--runs 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from postgres_server import PostgresCluster, postgres_bin  # noqa: E402

from graph_app.private import accounts, comments, staff_sessions  # noqa: E402
from graph_app.private.db import PrivateDB  # noqa: E402


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def measure(db: PrivateDB, runs: int) -> dict[str, float]:
    user = accounts.create_user(db, "bench@example.org", "Bench", "moderator", password="a long bench password")
    session = staff_sessions.start_session(db, user)
    page = "/id/service/bench"
    return {
        "comment posted (write)": median_ms(
            lambda: comments.add_comment(db, page, page, "A comment", None, None), runs
        ),
        "staff session looked up (read)": median_ms(
            lambda: staff_sessions.session_user(db, session, 3600.0, 36000.0), runs
        ),
        "moderation queue (50 rows)": median_ms(lambda: comments.pending_comments(db, limit=50), runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    bin_dir = postgres_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL is not installed: apt-get install postgresql")
    cluster = PostgresCluster(bin_dir, durable=True).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            sqlite = measure(PrivateDB(Path(folder) / "private.sqlite"), args.runs)
            postgres = measure(PrivateDB(Path(folder) / "unused.sqlite", url=cluster.new_database()), args.runs)
    finally:
        cluster.stop()
    print(f"| operation ({args.runs} runs, median) | SQLite ms | PostgreSQL ms |")
    print("| --- | --- | --- |")
    for name in sqlite:
        print(f"| {name} | {sqlite[name]:.2f} | {postgres[name]:.2f} |")


if __name__ == "__main__":
    main()
