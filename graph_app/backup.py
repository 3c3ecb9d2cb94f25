"""`graph-app backup DIR` and `graph-app restore DIR`: the current build (a pyoxigraph backup of its store),
its search index and manifest, and the private database, with a checksum for every file.

Consistent while the app runs: the build is read under the publishers' lock (graph_app.live), so `current`
cannot be swapped half-way, and both SQLite files are copied with SQLite's online backup API, which gives a
snapshot of one moment even while others write. A backup is written to DIR.partial and renamed when complete,
so a backup that was interrupted is never taken for a whole one.

With GRAPH_APP_DATABASE_URL the private database is PostgreSQL's: pg_dump writes it into private/private.pgdump
(its custom format; a snapshot of one moment, also taken under the lock, which is then PostgreSQL's advisory
lock, so no publish lands between the build and the journal), and restore loads it with pg_restore into an
empty database in one transaction (graph_app/private/pg_backup.py). A backup of either kind is restored only
into the same kind: moving a SQLite deployment to PostgreSQL is `graph-app private-db copy`.

A backup shares no file with the live store: pyoxigraph's backup is a RocksDB checkpoint, which hard-links the
live store's files when both are on one filesystem (damage to the live files then damaged the backup too). The
checkpoint is taken into a scratch folder and every file copied out of it into the backup, byte by byte."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from .config import Settings
from .layout import BuildDir, Layout
from .private import pg_backup
from .private.db import open_private_db

FORMAT = 1
CHECKSUMS = "checksums.json"


class BackupError(RuntimeError):
    """A plain message: what is wrong, and with which file."""


def backup(settings: Settings, out: Path) -> dict:
    """Write the backup into `out` (which must not exist yet); return what checksums.json says."""
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} already exists: give a new folder for the backup")
    from .live import live_lock  # the lock publishers and build swaps take

    url = open_private_db(settings).url
    if url:
        _pg(pg_backup.program, "pg_dump")  # missing: said before anything is written
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        with live_lock(settings):
            current = Layout(settings.data_dir).current()
            if current is None:
                raise BackupError("there is no built store to back up: run 'graph-app build' first")
            triples = _copy_build(current, partial / "build")
            private = None
            if url:
                (partial / "private").mkdir(mode=0o700)
                _pg(pg_backup.dump, url, partial / "private" / pg_backup.DUMP_NAME)
                private = "postgresql"
            elif settings.private_db.exists():
                (partial / "private").mkdir(mode=0o700)
                sqlite_copy(settings.private_db, partial / "private" / "private.sqlite")
                private = "sqlite"
        summary = {
            "format": FORMAT,
            "build_id": current.build_id,
            "triples": triples,
            "private_database": private,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": {path: _sha256(partial / path) for path in _files(partial)},
        }
        (partial / CHECKSUMS).write_text(json.dumps(summary, indent=2), encoding="utf-8")
        _fsync_tree(partial)
        partial.rename(out)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, sqlite3.Error):  # the private database, or on PostgreSQL its lock, out of reach
            raise BackupError(f"{open_private_db(settings).location}: {error}") from None
        raise
    return summary


def _pg(action, *args):
    """A pg_backup step, its failure said as a BackupError."""
    try:
        return action(*args)
    except pg_backup.PgToolError as error:
        raise BackupError(str(error)) from None


def _copy_build(current: BuildDir, target: Path) -> int:
    target.mkdir()
    store = ox.Store.read_only(str(current.store_path))
    with tempfile.TemporaryDirectory(prefix=".checkpoint-", dir=target) as scratch:
        checkpoint = Path(scratch) / "oxigraph"
        store.backup(str(checkpoint))  # a RocksDB checkpoint: its files are hard links to the live ones
        triples = len(store)
        del store
        shutil.copytree(checkpoint, target / "oxigraph", copy_function=_copy_unshared)
    for path in current.path.iterdir():
        if path.name == "oxigraph":
            continue
        if path.suffix == ".sqlite":
            sqlite_copy(path, target / path.name)
        elif path.is_file():
            shutil.copy2(path, target / path.name)
    return triples


def _copy_unshared(source: str, target: str) -> str:
    """A new file with the same bytes (shutil.copy2 writes a new inode; never os.link)."""
    shutil.copy2(source, target)
    if os.stat(target).st_ino == os.stat(source).st_ino:  # a filesystem that deduplicates on copy (reflink is fine)
        raise BackupError(f"{target}: the copy is the same file as {source}")
    return target


def sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API), as one file (no WAL)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))  # private data: never readable by others
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def verify(folder: Path) -> dict:
    """The backup's checksums.json, after checking every file it lists is there and unchanged."""
    folder = Path(folder)
    listing = folder / CHECKSUMS
    if not listing.is_file():
        raise BackupError(f"{folder}: not a backup (no {CHECKSUMS}), or the backup was interrupted")
    try:
        summary = json.loads(listing.read_text(encoding="utf-8"))
        files = dict(summary["files"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{listing}: unreadable ({error})") from None
    if summary.get("format") != FORMAT:
        raise BackupError(f"{listing}: backup format {summary.get('format')!r}, this version reads {FORMAT}")
    present = set(_files(folder)) - {CHECKSUMS}
    missing, extra = sorted(set(files) - present), sorted(present - set(files))
    if missing:
        raise BackupError(f"{folder / missing[0]}: missing from the backup")
    if extra:
        raise BackupError(f"{folder / extra[0]}: not listed in {CHECKSUMS}; the backup was changed")
    for path, digest in sorted(files.items()):
        if _sha256(folder / path) != digest:
            raise BackupError(f"{folder / path}: checksum does not match; the backup is damaged")
    return summary


def restore(settings: Settings, folder: Path) -> dict:
    """Put the backup in place in an empty data folder: its build becomes current, its private database
    is where the settings say (the SQLite file, or the empty PostgreSQL database GRAPH_APP_DATABASE_URL names).
    Nothing is touched until the whole backup has been verified; if putting the private database back fails,
    the staged build is removed and the database is as it was (pg_restore runs in one transaction)."""
    folder = Path(folder)
    summary = verify(folder)
    layout = Layout(settings.data_dir)
    if layout.current() is not None or layout.current_link.is_symlink():
        raise BackupError(f"{settings.data_dir} already has a current build: restore into an empty data folder")
    private, dumped = folder / "private" / "private.sqlite", folder / "private" / pg_backup.DUMP_NAME
    url = open_private_db(settings).url
    if dumped.exists() and not url:
        raise BackupError(
            f"{dumped}: this backup's private database is PostgreSQL's: set GRAPH_APP_DATABASE_URL to a new, "
            "empty database to restore it into"
        )
    if private.exists() and url:
        raise BackupError(
            f"{private}: this backup's private database is a SQLite file, and GRAPH_APP_DATABASE_URL is set: "
            "restore without it, then move the file with 'graph-app private-db copy'"
        )
    if url and dumped.exists():
        _pg(pg_backup.program, "pg_restore")
        _pg(pg_backup.check_empty, url)
    elif not url and settings.private_db.exists():
        raise BackupError(f"{settings.private_db} already exists: restore into an empty data folder")
    layout.builds.mkdir(parents=True, exist_ok=True)
    staged = BuildDir(layout.builds / f"{summary['build_id'].removesuffix('.partial')}.partial")
    shutil.rmtree(staged.path, ignore_errors=True)
    shutil.copytree(folder / "build", staged.path)
    store = ox.Store.read_only(str(staged.store_path))
    found = len(store)
    del store
    if found != summary["triples"]:
        layout.discard(staged)
        raise BackupError(f"the restored store holds {found} triples, the backup says {summary['triples']}")
    temporary = settings.private_db.with_name(settings.private_db.name + ".restoring")
    try:
        if dumped.exists():
            _pg(pg_backup.restore, url, dumped)
        elif private.exists():
            settings.private_db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            sqlite_copy(private, temporary)
            os.replace(temporary, settings.private_db)
    except BaseException:
        temporary.unlink(missing_ok=True)
        layout.discard(staged)
        raise
    _fsync_tree(staged.path)
    layout.activate(staged)
    return summary


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_tree(root: Path) -> None:
    for path in [*root.rglob("*"), root]:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
