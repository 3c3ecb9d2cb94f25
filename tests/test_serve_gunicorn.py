"""`graph-app serve` runs gunicorn with bounded threads and timeouts (issue 12, item 9): 300 clients that
connect and send nothing (and a few that stop half-way through a request line) are dropped by timeout,
while a normal request is answered meanwhile. Bounded loopback load only."""

from __future__ import annotations

import shutil
import socket
import time
from dataclasses import replace

import pytest
import requests
from server_process import app_server

from graph_app.serving import KEEPALIVE_S, READ_TIMEOUT_S

pytestmark = pytest.mark.slow
SILENT, HALF = 300, 4  # HALF below the threads of one worker: a begun request holds a thread until READ_TIMEOUT_S


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve") / "var"
    shutil.copytree(built.data_dir, data_dir, symlinks=True)
    return replace(built, data_dir=data_dir, private_db_path=None)


def closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def test_serve_is_gunicorn_and_silent_clients_are_dropped_while_others_are_answered(site):
    with app_server(site) as url:
        first = requests.get(url + "/glossary", timeout=10)
        assert first.status_code == 200 and first.headers.get("Server", "").startswith("gunicorn")
        log = (site.data_dir / "server.log").read_text()
        assert "Booting worker" in log and "BoundedThreadWorker" in log and "Werkzeug" not in log
        port = int(url.rsplit(":", 1)[1])
        held = []
        for _ in range(SILENT):
            held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        for _ in range(HALF):  # a request line begun and never finished
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /glossary HTTP/1.1\r\nHost: x")
            held.append(sock)
        opened = time.monotonic()
        answered = requests.get(url + "/glossary", timeout=10)  # another visitor, meanwhile
        assert answered.status_code == 200
        assert time.monotonic() - opened < 5
        deadline = opened + max(KEEPALIVE_S, READ_TIMEOUT_S) + 10
        for sock in held:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
        dropped = sum(closed_by_server(sock) for sock in held)
        for sock in held:
            sock.close()
        assert dropped == SILENT + HALF
        assert requests.get(url + "/glossary", timeout=10).status_code == 200


def test_the_dev_server_only_on_request(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "graph_app.cli", "serve", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "--dev" in done.stdout and "Werkzeug" in done.stdout
