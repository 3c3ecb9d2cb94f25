"""Every machine's search index follows the edit journal (issue 20, graph_app/search/follow.py): two Flask apps
with their own data folders (so their own search indexes), one real `oxigraph serve` as the remote store and
one shared private database, on SQLite (one file both name) and on a real PostgreSQL server. An edit published
through app A is found by a search on app B, its old name no longer is, a removed record disappears, and a
machine that was down catches up on every entry it missed, the last change of a record winning."""

from __future__ import annotations

import os
import random
import sqlite3
import string
import time
from dataclasses import dataclass, replace

import pytest
import requests
from flask import Flask
from live_helpers import LO, copy_build, current_store, form_data, statements
from postgres_server import SQLITE_ONLY
from server_process import app_server, oxigraph_binary, oxigraph_process
from staff_helpers import login, make_staff

from graph_app.config import Settings
from graph_app.layout import Layout
from graph_app.live import Replace, publish
from graph_app.live.journal import last_seq
from graph_app.private.db import open_private_db
from graph_app.store import RemoteStore

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class Fleet:
    a: Settings
    b: Settings
    remote: RemoteStore
    make_app: object  # conftest.AppMaker

    def app(self, settings: Settings, follow_seconds: float = 0) -> Flask:
        return self.make_app(settings, SEARCH_FOLLOW_SECONDS=follow_seconds)


@pytest.fixture(params=["sqlite", "postgres"])
def fleet(request, built, tmp_path, make_app, monkeypatch):
    """Two machines' data folders (copies of the session's build), one oxigraph server holding the same graph,
    one private database: a SQLite file both name, or a PostgreSQL database (GRAPH_APP_DATABASE_URL)."""
    if request.param == "sqlite" and SQLITE_ONLY:
        pytest.skip("make test-postgres: every private database path is a PostgreSQL database, no SQLite file to share")
    if request.param == "postgres":
        monkeypatch.setenv("GRAPH_APP_DATABASE_URL", request.getfixturevalue("postgres_cluster").new_database())
    else:
        monkeypatch.delenv("GRAPH_APP_DATABASE_URL", raising=False)
    shared_db = tmp_path / "shared-private" / "private.sqlite"
    with oxigraph_process(oxigraph_binary(), tmp_path / "server") as server:
        machines = []
        for name in ("a", "b"):
            settings = copy_build(built, tmp_path / name / "var")
            machines.append(
                replace(
                    settings,
                    private_db_path=shared_db,
                    sparql_url=server.url + "/query",
                    sparql_update_url=server.url + "/update",
                )
            )
        dump = tmp_path / "graph.nt"
        current_store(machines[0]).dump(dump)
        remote = RemoteStore(server.url + "/query")
        remote.replace_graph(dump)
        assert bool(open_private_db(machines[0]).url) == (request.param == "postgres")  # the engine asked for
        yield Fleet(machines[0], machines[1], remote, make_app)
        for app in make_app.made:  # before the folders and the server go
            follower = app.extensions.get("search_follower")
            if follower is not None:
                follower.stop()


def unique_word() -> str:
    return "zq" + "".join(random.choices(string.ascii_lowercase, k=10))


def services(remote: RemoteStore, count: int) -> list[str]:
    rows = remote.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT {count}")
    return [row["s"].value for row in rows]


def renamed(remote: RemoteStore, subject: str, name: str) -> Replace:
    kept = [t for t in statements(remote, subject) if t.predicate.value != LABEL]
    lines = [f"{t} ." for t in kept] + [f'<{subject}> <{LABEL}> "{name}"@en .']
    return Replace(subject, "\n".join(lines))


def found(app: Flask, words: str) -> list[str]:
    """The record addresses a search on this app answers with (its JSON twin, every area)."""
    answer = app.test_client().get("/search.json", query_string={"q": words, "area": "all"})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return [result["url"].rsplit("/id/", 1)[-1] for result in answer.get_json()["results"]]


