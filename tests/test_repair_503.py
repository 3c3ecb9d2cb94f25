"""A missing store, a corrupt search index or a corrupt private database (issue 12, low): visitors get a 503
that says the service is being repaired (JSON for JSON clients), never a generic 500, and the cause is
logged. Each case breaks a copy of the session's build. A PostgreSQL private database (issue 20) has no file to
corrupt: its equivalents are a server that does not answer and a database that was dropped, run in both modes
(the corrupt file case is skipped in `make test-postgres`, where the private database is never that file)."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import replace

import psycopg
import pytest
from postgres_server import SQLITE_ONLY
from server_process import free_port

from graph_app.layout import Layout

pytestmark = pytest.mark.slow


def break_store(settings, request) -> None:
    shutil.rmtree(Layout(settings.data_dir).current().store_path)


def no_build(settings, request) -> None:
    (settings.data_dir / "current").unlink()


def corrupt_search(settings, request) -> None:
    Layout(settings.data_dir).current().search_path.write_bytes(b"not a database " * 400)


def corrupt_private(settings, request) -> None:
    if SQLITE_ONLY:
        pytest.skip("make test-postgres: the private database is PostgreSQL's, not this file (see the cases below)")
    settings.private_db.parent.mkdir(parents=True, exist_ok=True)
    settings.private_db.write_bytes(b"not a database " * 400)


def unreachable_private(settings, request) -> None:
    """GRAPH_APP_DATABASE_URL names a PostgreSQL server that does not answer (nothing listens on the port)."""
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/private"
    request.getfixturevalue("monkeypatch").setenv("GRAPH_APP_DATABASE_URL", url)


def dropped_private(settings, request) -> None:
    """GRAPH_APP_DATABASE_URL names a database on a real PostgreSQL server that has been dropped."""
    cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{url.rsplit("/", 1)[-1]}"')  # a name the cluster made
    request.getfixturevalue("monkeypatch").setenv("GRAPH_APP_DATABASE_URL", url)


CASES = {  # how to break it, a page that needs what is broken, what the log must name
    "missing store": (break_store, "/id/need/autism", "no store at"),
    "no build at all": (no_build, "/glossary", "no built store"),
    "corrupt search index": (corrupt_search, "/search?q=autism", "file is not a database"),
    "corrupt private database": (corrupt_private, "/staff/login", "file is not a database"),
    "private database server not answering": (unreachable_private, "/staff/login", "Connection refused"),
    "private database dropped": (dropped_private, "/staff/login", "does not exist"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_visitors_get_a_plain_503_and_the_cause_is_logged(built, tmp_path, caplog, case, make_app, request):
    data_dir = tmp_path / "var"
    shutil.copytree(built.data_dir, data_dir, symlinks=True, ignore=shutil.ignore_patterns("private"))
    settings = replace(built, data_dir=data_dir, private_db_path=tmp_path / "private" / "private.sqlite")
    damage, path, cause = CASES[case]
    damage(settings, request)
    app = make_app(settings, TESTING=False)
    client = app.test_client()
    caplog.set_level(logging.ERROR)
    if path == "/staff/login":  # the private database is read when a form is sent
        form = client.get(path).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        page = client.post(path, data={"email": "a@example.org", "password": "x" * 12, "csrf_token": token})
        json = client.post(
            path,
            data={"email": "a@example.org", "password": "x" * 12, "csrf_token": token},
            headers={"Accept": "application/json"},
        )
    else:
        page = client.get(path)
        json = client.get(path, headers={"Accept": "application/json"})
    assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0
    html = page.get_data(as_text=True)
    assert "being repaired" in html and "Traceback" not in html and str(data_dir) not in html
    assert "127.0.0.1" not in html and "postgresql" not in html  # nor where the private database is
    assert json.status_code == 503 and json.is_json and json.get_json()["error"] == "The service is being repaired"
    assert any(cause in record.getMessage() for record in caplog.records), [r.getMessage() for r in caplog.records]
