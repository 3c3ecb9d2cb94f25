"""`graph-app private-db copy`: move a deployment's private database from its SQLite file to PostgreSQL.

All or nothing: the migrations, the check that the target holds nothing, every table's rows (in foreign-key
order, with PostgreSQL's COPY), the identity sequences and the row-count check run in ONE transaction on the
target, so a failure at any step rolls the target back to what it was (a new database stays empty, without
even the tables). The SQLite file is read inside one write transaction (BEGIN IMMEDIATE): one moment's rows,
and nobody writes to it while the copy runs (the app's writes wait, and fail after 30 s: stop it first).

Kept as it was: every column value, each table's SQLite rowid (the order `ORDER BY rowid` reads, and the ids
other tables point to) and AUTOINCREMENT's high-water mark (sqlite_sequence), so a journal number is never
given out twice after the move.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from . import dialect
from .db import _apply_migrations
from .pg import MIGRATE_KEY, Connection, redacted

_COPY_LINE = re.compile(r"\bline (\d+)\b")
_COPY_COLUMN = re.compile(r"\bline \d+, column (\w+)")
_BOOKKEEPING = "schema_migrations"  # written by the migrations on the target, never copied


class CopyError(RuntimeError):
    """What went wrong, naming the table (and row) it went wrong on; the target is unchanged."""


@dataclass
class CopyReport:
    """Rows copied per table, in the order they were copied."""

    tables: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def copy_to_postgres(source: Path, url: str, progress: Callable[[str], None] = lambda line: None) -> CopyReport:
    """Copy the SQLite private database at `source` into the empty PostgreSQL database at `url`."""
    source = Path(source)
    if not source.is_file():
        raise CopyError(f"{source}: there is no SQLite private database here to copy")
    where = redacted(url)
    try:  # first, so a wrong address leaves the SQLite file untouched
        raw = psycopg.connect(url, autocommit=True, connect_timeout=30)
    except psycopg.Error as error:
        raise CopyError(f"{where}: cannot connect ({str(error).strip()})") from None
    try:
        reader = _open_source(source)
    except BaseException:
        raw.close()
        raise
    try:
        try:
            target = Connection(raw)
            raw.execute("BEGIN")
            try:
                report = _copy(reader, target, progress)
            except BaseException:
                if not raw.closed and raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")
        except CopyError as error:
            raise CopyError(f"{error}; nothing was written to {where}") from None
        except (psycopg.Error, sqlite3.Error) as error:
            raise CopyError(f"{str(error).strip()}; nothing was written to {where}") from None
        finally:
            raw.close()
    finally:
        reader.rollback()
        reader.close()
    return report


def _open_source(path: Path) -> sqlite3.Connection:
    """The SQLite file, brought up to this version's migrations (as the app does when it starts), then held
    in a write transaction for the copy."""
    reader = sqlite3.connect(path, timeout=30, isolation_level=None)
    reader.row_factory = sqlite3.Row
    try:
        reader.execute("BEGIN IMMEDIATE")
        _apply_migrations(reader, lambda statement: statement)
        reader.execute("COMMIT")
        reader.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        reader.close()
        raise CopyError(f"{path}: cannot read the SQLite private database ({error})") from None
    return reader


def _copy(reader: sqlite3.Connection, target: Connection, progress: Callable[[str], None]) -> CopyReport:
    existing = _target_tables(target)
    if existing and _BOOKKEEPING not in existing:
        raise CopyError(f"the target is not empty: it has tables the app did not make ({', '.join(existing[:5])})")
    target.run(f"SELECT pg_advisory_xact_lock({MIGRATE_KEY})")  # an app starting on the target waits for us
    target.run(dialect.NOCASE_COLLATION)
    _apply_migrations(target, dialect.schema_ddl)
    tables = _dependency_order(reader)
    known = set(_target_tables(target))
    for table in tables:
        if table not in known:
            raise CopyError(f"table {table}: in the SQLite file but made by no migration, so not copied")
    locked = sql.SQL(", ").join(sql.Identifier(t) for t in sorted(known - {_BOOKKEEPING}))
    target.raw.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(locked))  # no app writes meanwhile
    for table in sorted(known - {_BOOKKEEPING}):
        if _count(target, table):
            raise CopyError(f"the target is not empty: table {table} has rows (copy only into a new database)")
    _same_migrations(reader, target)
    report = CopyReport()
    for table in tables:
        report.tables[table] = _copy_table(reader, target, table)
        progress(f"{table}: {report.tables[table]} rows")
    _reset_sequences(reader, target, tables)
    for table in tables:  # read back in the same transaction: what PostgreSQL holds, not what was sent
        held = _count(target, table)
        if held != report.tables[table]:
            raise CopyError(f"table {table}: {report.tables[table]} rows read from SQLite, {held} in PostgreSQL")
    return report


def _target_tables(target: Connection) -> list[str]:
    rows = target.raw.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [row[0] for row in rows]


def _count(target: Connection, table: str) -> int:
    return target.raw.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]


def _same_migrations(reader: sqlite3.Connection, target: Connection) -> None:
    source = {row[0] for row in reader.execute("SELECT name FROM schema_migrations")}
    applied = {row[0] for row in target.raw.execute("SELECT name FROM schema_migrations").fetchall()}
    if source != applied:
        extra = sorted(source ^ applied)
        raise CopyError(f"the two databases are at different migrations ({', '.join(extra)}): use one app version")


def _quoted(name: str) -> str:
    """A SQLite identifier (a name read from the file itself) in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def _dependency_order(reader: sqlite3.Connection) -> list[str]:
    """Every table, each after the tables its foreign keys point to (ties by name, so the order is stable)."""
    names = [
        row[0]
        for row in reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY name"
        )
        if row[0] != _BOOKKEEPING
    ]
    needs = {
        name: {row["table"] for row in reader.execute(f"PRAGMA foreign_key_list({_quoted(name)})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while needs:
        ready = sorted(name for name, wanted in needs.items() if not wanted - set(ordered))
        if not ready:
            raise CopyError(f"tables {', '.join(sorted(needs))}: their foreign keys point at each other in a circle")
        ordered.extend(ready)
        for name in ready:
            del needs[name]
    return ordered


def _columns(reader: sqlite3.Connection, target: Connection, table: str) -> tuple[list[str], bool]:
    """The columns to copy, and whether SQLite's rowid goes into the target's own `rowid` identity column
    (a table without an INTEGER PRIMARY KEY; with one, the target's rowid is computed from that key)."""
    source = [row["name"] for row in reader.execute(f"PRAGMA table_info({_quoted(table)})")]
    described = target.raw.execute(
        "SELECT column_name, is_generated FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s",
        (table,),
    ).fetchall()
    writable = {name for name, generated in described if generated != "ALWAYS"}
    missing = [name for name in source if name not in writable]
    if missing:
        raise CopyError(f"table {table}: column {missing[0]} is not in the PostgreSQL table")
    own_rowid = "rowid" in writable and "rowid" not in source
    return source, own_rowid


def _copy_table(reader: sqlite3.Connection, target: Connection, table: str) -> int:
    columns, own_rowid = _columns(reader, target, table)
    names = (["rowid"] if own_rowid else []) + columns
    listed = ", ".join(['rowid AS "rowid"'] + [_quoted(c) for c in columns])  # AS: else named as its alias
    select = f"SELECT {listed} FROM {_quoted(table)} ORDER BY rowid"
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    sent, current = 0, None
    try:
        with target.raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in reader.execute(select):
                current = row
                copy.write_row(tuple(row) if own_rowid else tuple(row)[1:])
                sent += 1
    except (psycopg.Error, ValueError, TypeError) as error:  # refused by the server, or by psycopg's dumpers
        diag = getattr(error, "diag", None)
        line = _COPY_LINE.search(getattr(diag, "context", None) or "")
        if line:  # the server names the line of the COPY stream it refused: the nth row sent
            current = reader.execute(f"{select} LIMIT 1 OFFSET ?", (int(line.group(1)) - 1,)).fetchone()
        column = _COPY_COLUMN.search(getattr(diag, "context", None) or "")
        where = f", column {column.group(1)}" if column else ""
        raise CopyError(f"table {table}, {_row_name(current)}{where}: {_first_line(error)}") from None
    return sent


def _row_name(row: sqlite3.Row | None) -> str:
    return "row ?" if row is None else f"row with rowid {row[0]}"


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _reset_sequences(reader: sqlite3.Connection, target: Connection, tables: list[str]) -> None:
    """Each identity column's sequence past the highest value copied (and past SQLite's AUTOINCREMENT mark,
    which remembers ids of deleted rows), so the next row the app adds gets a new id."""
    marks: dict[str, int] = {}
    if reader.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        marks = {row[0]: int(row[1]) for row in reader.execute("SELECT name, seq FROM sqlite_sequence")}
    identities = target.raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ).fetchall()
    for table, column in identities:
        if table not in tables:
            continue
        highest = target.raw.execute(
            sql.SQL("SELECT max({}) FROM {}").format(sql.Identifier(column), sql.Identifier(table))
        ).fetchone()[0]
        mark = max(highest or 0, marks.get(table, 0) if column != "rowid" else 0)
        target.raw.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s, %s)",
            (sql.Identifier(table).as_string(target.raw), column, max(mark, 1), mark > 0),
        )