def slug(iri: str) -> str:
    return iri.rsplit("/id/", 1)[-1]


def vocabulary(settings: Settings) -> set[tuple]:
    """Every word of the index with how many documents use it, English and Welsh or Polish: a row deleted with
    other values than it was inserted with leaves a count that differs from the publisher's own index."""
    with sqlite3.connect(Layout(settings.data_dir).current().search_path) as connection:
        english = connection.execute("SELECT 'en', word, df FROM vocab").fetchall()
        return set(english + connection.execute("SELECT lang, term, df FROM lang_vocab").fetchall())


def applied(settings: Settings) -> int:
    return int(Layout(settings.data_dir).current().manifest().get("journal_seq", 0))


def test_an_edit_published_through_one_app_is_found_by_a_search_on_the_other(fleet):
    app_a, app_b = fleet.app(fleet.a), fleet.app(fleet.b)
    service = services(fleet.remote, 1)[0]
    first, second = unique_word(), unique_word()
    assert found(app_b, first) == []

    # published through app A's edit form, by an editor of the service's provider
    provider = fleet.remote.select(f"SELECT ?p WHERE {{ <{service}> <{LO}providedBy> ?p }} LIMIT 1")[0]["p"].value
    user, password = make_staff(fleet.a, "editor", provider)
    client = app_a.test_client()
    assert login(client, user.email, password).status_code == 303
    data = form_data(client.get(f"/staff/records/{slug(service)}/edit").get_data(as_text=True))
    data["rdfs-label"] = [first.title()]
    saved = client.post(f"/staff/records/{slug(service)}/edit", data=data)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:500]
    assert found(app_a, first) == [slug(service)]  # the publisher's own index, as before
    assert found(app_b, first) == [slug(service)]  # the other machine's, at its next search

    publish(fleet.a, [renamed(fleet.remote, service, second.title())], actor="tester", summary="renamed again")
    assert found(app_b, second) == [slug(service)]
    assert found(app_b, first) == []  # the old name's row really left B's index, not only A's

    publish(fleet.a, [Replace(service, "")], actor="tester", summary="removed")
    assert found(app_b, second) == []
    assert applied(fleet.b) == last_seq(open_private_db(fleet.b)) == applied(fleet.a)
    assert vocabulary(fleet.b) == vocabulary(fleet.a)


def test_the_background_follower_brings_the_index_forward_without_a_search(fleet):
    app_b = fleet.app(fleet.b, follow_seconds=0.3)
    fleet.app(fleet.a)
    before = Layout(fleet.b.data_dir).current().path
    service = services(fleet.remote, 1)[0]
    word = unique_word()
    seq = publish(fleet.a, [renamed(fleet.remote, service, word.title())], actor="tester", summary="renamed")
    deadline = time.monotonic() + 60  # a generous bound on a shared machine: bench_search_follow times it
    while applied(fleet.b) < seq and time.monotonic() < deadline:
        time.sleep(0.1)
    assert applied(fleet.b) == seq  # no request reached B: its thread did it
    assert Layout(fleet.b.data_dir).current().path != before
    assert found(app_b, word) == [slug(service)]


def test_a_machine_that_was_down_catches_up_on_every_entry_it_missed_in_order(fleet):
    first, second, gone = services(fleet.remote, 3)
    words = [unique_word() for _ in range(4)]
    steps = [
        (first, words[0]),
        (second, words[1]),
        (first, words[2]),  # the same record again: the later name wins
        (gone, words[3]),
    ]
    for subject, word in steps:
        publish(fleet.a, [renamed(fleet.remote, subject, word.title())], actor="tester", summary=f"named {word}")
    publish(fleet.a, [Replace(gone, "")], actor="tester", summary="removed")
    assert applied(fleet.b) == 0

    app_b = fleet.app(fleet.b)  # B starts only now
    assert found(app_b, words[2]) == [slug(first)]
    assert found(app_b, words[0]) == []
    assert found(app_b, words[1]) == [slug(second)]
    assert found(app_b, words[3]) == []
    assert applied(fleet.b) == last_seq(open_private_db(fleet.b))
    assert vocabulary(fleet.b) == vocabulary(fleet.a)  # B's index holds what A's does, entry by entry or not


