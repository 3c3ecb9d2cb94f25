"""The private SQLite database: opened per use, durable on commit, schema from numbered migrations.

Durability: WAL journal with synchronous=FULL, so a write that has committed survives a kill -9 or a power
cut. Each module that keeps private data adds its own `migrations/NNN_name.sql` file; they run in order,
once, inside a transaction, and the applied names are recorded in `schema_migrations`.

Modes: the file holds password hashes, comments and confidential feedback, so it is created 0600 (and tightened
to 0600 if an older version left it readable by others), in a folder created 0700. SQLite gives its -wal and
-shm files the database file's permissions.

PostgreSQL: with GRAPH_APP_DATABASE_URL (postgresql://...) the same database lives on a PostgreSQL server that
several machines share (graph_app/private/pg.py: the same connection interface; dialect.py: the same SQL and
migrations, translated as they run). `immediate` then takes a transaction-level advisory lock, the one writer
at a time that SQLite's BEGIN IMMEDIATE gives; the migrations run under another, once per database.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIGRATIONS = Path(__file__).parent / "migrations"
_migrated: set[Path | str] = set()
_migrate_lock = threading.Lock()


class PrivateDB:
    """One database file, or (url) one PostgreSQL database. `connect()` yields a connection in a transaction:
    commit on success, else rollback."""

    def __init__(self, path: Path, url: str | None = None) -> None:
        self.path = Path(path)
        self.url = url or None

    @property
    def location(self) -> str:
        """Where the database is, for messages and cache keys (a URL without its password)."""
        if self.url:
            from .pg import redacted

            return redacted(self.url)
        return str(self.path)

    def exists(self) -> bool:
        """Whether anything can have been written yet (a PostgreSQL database always may have been)."""
        return bool(self.url) or self.path.exists()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.row_factory = sqlite3.Row
        _use_wal(connection)
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    @contextmanager
    def connect(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction. `immediate` takes the write lock at once (read-modify-write)."""
        self.migrate()
        with self._transaction(immediate) as connection:
            yield connection

    @contextmanager
    def _transaction(self, immediate: bool) -> Iterator[Any]:
        if self.url:
            with self._pg_transaction(immediate) as pg_connection:
                yield pg_connection
            return
        connection = self._open()
        try:
            connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.close()

    @contextmanager
    def _pg_transaction(self, immediate: bool) -> Iterator[Any]:
        from .pg import IMMEDIATE_KEY, pool_for

        assert self.url is not None
        pool = pool_for(self.url)
        connection = pool.take()
        try:
            connection.run("BEGIN")
        except sqlite3.OperationalError:  # a kept connection the server has closed meanwhile (a restart): once more
            connection.close()
            connection = pool.take(fresh=True)
            connection.run("BEGIN")
        try:
            if immediate:
                connection.run(f"SELECT pg_advisory_xact_lock({IMMEDIATE_KEY})")
            yield connection
            connection.run("COMMIT")
        except BaseException:
            if not connection.raw.closed and connection.in_transaction:
                connection.run("ROLLBACK")
            raise
        finally:
            pool.give_back(connection)

    def migrate(self) -> None:
        """Apply the migrations not yet applied to this database (once per process and database)."""
        key: Path | str = self.url or self.path.resolve()
        if key in _migrated:
            return
        with _migrate_lock:
            if key in _migrated:
                return
            if self.url:
                self._migrate_pg()
            else:
                self._create_private()
                with self._transaction(immediate=True) as connection:
                    _apply_migrations(connection, lambda statement: statement)
            _migrated.add(key)

    def _migrate_pg(self) -> None:
        """The same migrations, translated; under an advisory lock, so machines starting together apply each once."""
        from . import dialect
        from .pg import MIGRATE_KEY

        with self._pg_transaction(immediate=False) as connection:
            connection.run(f"SELECT pg_advisory_xact_lock({MIGRATE_KEY})")
            connection.run(dialect.NOCASE_COLLATION)
            _apply_migrations(connection, dialect.schema_ddl)

    def _create_private(self) -> None:
        """The folder (0700 when made here) and the file (0600) before SQLite opens it, never readable by others."""
        if not self.path.parent.exists():
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_mode & 0o077:
                os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)


def _apply_migrations(connection: Any, in_dialect: Any) -> None:
    """Every migration file not yet recorded in schema_migrations, in name order, in the caller's transaction."""
    connection.execute(
        in_dialect("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    )
    done = {row["name"] for row in connection.execute("SELECT name FROM schema_migrations")}
    for script in sorted(MIGRATIONS.glob("*.sql")):
        if script.name in done:
            continue
        for statement in _statements(script.read_text(encoding="utf-8")):
            connection.execute(in_dialect(statement))
        connection.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES (?, datetime('now'))", (script.name,)
        )


def _statements(script: str) -> list[str]:
    # executescript() would commit on its own; split so a migration runs inside our one transaction
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements + [buffer.strip()] if s]


def open_private_db(settings) -> PrivateDB:  # graph_app.config.Settings
    """The private database of these settings: PostgreSQL when GRAPH_APP_DATABASE_URL is set, else the SQLite
    file (GRAPH_APP_PRIVATE_DB, default data_dir/private/private.sqlite)."""
    from ..config import env_setting

    return PrivateDB(settings.private_db, url=env_setting("GRAPH_APP_DATABASE_URL"))


def private_db_exists(settings) -> bool:  # graph_app.config.Settings
    """Whether the private database may hold anything (a journal to replay, versions to repair)."""
    return open_private_db(settings).exists()


def _use_wal(connection: sqlite3.Connection, patience_s: float = 30.0) -> None:
    """Switch the file to WAL once. The switch needs the file to itself and SQLite answers "database is locked"
    at once, without its busy wait, while another process opens the file: so wait and retry here. WAL mode is
    stored in the file, so every later open finds it set and writes nothing."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
