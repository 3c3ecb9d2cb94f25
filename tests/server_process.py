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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from graph_app.config import PROJECT_ROOT, Settings
from graph_app.store_dialects import VIRTUOSO_BUILD_GRAPH as VIRTUOSO_GRAPH

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

    def stop_in_background(self) -> None:
        """SIGTERM, and reaped by a thread: for a server whose tests are over, so the next tests need not wait
        the 5-10 s its workers take to exit (stop() above is for tests about stopping)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        process = self.process

        def reap() -> None:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)

        threading.Thread(target=reap, name=f"reap-{self.port}", daemon=True).start()

    def log_tail(self, size: int = 3000) -> str:
        return self.log.read_bytes()[-size:].decode(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> ServerProcess:
        return self.start() if self.process is None else self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _gunicorn_has_control_socket() -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS)


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
    if _gunicorn_has_control_socket():
        # gunicorn 27's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): the tests' servers
        # would take it from each other, and stopping it costs its master up to 4 s
        variables["GUNICORN_CMD_ARGS"] = (variables.get("GUNICORN_CMD_ARGS", "") + " --no-control-socket").strip()
    if os.environ.get("GRAPH_APP_TEST_DATABASE") == "postgres":
        from postgres_server import database_env

        # make test-postgres: every app process uses its private database path's PostgreSQL database, as the
        # test process does (a browser test's staff account, a comment it checks), never a SQLite file beside
        variables.update(database_env(settings))
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
    """Serve `settings` (see app_process for the options) and yield the base URL; stopped afterwards (in the
    background: nothing after the block talks to it)."""
    server = app_process(settings, **options).start()
    try:
        yield server.url
    finally:
        server.stop_in_background()


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


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
CaseMode = 2
VADInstallDir = {dir}/vad

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binaries() -> tuple[str, str]:
    """virtuoso-t and isql-vt (Debian: virtuoso-opensource-7-bin; `make test-virtuoso` installs it)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not isql:
        pytest.fail("Virtuoso is not installed: `bash tests/prerequisites.sh virtuoso` (as root) installs it")
    return server, isql


class VirtuosoProcess(ServerProcess):
    """`virtuoso-t +foreground` over a fresh database folder on two free loopback ports (SQL for isql-vt,
    HTTP for /sparql). `load(ntriples)` puts a file into VIRTUOSO_GRAPH and makes that graph the default
    graph of every /sparql request, so the app's queries (which name no graph) see the build and not
    Virtuoso's own system graphs. Read-only for SPARQL clients: the anonymous SPARQL user may not update."""

    def __init__(self, binaries: tuple[str, str], folder: Path):
        self.isql, self.folder, self.sql_port = binaries[1], folder, free_port()
        port = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=self.sql_port, http_port=port), encoding="utf-8")
        argv = [binaries[0], "+foreground", "+configfile", str(ini)]
        super().__init__(argv, port, "/sparql?query=ASK%20%7B%7D", folder / "virtuoso-stdout.log")
        self.sparql_url = self.url + "/sparql"

    def sql(self, statements: str) -> str:
        """Run SQL statements through isql-vt as dba (the test database's default password)."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done.stdout

    def load(self, ntriples: Path) -> None:
        """Bulk-load an N-Triples file (it must sit in this server's folder, which DirsAllowed names)."""
        if ntriples.parent.resolve() != self.folder.resolve():
            raise ValueError(f"{ntriples} must be in {self.folder}")
        self.sql(
            f"SPARQL CLEAR GRAPH <{VIRTUOSO_GRAPH}>; DELETE FROM DB.DBA.load_list; "
            f"ld_dir('{self.folder}', '{ntriples.name}', '{VIRTUOSO_GRAPH}'); rdf_loader_run(); "
            "DELETE FROM DB.DBA.SYS_SPARQL_HOST WHERE SH_HOST = '*'; "
            f"INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) VALUES ('*', '{VIRTUOSO_GRAPH}'); "
            "checkpoint;"
        )
        failed = self.sql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in failed:
            raise RuntimeError(f"Virtuoso could not load {ntriples}: {failed[-2000:]}")


def virtuoso_process(binaries: tuple[str, str], folder: Path) -> VirtuosoProcess:
    """A Virtuoso server over a new database in `folder`, not yet started (`with ... as server:`)."""
    return VirtuosoProcess(binaries, folder)
