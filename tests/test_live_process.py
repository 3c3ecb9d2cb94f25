"""A saved edit survives a server restart and a kill -9 right after the save returns: `graph-app serve` as a
real process on a free port with its own data folder, driven over HTTP like a browser would."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from live_helpers import LO, copy_build, current_store, form_data, with_description
from staff_helpers import csrf_from, make_staff

from graph_app.live import Replace, journal
from graph_app.private.db import open_private_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`graph-app serve` over a data folder; start, stop and kill it like an operator would."""

    def __init__(self, data_dir, workers: int = 1) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "GRAPH_APP_DATA_DIR": str(self.data_dir)}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graph_app.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.url + "/staff/login", timeout=5)
                return
            except (requests.ConnectionError, requests.Timeout):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {self.process.stderr.read()!r}") from None
                time.sleep(0.2)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def server_settings(built, tmp_path):
    return copy_build(built, tmp_path / "data")


@pytest.fixture
def server(server_settings):
    running = Server(server_settings.data_dir)
    running.start()
    yield running
    running.stop()


def _editor_session(server: Server, settings) -> tuple[requests.Session, str]:
    store = current_store(settings)
    row = store.select(f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p }} ORDER BY ?s LIMIT 1")[0]
    user, password = make_staff(settings, "editor", row["p"].value)
    session = requests.Session()
    token = csrf_from(session.get(server.url + "/staff/login").text)
    response = session.post(
        server.url + "/staff/login",
        allow_redirects=False,
        data={"email": user.email, "password": password, "csrf_token": token},
    )
    assert response.status_code == 303
    return session, row["s"].value.rsplit("/", 1)[-1]


def _save(server: Server, session: requests.Session, slug: str, words: str) -> None:
    edit = f"{server.url}/staff/records/service/{slug}/edit"
    data = form_data(session.get(edit).text)
    data["dcterms-description"] = [words]
    response = session.post(edit, data=data, allow_redirects=False)
    assert response.status_code == 303, response.text[:2000]


def test_a_saved_edit_survives_kill_9_right_after_the_save(server, server_settings):
    session, slug = _editor_session(server, server_settings)
    _save(server, session, slug, "Saved just before the power went.")
    server.kill()  # no chance to flush or tidy up
    server.start()
    page = requests.get(f"{server.url}/id/service/{slug}", timeout=10).text
    assert "Saved just before the power went." in page
    assert "capybara" not in page


def test_a_saved_edit_survives_a_restart(server, server_settings):
    session, slug = _editor_session(server, server_settings)
    _save(server, session, slug, "Saved before a planned restart.")
    server.stop()
    server.start()
    page = requests.get(f"{server.url}/id/service/{slug}", timeout=30)
    assert "Saved before a planned restart." in page.text, (page.status_code, page.text[-2000:])
    # the versions survive too, and so does the editor's session (its secret key is on disk)
    history = session.get(f"{server.url}/staff/records/service/{slug}/versions", timeout=30)
    assert history.status_code == 200, (history.status_code, history.url)
    assert "Version 1" in history.text and "As published before any edit" in history.text, history.text[-3000:]


def test_a_change_journalled_but_never_swapped_is_applied_when_the_app_starts(server_settings):
    """A crash between the journal commit and the swap: the next start applies it."""
    store = current_store(server_settings)
    slug_row = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 1")[0]["s"].value
    journal.append(
        open_private_db(server_settings),
        [Replace(slug_row, with_description(store, slug_row, "Journalled before the crash."))],
        "tester",
        "crash",
    )
    server = Server(server_settings.data_dir)
    server.start()
    try:
        page = requests.get(f"{server.url}/id/service/{slug_row.rsplit('/', 1)[-1]}", timeout=10).text
        assert "Journalled before the crash." in page
    finally:
        server.stop()


def test_every_worker_process_serves_the_change_at_once(server_settings):
    """gunicorn with two workers: the save goes through one; both serve the new generation straight away."""
    server = Server(server_settings.data_dir, workers=2)
    server.start()
    try:
        session, slug = _editor_session(server, server_settings)
        for _ in range(4):  # each worker has the old build open before the change
            requests.get(f"{server.url}/id/service/{slug}", timeout=30)
        _save(server, session, slug, "Seen by every worker.")
        pages = [requests.get(f"{server.url}/id/service/{slug}", timeout=30).text for _ in range(8)]
        assert all("Seen by every worker." in page for page in pages)
    finally:
        server.stop()
