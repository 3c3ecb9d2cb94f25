"""Dumps written once per store version, in the background, by one writer per machine.

The same pattern as the gap results (gaps/warm_up.py, gaps/stored_results.py), on the same thread helper
(version_worker.py): every process runs a daemon thread that notices a new live build (a rebuild, or a
published edit in any process) within a poll; the first to take a lock on a file under data_dir/cache
writes that build's dumps, and the others find the lock taken and leave it to that one. The gap results
need a blocking lock (a page waits for the one result it asks for); here the lock is tried without
waiting, since nobody waits for a dump: a request for a file not written yet is told when to come back
(dump_status.ready_in) and never makes it itself.

The writing happens in a child process at the lowest CPU priority (write_dumps.py), which inherits the
lock, so the lock is held for exactly as long as a writer runs. When every file of the live build is
written, the dumps of older builds are removed (a download already under way keeps its open file).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from flask import Flask

from ..layout import BuildDir, Layout
from ..version_worker import VersionWorker
from . import dump_status
from .write_dumps import SUPERSEDED

log = logging.getLogger(__name__)


class DumpWriter(VersionWorker):
    thread_name = "dump-writer"

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self.done: str | None = None  # the last build whose dumps were all there when this process looked
        self.wrote: list[str] = []  # the builds whose dumps this process's writer wrote
        self._child: subprocess.Popen[bytes] | None = None
        self._child_lock = threading.Lock()

    def run_once(self) -> None:
        settings = self.app.extensions["graph"].settings
        if settings.sparql_url:
            return  # a remote store: no build on this machine, a dump is streamed from the endpoint
        layout = Layout(settings.data_dir)
        build = layout.current()
        if build is None or build.build_id == self.done:
            return
        if not dump_status.is_complete(build):
            descriptor = _try_lock(settings.data_dir)
            if descriptor is None:
                return  # another process on this machine is writing them
            try:
                if not dump_status.is_complete(build):  # a writer may have finished before the lock was ours
                    status = self._write(build, settings.base, settings.project_root, descriptor)
                    if status != 0:
                        if status != SUPERSEDED and not self.stopped:
                            log.warning(
                                "the dumps of %s were not all written (exit %s): see cache/dumps/writer.log",
                                build.build_id,
                                status,
                            )
                        return
                    self.wrote.append(build.build_id)
            finally:
                os.close(descriptor)
        remove_older_dumps(layout, build)
        self.done = build.build_id

    def _write(self, build: BuildDir, base: str, project: Path, descriptor: int) -> int:
        command = [sys.executable, "-m", "graph_app.exporters.write_dumps", "--build", str(build.path)]
        command += ["--base", base, "--queries", str(project / "queries")]
        with self._child_lock:
            if self.stopped:
                return -1
            # the child inherits the lock's open file, so the lock stays held while it writes
            # its output (a failure's traceback) goes to cache/dumps/writer.log, not the server's console
            with open(dump_status.cache_folder(self._data_dir(build)) / "writer.log", "ab") as log_file:
                self._child = subprocess.Popen(
                    command,
                    pass_fds=(descriptor,),
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=log_file,
                    cwd=project,
                )
        log.info("writing the dumps of %s (process %s)", build.build_id, self._child.pid)
        status = self._child.wait()
        with self._child_lock:
            self._child = None
        return status

    @staticmethod
    def _data_dir(build: BuildDir) -> Path:
        return build.path.parent.parent  # data_dir/builds/<id>

    def stop(self, timeout: float = 120.0) -> None:
        """Also stop a child writing dumps (its files are whole or absent; the next writer carries on)."""
        self._stopped.set()
        with self._child_lock:
            child = self._child
        if child is not None:
            child.terminate()
        super().stop(timeout)


def remove_older_dumps(layout: Layout, keep: BuildDir) -> None:
    """Remove the dumps folders of builds older than `keep`, once `keep`'s dumps are all written. Build
    folders are named from the time they were begun (layout.py), so a newer build, whose dumps a writer may
    be writing now, sorts after `keep` and is left alone."""
    if not layout.builds.is_dir():
        return
    for build in layout.builds.iterdir():
        folder = build / "dumps"
        if build.name < keep.path.name and not build.name.endswith(".partial") and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _try_lock(data_dir: os.PathLike[str]) -> int | None:
    folder = dump_status.cache_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / "writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def keep_writing(app: Flask) -> DumpWriter:
    """The app's dump writer, started unless the app is under test (WRITE_DUMPS overrides)."""
    writer = app.extensions["dump_writer"] = DumpWriter(app)
    if writing(app):
        writer.ensure()
    return writer


def writing(app: Flask) -> bool:
    return bool(app.config.get("WRITE_DUMPS", not app.testing))
