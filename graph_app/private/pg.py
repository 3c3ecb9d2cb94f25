"""The private database on PostgreSQL, behind the interface the modules use with SQLite (sqlite3's).

A connection here answers `execute(sql, params)`, `executemany` and `close` as a sqlite3 connection does, with
SQLite's SQL (graph_app/private/dialect.py translates each statement); its cursors have `fetchone`,
`fetchall`, iteration, `rowcount` and `lastrowid` (INSERT ... RETURNING rowid); rows are read by name or by
position like sqlite3.Row. PostgreSQL's errors are raised as sqlite3's (IntegrityError for a broken UNIQUE or
CHECK, OperationalError for a lost server), so the modules' `except sqlite3.IntegrityError` and the app's
error pages mean the same on both engines.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors

from . import dialect

_LAST_ROWID = "select last_insert_rowid()"
# a pg_advisory_xact_lock key: the "write lock at once" of SQLite's BEGIN IMMEDIATE, for every machine
IMMEDIATE_KEY = 0x6772617068_01  # "graph" + 1
MIGRATE_KEY = 0x6772617068_02
PUBLISH_KEY = 0x6772617068_03  # graph_app/live/publisher.py live_lock


class Row(tuple):
    """A result row read like sqlite3.Row: row["name"] (any case), row[0], keys(); `rowid` (which SQLite keeps
    out of SELECT *) is readable by name but not listed in keys()."""

    _names: dict[str, int]
    _keys: list[str]

    def __new__(cls, values: Sequence[Any], names: dict[str, int], keys: list[str]) -> Row:
        row = super().__new__(cls, values)
        row._names, row._keys = names, keys
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names[key.lower()])
            except KeyError:
                raise IndexError(f"No item with that key: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._keys)


def _row_maker(cursor: psycopg.Cursor) -> Any:
    names = [column.name for column in cursor.description or ()]
    index = {name.lower(): i for i, name in reversed(list(enumerate(names)))}
    keys = [name for name in names if name.lower() != "rowid"]
    return lambda values: Row(values, index, keys)


class Cursor:
    """The answer to one execute: rows, rowcount and lastrowid as sqlite3's cursor has them."""

    def __init__(self, rows: list[Row], rowcount: int, lastrowid: int | None) -> None:
        self._rows, self._next = rows, 0
        self.rowcount, self.lastrowid = rowcount, lastrowid

    def fetchone(self) -> Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Row]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Row]:
        while (row := self.fetchone()) is not None:
            yield row


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """psycopg's errors raised as the sqlite3 errors the modules catch."""
    try:
        yield
    except psycopg.Error as error:
        raise _as_sqlite(error) from error


def _as_sqlite(error: psycopg.Error) -> sqlite3.Error:
    text = str(error).strip() or type(error).__name__
    if isinstance(error, psycopg.IntegrityError):
        return sqlite3.IntegrityError(text)
    if isinstance(error, (psycopg.OperationalError, errors.UndefinedTable, errors.UndefinedColumn)):
        return sqlite3.OperationalError(text)  # SQLite's "no such table/column" is an OperationalError too
    if isinstance(error, psycopg.DataError):
        return sqlite3.InterfaceError(text)  # a value the database cannot hold (e.g. a NUL character in text)
    if isinstance(error, psycopg.ProgrammingError):
        return sqlite3.OperationalError(text)  # SQLite reports a bad statement as OperationalError
    return sqlite3.DatabaseError(text)


def _values(parameters: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(_value(v) for v in parameters)


def _value(value: Any) -> Any:
    """A date or datetime as sqlite3's default adapters write it (ISO text; the columns are text). A bool stays
    one: the modules pass int() for an integer column, and a bool where it is a condition (`? OR ...`)."""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


class Connection:
    """One psycopg connection in autocommit mode, transactions begun and ended by PrivateDB as with SQLite."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw
        self.pid = os.getpid()
        self._lastrowid: int | None = None

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Cursor:
        if " ".join(sql.split()).lower() == _LAST_ROWID:  # SQLite's function of the connection
            return Cursor([Row((self._lastrowid,), {"last_insert_rowid()": 0}, ["last_insert_rowid()"])], 1, None)
        text = dialect.statement(sql, with_parameters=bool(parameters))
        ours = dialect.is_insert(sql) and dialect.returning_rowid(text) != text  # RETURNING rowid added here
        if ours:
            text = dialect.returning_rowid(text)
        with sqlite_errors(), self.raw.cursor() as cursor:
            cursor.execute(text, _values(parameters) if parameters else None)
            make = _row_maker(cursor) if cursor.description else None
            rows = [make(values) for values in cursor.fetchall()] if make else []
            lastrowid = None
            if ours:
                lastrowid = self._lastrowid = rows[-1]["rowid"] if rows else None
                rows = []  # the caller asked for no rows
            return Cursor(rows, cursor.rowcount, lastrowid)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]]) -> Cursor:
        batch = [_values(p) for p in seq_of_parameters]
        if not batch:
            return Cursor([], 0, None)
        with sqlite_errors(), self.raw.cursor() as cursor:
            cursor.executemany(dialect.statement(sql), batch)
            return Cursor([], cursor.rowcount, None)

    def run(self, sql: str) -> None:
        """A statement already in PostgreSQL's SQL (BEGIN, COMMIT, a lock), with no parameters."""
        with sqlite_errors():
            self.raw.execute(sql)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def usable(self) -> bool:
        return (
            self.pid == os.getpid()
            and not self.raw.closed
            and self.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        )

    def close(self) -> None:
        self.raw.close()


class Pool:
    """A few idle connections kept per process (opening one costs a round trip and authentication); a forked
    child never reuses its parent's (they would share one socket)."""

    def __init__(self, url: str, keep: int = 4) -> None:
        self.url, self.keep = url, keep
        self._idle: list[Connection] = []
        self._lock = threading.Lock()

    def take(self, fresh: bool = False) -> Connection:
        with self._lock:
            while self._idle and not fresh:
                connection = self._idle.pop()
                if connection.usable():
                    return connection
        with sqlite_errors():
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=30)
            # a lock waited for 30 s fails, as SQLite's busy timeout does ("database is locked")
            raw.execute("SET lock_timeout = '30s'")
            return Connection(raw)

    def give_back(self, connection: Connection) -> None:
        with self._lock:
            if connection.usable() and len(self._idle) < self.keep:
                self._idle.append(connection)
                return
        if connection.pid == os.getpid():
            connection.close()


_pools: dict[str, Pool] = {}
_pools_lock = threading.Lock()


def pool_for(url: str) -> Pool:
    with _pools_lock:
        return _pools.setdefault(url, Pool(url))


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))
