"""A real PostgreSQL server for the tests: Debian's `postgresql` binaries (initdb, pg_ctl) start a private
cluster in a temporary folder on a free loopback port, and each test that wants one gets a new, empty
database in it. Started once per test process (session fixture `postgres_cluster` in conftest.py), stopped
and removed at the end. As root the cluster runs as the `postgres` user (initdb refuses root)."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from server_process import free_port

INSTALL_HINT = "PostgreSQL is not installed: apt-get install postgresql (make test installs it when run as root)"


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's bin folder (/usr/lib/postgresql/N/bin), or None when absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class PostgresCluster:
    """initdb + pg_ctl start on 127.0.0.1:<free port>, trust authentication for loopback only (a test cluster)."""

    def __init__(self, bin_dir: Path, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable  # True: fsync on, as a real server (the benchmark); the tests go without
        self.folder = Path(tempfile.mkdtemp(prefix="graph-app-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.user = "postgres"
        self._numbers = itertools.count(1)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}\n{done.stderr}")

    def start(self) -> PostgresCluster:
        self._run(
            self.bin_dir / "initdb", "-D", self.data, "-U", self.user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        # durability is not what these tests measure: no fsync keeps CREATE DATABASE per test quick
        options = f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        log = self.folder / "server.log"
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-l", log, "-o", options, "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database; its URL."""
        name = f"private_{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')  # a name made here, never from input
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def database_env(settings) -> dict[str, str]:  # graph_app.config.Settings
    """GRAPH_APP_DATABASE_URL for a command the test runs in another process, when these settings' private
    database is on PostgreSQL (make test-postgres); nothing on SQLite, where the file path says it all."""
    from graph_app.private import open_private_db

    url = open_private_db(settings).url
    return {"GRAPH_APP_DATABASE_URL": url} if url else {}


SQLITE_ONLY = os.environ.get("GRAPH_APP_TEST_DATABASE") == "postgres"  # skipif: a test of the SQLite file itself
