"""Several machines, one PostgreSQL private database (issue 20): two app processes, each with its own data folder
and GRAPH_APP_DATABASE_URL naming the same database, see each other's comments, feedback and staff sign-ins;
and publishers with separate data folders take turns under the PostgreSQL advisory lock (where the file lock of
the SQLite set-up, being per folder, lets them overlap: the control that shows the check can fail)."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import replace

import pytest
import requests
from server_process import app_server
from staff_helpers import csrf_from

from graph_app.private import accounts
from graph_app.private.db import PrivateDB

pytestmark = pytest.mark.slow
REFERENCE = re.compile(r"FB-[2-9A-Z]{4}-[2-9A-Z]{4}")
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture
def shared_url(postgres_cluster) -> str:
    return postgres_cluster.new_database()


def machine(built, tmp_path, name: str):
    """A machine's own data folder: a copy of the build, its own search index and secret-key file."""
    data_dir = tmp_path / name / "var"
    shutil.copytree(built.data_dir, data_dir, symlinks=True)
    return replace(built, data_dir=data_dir, private_db_path=None)


def test_comments_feedback_and_sign_in_through_one_machine_are_seen_by_the_other(built, tmp_path, shared_url):
    first, second = machine(built, tmp_path, "a"), machine(built, tmp_path, "b")
    # the machines of one deployment share the database and the key that signs session cookies
    env = {"GRAPH_APP_DATABASE_URL": shared_url, "GRAPH_APP_SECRET_KEY": secrets.token_hex(32)}
    password = "correct horse " + secrets.token_hex(6)
    db = PrivateDB(tmp_path / "unused.sqlite", url=shared_url)
    accounts.create_user(db, "mod@staff.example.org", "Mo Derator", "moderator", password=password)
    marker = "Quokka" + secrets.token_hex(4)
    with app_server(first, env=env, workers=1) as a, app_server(second, env=env, workers=1) as b:
        visitor = requests.Session()
        form = visitor.get(a + "/comments/new", params={"page": "/id/need/autism"}, timeout=30)
        posted = visitor.post(
            a + "/comments",
            data={
                "csrf_token": csrf_from(form.text),
                "page": "/id/need/autism",
                "comment": f"{marker} comment",
                "name": "",
                "email": "",
            },
            allow_redirects=False,
            timeout=30,
        )
        assert posted.status_code == 303, posted.text[:300]
        service = _a_service(a)
        form = visitor.get(a + "/feedback/new", params={"about": f"service/{service}"}, timeout=30)
        posted = visitor.post(
            a + "/feedback",
            data={
                "about": f"service/{service}",
                "message": f"The {marker} ramp is broken.",
                "name": "Pat",
                "email": "pat@example.org",
                "csrf_token": csrf_from(form.text),
            },
            timeout=30,
        )
        assert posted.status_code == 200 and REFERENCE.search(posted.text), posted.text[:300]
        reference = REFERENCE.search(posted.text).group(0)

        staff = requests.Session()  # signs in on the second machine
        form = staff.get(b + "/staff/login", timeout=30)
        signed = staff.post(
            b + "/staff/login",
            data={"email": "mod@staff.example.org", "password": password, "csrf_token": csrf_from(form.text)},
            allow_redirects=False,
            timeout=30,
        )
        assert signed.status_code == 303, signed.text[:300]
        assert f"{marker} comment" in staff.get(b + "/staff/comments", timeout=30).text
        assert reference in staff.get(b + "/staff/feedback", timeout=30).text
        # the session begun on the second machine is good on the first (and ends on both when it ends)
        queue = staff.get(a + "/staff/comments/", allow_redirects=False, timeout=30)
        assert queue.status_code == 200 and f"{marker} comment" in queue.text
        assert requests.get(a + "/staff/comments/", allow_redirects=False, timeout=30).status_code in (302, 303)


def _a_service(base: str) -> str:
    query = "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?s WHERE { ?s a lo:Service } ORDER BY ?s LIMIT 1"
    answer = requests.post(
        base + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    assert answer.status_code == 200, answer.text[:300]
    return answer.json()["results"]["bindings"][0]["s"]["value"].removeprefix(ID + "service/")


PUBLISHER = """
import json, sys, time
from pathlib import Path
from graph_app.config import Settings
from graph_app.live import live_lock
settings = Settings(data_dir=Path(sys.argv[1]))
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # both begin together, whatever their start-up took
held = []
for _ in range(3):
    with live_lock(settings):
        began = time.time(); time.sleep(0.3); held.append((began, time.time()))
print(json.dumps(held))
"""


def _turns(tmp_path, url: str | None) -> list[tuple[float, float]]:
    """Two publisher processes, each with its own data folder, each holding the live lock three times."""
    env = {**_environ_without_database(), **({"GRAPH_APP_DATABASE_URL": url} if url else {})}
    begin = str(time.time() + 8)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, str(tmp_path / f"machine-{n}"), begin], stdout=subprocess.PIPE, env=env
        )
        for n in (1, 2)
    ]
    held: list[tuple[float, float]] = []
    for run in runs:
        out, _ = run.communicate(timeout=120)
        assert run.returncode == 0
        held += [tuple(pair) for pair in json.loads(out)]
    return sorted(held)


def _overlaps(held: list[tuple[float, float]]) -> int:
    return sum(1 for (_, end), (start, _) in zip(held, held[1:], strict=False) if start < end)


def _environ_without_database() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("GRAPH_APP_DATABASE_URL", "GRAPH_APP_DATA_DIR")}


def test_publishers_on_two_machines_take_turns_under_the_advisory_lock(tmp_path, shared_url):
    held = _turns(tmp_path / "postgres", shared_url)
    assert len(held) == 6 and _overlaps(held) == 0


def test_without_postgresql_the_per_folder_file_locks_let_them_overlap(tmp_path):
    held = _turns(tmp_path / "files", None)
    assert len(held) == 6 and _overlaps(held) > 0  # why several machines need the shared lock
