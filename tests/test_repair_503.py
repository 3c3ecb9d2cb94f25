"""A missing store, a corrupt search index or a corrupt private database (issue 12, low): visitors get a 503
that says the service is being repaired (JSON for JSON clients), never a generic 500, and the cause is
logged. Each case breaks a copy of the session's build."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import replace

import pytest

from graph_app.layout import Layout

pytestmark = pytest.mark.slow


def break_store(settings) -> None:
    shutil.rmtree(Layout(settings.data_dir).current().store_path)


def no_build(settings) -> None:
    (settings.data_dir / "current").unlink()


def corrupt_search(settings) -> None:
    Layout(settings.data_dir).current().search_path.write_bytes(b"not a database " * 400)


def corrupt_private(settings) -> None:
    settings.private_db.parent.mkdir(parents=True, exist_ok=True)
    settings.private_db.write_bytes(b"not a database " * 400)


CASES = {  # how to break it, a page that needs what is broken, what the log must name
    "missing store": (break_store, "/id/need/autism", "no store at"),
    "no build at all": (no_build, "/glossary", "no built store"),
    "corrupt search index": (corrupt_search, "/search?q=autism", "file is not a database"),
    "corrupt private database": (corrupt_private, "/staff/login", "file is not a database"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_visitors_get_a_plain_503_and_the_cause_is_logged(built, tmp_path, caplog, case, make_app):
    data_dir = tmp_path / "var"
    shutil.copytree(built.data_dir, data_dir, symlinks=True, ignore=shutil.ignore_patterns("private"))
    settings = replace(built, data_dir=data_dir, private_db_path=tmp_path / "private" / "private.sqlite")
    damage, path, cause = CASES[case]
    damage(settings)
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
    assert json.status_code == 503 and json.is_json and json.get_json()["error"] == "The service is being repaired"
    assert any(cause in record.getMessage() for record in caplog.records), [r.getMessage() for r in caplog.records]
