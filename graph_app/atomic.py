"""Replacing a file so that readers see the old one or the whole new one, never a part: write a
temporary sibling (named for this process and thread, so concurrent writers never share one), then
rename it over the target. `durable` also flushes the file and its folder to disk first, so a power
cut cannot leave the new name pointing at unwritten data."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def temporary_sibling(path: Path, tag: str = "tmp") -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.{tag}")


def writer_pid(temporary: Path, tag: str = "tmp") -> int | None:
    """The process id a temporary_sibling name was made by (None when the name is not one), so a later
    process can tell an abandoned file (its writer is dead) from one being written."""
    parts = temporary.name.removesuffix(f".{tag}").rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit() or len(parts[1]) > 10:
        return None
    return int(parts[1])


def process_alive(pid: int) -> bool:
    """Is process `pid` still running (as far as this machine can tell)? A writer_pid that is not has
    abandoned its temporary file."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, as another user
        return True
    return True


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def atomic_write(path: Path, mode: str = "wb", durable: bool = True, **open_args: Any) -> Iterator[IO]:
    """Open a temporary sibling of `path` for writing; on a clean exit it replaces `path`, on an error it
    is removed and `path` is left as it was."""
    temporary = temporary_sibling(path)
    try:
        with open(temporary, mode, **open_args) as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
        if durable:
            fsync_dir(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
