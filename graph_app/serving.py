"""`graph-app serve`: gunicorn with threaded workers, bounded threads, timeouts and request-size limits.

Werkzeug's development server (`--dev`) starts a thread per connection with no limit and no read timeout:
300 clients that connected and sent nothing were all held open. Here:
- workers x threads requests run at once (GRAPH_APP_SERVE_WORKERS, GRAPH_APP_SERVE_THREADS);
- a connection that has sent nothing waits in the worker's poller, not in a thread, and is closed after
  KEEPALIVE_S (BoundedThreadWorker: gunicorn's own gthread worker gives each new connection a thread for up to
  5 s first, so 300 silent clients queued a normal visitor behind minutes of waiting);
- every read from a client times out after READ_TIMEOUT_S (a request that stops half-way frees its thread);
- the request line and headers are capped; workers that stop answering the arbiter are replaced.
A client that trickles one byte every few seconds can still hold a thread; in front of the open internet
put a reverse proxy that buffers requests (nginx), as for any Python server.
"""

from __future__ import annotations

import ctypes
import errno
import signal
import socket
import sys
from pathlib import Path

from gunicorn.workers import gthread

from .config import Settings

READ_TIMEOUT_S = 10.0  # longest wait for the next bytes of a request that has started
KEEPALIVE_S = 5  # an idle (or silent new) connection is closed after this
WORKER_TIMEOUT_S = 120  # a worker silent this long is replaced (the first graph projection takes a minute)
GRACEFUL_TIMEOUT_S = 30  # on restart or stop, requests under way get this long to finish
WORKER_CONNECTIONS = 1000  # open connections per worker (most of them idle in the poller)


class _TimedSocket(socket.socket):
    """A client socket whose blocking mode always has a read timeout (gunicorn sets blocking mode itself)."""

    __slots__ = ()

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(READ_TIMEOUT_S)
        else:
            super().setblocking(False)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the gunicorn arbiter dies. Without it, a kill -9 of the server
    leaves its workers answering on the old socket for a while, so a restarted server races its orphans."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl in this libc: orphans still exit at gunicorn's own check
            pass


class BoundedThreadWorker(gthread.ThreadWorker):
    """gunicorn's gthread worker with a read timeout on every client socket, and new connections that
    have sent nothing yet left in the poller instead of occupying a thread."""

    def init_process(self) -> None:
        _die_with_parent()
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        client_sock.__class__ = _TimedSocket  # same layout (no new slots): only setblocking differs
        self.nr_conns += 1
        conn = gthread.TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        self.enqueue_req(conn)

    def handle(self, conn: gthread.TConn) -> object:
        if not conn.initialized and not conn.data_ready and not conn.wait_for_data(0):
            return gthread._DEFER  # nothing sent yet: wait in the poller (closed after the keep-alive time)
        return super().handle(conn)


def gunicorn_argv(
    settings: Settings, host: str, port: int, workers: int | None = None, threads: int | None = None
) -> list[str]:
    """The gunicorn command line for `graph-app serve`."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return [
        gunicorn,
        "--workers",
        str(workers or settings.serve_workers),
        "--worker-class",
        "graph_app.serving.BoundedThreadWorker",
        "--threads",
        str(threads or settings.serve_threads),
        "--worker-connections",
        str(WORKER_CONNECTIONS),
        "--timeout",
        str(WORKER_TIMEOUT_S),
        "--graceful-timeout",
        str(GRACEFUL_TIMEOUT_S),
        "--keep-alive",
        str(KEEPALIVE_S),
        "--limit-request-line",
        "8190",
        "--limit-request-fields",
        "100",
        "--limit-request-field_size",
        "8190",
        "--bind",
        f"{host}:{port}",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        *_no_control_socket(),
        "graph_app.wsgi:app",
    ]


def _no_control_socket() -> list[str]:
    """gunicorn's control socket (newer releases) has one default path per user, shared by every server that
    user starts, so a second server (tests, a blue-green restart) takes over the first's; the app does not
    use it. Older gunicorns have no such socket and would refuse the flag."""
    from gunicorn import config

    return ["--no-control-socket"] if hasattr(config, "ControlSocketDisable") else []
