"""A saved edit survives a server restart and a kill -9 right after the save returns: `graph-app serve` as a
real process on a free port with its own data folder, driven over HTTP like a browser would. In `make
test-postgres` the server is given its private database's PostgreSQL URL (the journal and the sessions live
there; the kill -9 is the app's, the database server keeps running, and what it committed must be served)."""

from __future__ import annotations

import pytest
import requests
from live_helpers import LO, copy_build, current_store, form_data, with_description
from postgres_server import database_env
from server_process import ServerProcess, app_process
from staff_helpers import csrf_from, make_staff

from graph_app.live import Replace, journal
from graph_app.private.db import open_private_db


@pytest.fixture
def server_settings(built, tmp_path):
    return copy_build(built, tmp_path / "data")


@pytest.fixture
def server(server_settings):
    with app_process(server_settings, workers=1, env=database_env(server_settings)) as running:
        yield running


def _editor_session(server: ServerProcess, settings) -> tuple[requests.Session, str]:
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


def _save(server: ServerProcess, session: requests.Session, slug: str, words: str) -> None:
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
    with app_process(server_settings, workers=1, env=database_env(server_settings)) as server:
        page = requests.get(f"{server.url}/id/service/{slug_row.rsplit('/', 1)[-1]}", timeout=10).text
        assert "Journalled before the crash." in page


def test_every_worker_process_serves_the_change_at_once(server_settings):
    """gunicorn with two workers: the save goes through one; both serve the new generation straight away."""
    with app_process(server_settings, workers=2, env=database_env(server_settings)) as server:
        session, slug = _editor_session(server, server_settings)
        for _ in range(4):  # each worker has the old build open before the change
            requests.get(f"{server.url}/id/service/{slug}", timeout=30)
        _save(server, session, slug, "Seen by every worker.")
        pages = [requests.get(f"{server.url}/id/service/{slug}", timeout=30).text for _ in range(8)]
        assert all("Seen by every worker." in page for page in pages)
