"""The one way tests start a server: a real process on a free loopback port, waited for until it answers,
stopped (or killed with -9) like an operator would. `graph-app serve` (gunicorn, or Werkzeug with dev=True),
gunicorn over another app factory (the soak's raised limits), and `oxigraph serve` (the remote store).

Its log goes to a file (settings.data_dir/server.log for the app, appended to by every server over that
folder), never to an unread pipe: a full pipe would block the server mid-test."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from graph_app.config import PROJECT_ROOT, Settings

TESTS = Path(__file__).resolve().parent
START_S = 90.0  # a cold first page on busy shared cores; gunicorn listens before its workers are up
# the app's location settings come from the Settings given, never from the caller's environment
LOCATION_VARIABLES = (
    "GRAPH_APP_DATA_DIR",
    "GRAPH_APP_SPARQL_URL",
    "GRAPH_APP_SPARQL_UPDATE_URL",
    "GRAPH_APP_PRIVATE_DB",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """A server command on a fixed loopback port: `start()` waits until `ready_path` answers; `stop()` lets it
    finish requests under way; `kill()` is kill -9 (no cleanup handler runs). Restartable on the same port."""

    def __init__(self, argv: list[str], port: int, ready_path: str, log: Path, env: dict[str, str] | None = None):
        self.argv, self.port, self.ready_path, self.log, self.env = argv, port, ready_path, log, env
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> ServerProcess:
        with self.log.open("ab") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                self.argv, env=self.env, cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        deadline = time.monotonic() + START_S
        while True:
            try:
                requests.get(self.url + self.ready_path, timeout=30)
                return self
            except (requests.ConnectionError, requests.Timeout):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"{self.argv[:4]} did not start: {self.log_tail()!r}") from None
                time.sleep(0.2)

    def kill(self) -> None:
        """kill -9, the way a power cut or the OOM killer ends it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM: gunicorn lets requests under way finish (graceful timeout 30 s), then exits."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, size: int = 3000) -> str:
        return self.log.read_bytes()[-size:].decode(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> ServerProcess:
        return self.start() if self.process is None else self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def app_process(
    settings: Settings,
    *,
    workers: int | None = None,
    threads: int | None = None,
    dev: bool = False,
    app_factory: str | None = None,
    env: dict[str, str] | None = None,
    ready_path: str = "/staff/login",
) -> ServerProcess:
    """The app over `settings` (embedded store, or remote when settings.sparql_url is set; its private
    database), not yet started. `app_factory` ("module:callable()" in tests/) serves another factory with
    the same gunicorn command line as `graph-app serve`; `dev` is Werkzeug's server; `env` adds variables."""
    port = free_port()
    variables = {key: value for key, value in os.environ.items() if key not in LOCATION_VARIABLES}
    variables["GRAPH_APP_DATA_DIR"] = str(settings.data_dir)
    for name, value in (
        ("GRAPH_APP_SPARQL_URL", settings.sparql_url),
        ("GRAPH_APP_SPARQL_UPDATE_URL", settings.sparql_update_url),
        ("GRAPH_APP_PRIVATE_DB", settings.private_db_path),
    ):
        if value:
            variables[name] = str(value)
    variables.update(env or {})
    if app_factory:
        from graph_app.serving import gunicorn_argv

        argv = gunicorn_argv(settings, "127.0.0.1", port, workers, threads)[:-1]
        argv += ["--pythonpath", str(TESTS), app_factory]
    else:
        argv = [sys.executable, "-m", "graph_app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        argv += ["--dev"] if dev else []
        argv += ["--workers", str(workers)] if workers else []
        argv += ["--threads", str(threads)] if threads else []
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return ServerProcess(argv, port, ready_path, settings.data_dir / "server.log", variables)


@contextmanager
def app_server(settings: Settings, **options) -> Iterator[str]:
    """Serve `settings` (see app_process for the options) and yield the base URL; stopped afterwards."""
    with app_process(settings, **options) as server:
        yield server.url


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is not installed: `pip install oxigraph` (make test does)")
    return found


def oxigraph_process(binary: str, location: Path) -> ServerProcess:
    """`oxigraph serve` over an empty (or existing) store folder, not yet started."""
    port = free_port()
    argv = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    return ServerProcess(argv, port, "/query?query=ASK%20%7B%7D", location.parent / f"oxigraph-{port}.log")
