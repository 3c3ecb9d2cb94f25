"""A real `graph-app serve` subprocess on a free loopback port, for tests whose requests change the store.

Its log goes to a file (settings.data_dir/server.log), never to an unread pipe: a full pipe would block the
server mid-test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from graph_app.config import Settings


@contextmanager
def app_server(settings: Settings) -> Iterator[str]:
    """Serve the embedded store of `settings` (its own private database) and yield the base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(settings.data_dir)}
    for name in ("GRAPH_APP_SPARQL_URL", "GRAPH_APP_SPARQL_UPDATE_URL", "GRAPH_APP_PRIVATE_DB"):
        env.pop(name, None)
    log = settings.data_dir / "server.log"  # the server's own log (request lines), read by some tests
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(url + "/staff/login", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):  # gunicorn listens before its workers are up
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {log.read_text()!r}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=40)  # gunicorn lets requests under way finish (graceful timeout 30 s)
