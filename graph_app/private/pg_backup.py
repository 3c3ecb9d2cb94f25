"""The PostgreSQL private database in a backup: `pg_dump` writes it (custom format, one snapshot of one moment
while machines keep writing), `pg_restore` puts it back into an empty database in ONE transaction, so a
restore that fails leaves the database as it was.

The programs are PostgreSQL's own: found on PATH (Debian's /usr/bin/pg_dump picks the version that matches
the server), else the newest /usr/lib/postgresql/N/bin. The password never goes on a command line (where
`ps` shows it to every user): it is taken out of the URL and given in PGPASSWORD.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from ..config import child_environment
from .pg import redacted

DUMP_NAME = "private.pgdump"  # in the backup's private/ folder, beside where private.sqlite would be
INSTALL_HINT = "install PostgreSQL's client programs (Debian: apt-get install postgresql-client)"


class PgToolError(RuntimeError):
    """A plain message: which program, which database, what it said."""


def program(name: str) -> Path:
    """PostgreSQL's `name` (pg_dump, pg_restore): on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return Path(found)
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major)
    if versions:
        return Path(versions[-1])
    raise PgToolError(f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin: {INSTALL_HINT}")


def _major(path: str) -> int:
    part = path.split("/")[4]
    return int(part) if part.isdigit() else 0


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """The connection string without its password, and the environment that carries the password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise PgToolError(f"GRAPH_APP_DATABASE_URL is not a PostgreSQL address ({error})") from None
    password = parts.pop("password", None)
    env = child_environment(PGPASSWORD=str(password)) if password is not None else child_environment()
    return make_conninfo(**{k: str(v) for k, v in parts.items() if v is not None}), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=None)
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip() or f"exit status {done.returncode}").splitlines()
        raise PgToolError(f"{what} failed: {' / '.join(said[:3])}")


def dump(url: str, target: Path) -> None:
    """The whole database into `target` (pg_dump's custom format, made 0600: it holds private data)."""
    conninfo, env = _connection(url)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    command = [str(program("pg_dump")), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    _run([*command, f"--dbname={conninfo}"], env, f"pg_dump of {redacted(url)}")


def check_empty(url: str) -> None:
    """Refuse a database that holds any table: a restore goes only into a new, empty one."""
    try:
        with psycopg.connect(url, connect_timeout=30) as connection:
            tables = connection.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY c.relname LIMIT 3"
            ).fetchall()
    except psycopg.Error as error:
        raise PgToolError(f"{redacted(url)}: cannot connect ({str(error).strip()})") from None
    if tables:
        names = ", ".join(row[0] for row in tables)
        raise PgToolError(f"{redacted(url)} already has tables ({names}): restore into a new, empty database")


def restore(url: str, source: Path) -> None:
    """`source` (a pg_dump custom-format file) into the empty database at `url`, all or nothing."""
    check_empty(url)
    conninfo, env = _connection(url)
    command = [str(program("pg_restore")), "--single-transaction", "--exit-on-error", "--no-owner"]
    _run([*command, "--no-privileges", f"--dbname={conninfo}", str(source)], env, f"pg_restore into {redacted(url)}")
