"""A daemon thread per process that does some work once per new store version, in the background: the gap
warm-up (gaps/warm_up.py) and the dump writer (exporters/dump_writer.py) are two of them.

Each round looks at the live version (a rebuild or a published edit makes a new one, in whichever process
made it), so nothing has to tell the thread; `wake()` only makes it look at once instead of at the next
poll. A server that forks workers after creating the app (gunicorn --preload) has no thread in them, so
callers call `ensure()` again from a request: it starts the thread once per process id."""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from .free_memory import give_back_free_memory

log = logging.getLogger(__name__)


class VersionWorker:
    """Subclasses define `run_once` (one round: do what the live version still needs, or nothing)."""

    thread_name = "version-worker"
    poll_s = 2.0  # how soon a new store version is noticed without a wake()
    trim_after_s = 1.0  # a round that worked this long gives the memory it freed back to the system

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._pid = -1
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._woken = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0  # rounds ended: lets a caller know the loop has read poll_s afresh since a change

    def ensure(self) -> None:
        if self._pid == os.getpid() or self._stopped.is_set():
            return  # the common case, without taking the lock
        with self._lock:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._loop, name=self.thread_name, daemon=True)
                self._thread.start()

    def wake(self) -> None:
        """Look for a new version now (after a publish in this process), not at the next poll."""
        self._woken.set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def stop(self, timeout: float = 120.0) -> None:
        """End the loop and wait for a round in progress: an app closed while its thread still reads the
        store would read a folder being removed (tests close every app they make)."""
        self._stopped.set()
        self._woken.set()
        with self._lock:
            threads = [self._thread, *self.other_threads()]
        for thread in threads:
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout)

    def other_threads(self) -> list[threading.Thread]:
        """Threads besides the loop that stop() waits for (jobs a page started)."""
        return []

    def run_once(self) -> None:
        """One round of the subclass's work (the gap warm-up, the dump writer): every subclass defines it."""
        raise NotImplementedError  # an abstract hook, not unfinished work

    def _loop(self) -> None:
        while not self._stopped.is_set():
            started = time.monotonic()
            try:
                self.run_once()
            except Exception:  # logged; the next round tries again
                log.exception("%s: a round failed", self.thread_name)
            if time.monotonic() - started >= self.trim_after_s:  # not after an idle look at the version
                give_back_free_memory()
            self.rounds += 1
            self._woken.wait(self.poll_s)
            self._woken.clear()
