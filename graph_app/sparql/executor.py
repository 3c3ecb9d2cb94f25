"""A small pool of query worker processes with a hard time limit: a query still running at the limit
is stopped by killing its process, and a fresh worker takes its place, so the server keeps serving.

Why hand-written (issue 13 kept it): concurrent.futures cannot stop a task once it runs, and
multiprocessing.Pool.terminate stops every worker; the time limit needs one worker killed and replaced
while the others go on (pyoxigraph has no query timeout, oxigraph issue 1926), with a per-address share."""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from dataclasses import dataclass

from .memory import MEMORY_STATUS, memory_message
from .protocol import QueryOperation

_SPAWN = multiprocessing.get_context("spawn")  # never fork a threaded web server


class QueryTimeout(Exception):
    pass


class QueryBusy(Exception):
    pass


class QueryFailed(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryAnswer:
    content_type: str
    body: bytes
    truncated: bool
    rows: int


class _Worker:
    def __init__(self, target: str, remote: bool, memory_mb: int | None) -> None:
        from . import worker

        self.conn, child = _SPAWN.Pipe()
        entry = worker.serve_remote if remote else worker.serve
        self.process = _SPAWN.Process(target=entry, args=(child, target, memory_mb), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """`size` workers over one store (a path) or endpoint (a URL)."""

    def __init__(
        self,
        target: str,
        remote: bool = False,
        size: int = 2,
        timeout_s: float = 10.0,
        row_cap: int = 10_000,
        wait_for_worker_s: float = 5.0,
        memory_mb: int | None = None,
    ) -> None:
        self.target, self.remote, self.memory_mb = target, remote, memory_mb
        self.timeout_s, self.row_cap, self.wait_for_worker_s = timeout_s, row_cap, wait_for_worker_s
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.target, self.remote, self.memory_mb)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(
        self,
        operation: QueryOperation,
        accept: str | None,
        forced_format: str | tuple[str, ...] | None,
        base_iri: str | None = None,
    ) -> QueryAnswer:
        try:
            worker = self._idle.get(timeout=self.wait_for_worker_s)
        except queue.Empty:
            raise QueryBusy() from None
        request = {
            "query": operation.query,
            "default_graphs": operation.default_graphs,
            "named_graphs": operation.named_graphs,
            "accept": accept,
            "format": forced_format,
            "row_cap": self.row_cap,
            "base_iri": base_iri,
        }
        try:
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout_s):
                raise QueryTimeout()
            reply = worker.conn.recv()
        except (QueryTimeout, EOFError, OSError) as error:
            worker.process.join(timeout=1)  # a worker that died on its own: learn how
            aborted = worker.process.exitcode == -signal.SIGABRT
            self._replace(worker)
            if isinstance(error, QueryTimeout):
                raise
            if aborted and self.memory_mb:  # the engine aborts when an allocation fails under the cap
                raise QueryFailed(MEMORY_STATUS, memory_message(self.memory_mb)) from None
            raise QueryFailed(500, "The query worker stopped unexpectedly.") from None
        if reply[0] == "fatal":  # out of memory in Python: answered, but the worker is not trusted again
            self._replace(worker)
            raise QueryFailed(reply[1], reply[2])
        self._idle.put(worker)
        if reply[0] == "error":
            raise QueryFailed(reply[1], reply[2])
        return QueryAnswer(*reply[1:])

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