def test_a_machine_that_publishes_before_following_also_takes_what_it_missed(fleet):
    first, second = services(fleet.remote, 2)
    missed, own = unique_word(), unique_word()
    publish(fleet.a, [renamed(fleet.remote, first, missed.title())], actor="tester", summary="on A")
    seq = publish(fleet.b, [renamed(fleet.remote, second, own.title())], actor="tester", summary="on B")
    assert applied(fleet.b) == seq  # B's publish recorded every entry up to its own as applied ...
    app_b = fleet.app(fleet.b)
    assert found(app_b, own) == [slug(second)]
    assert found(app_b, missed) == [slug(first)]  # ... and its index really has A's too


def test_two_workers_of_one_machine_catch_up_once(fleet):
    """The per-machine lock: workers that find the index behind together make one new generation, not two."""
    from concurrent.futures import ThreadPoolExecutor

    from graph_app.search.follow import catch_up

    service = services(fleet.remote, 1)[0]
    seq = publish(fleet.a, [renamed(fleet.remote, service, unique_word())], actor="tester", summary="renamed")
    before = {p.name for p in (fleet.b.data_dir / "builds").iterdir()}
    with ThreadPoolExecutor(4) as pool:
        done = sorted(pool.map(lambda _n: catch_up(fleet.b), range(4)))
    assert done == [0, 0, 0, 1]  # one applied the entry; the others found it applied once they had the lock
    made = {p.name for p in (fleet.b.data_dir / "builds").iterdir()} - before
    assert len(made) == 1 and applied(fleet.b) == seq


def test_two_served_machines_one_follows_the_other_in_its_workers(fleet):
    """`graph-app serve` on each data folder (gunicorn, two workers on B): B's workers' threads bring its index
    forward with no request made to B, then B's search finds the edit."""
    url = os.environ.get("GRAPH_APP_DATABASE_URL")  # the fixture's PostgreSQL database, when it chose one
    env = {"GRAPH_APP_DATABASE_URL": url} if url else {}
    service = services(fleet.remote, 1)[0]
    word = unique_word()
    with app_server(fleet.b, env=env, workers=2) as b:
        seq = publish(fleet.a, [renamed(fleet.remote, service, word.title())], actor="tester", summary="renamed")
        deadline = time.monotonic() + 60  # a generous bound on a shared machine
        while applied(fleet.b) < seq and time.monotonic() < deadline:
            time.sleep(0.2)
        assert applied(fleet.b) == seq
        answer = requests.get(b + "/search.json", params={"q": word, "area": "all"}, timeout=30)
        assert [r["url"].rsplit("/id/", 1)[-1] for r in answer.json()["results"]] == [slug(service)]


def test_an_index_written_before_it_kept_its_texts_follows_from_the_local_copy_of_the_graph(fleet):
    """An index of an older version has no doc_text: the rows are removed with the old texts of the machine's
    local copy of the graph (as its index was indexed), and the local copy is kept in step."""
    with sqlite3.connect(Layout(fleet.b.data_dir).current().search_path) as connection:
        connection.execute("DROP TABLE doc_text")
    service, gone = services(fleet.remote, 2)
    word = unique_word()
    publish(fleet.a, [renamed(fleet.remote, service, word.title())], actor="tester", summary="renamed")
    publish(fleet.a, [Replace(gone, "")], actor="tester", summary="removed")
    app_b = fleet.app(fleet.b)
    assert found(app_b, word) == [slug(service)]
    assert vocabulary(fleet.b) == vocabulary(fleet.a)
    assert statements(current_store(fleet.b), gone) == []  # B's local copy has the removal too
    name = [t.object.value for t in statements(current_store(fleet.b), service) if t.predicate.value == LABEL]
    assert name == [word.title()]
