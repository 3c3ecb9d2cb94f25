"""The public history of versions saved before it existed (graph_app/live/backfill.py): versions published
without their PROV-O activity (as every save was before issue 16) get one when the app first starts after the
upgrade, or from `graph-app history backfill`: the right kind of change, the fields it changed, the time it
was saved and the organisation, never the person; running it again adds nothing and publishes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from live_helpers import LO, copy_build, current_store, statements
from postgres_server import database_env
from staff_helpers import make_staff

from graph_app.live import Replace, publish, records, versions
from graph_app.live.history import change_iri
from graph_app.private import open_private_db

PROV = "http://www.w3.org/ns/prov#"
DESCRIPTION = "http://purl.org/dc/terms/description"
ALLOWED = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    LO + "changeOf",
    LO + "changeKind",
    LO + "changedField",
    PROV + "startedAtTime",
    PROV + "endedAtTime",
    PROV + "wasAssociatedWith",
}


@pytest.fixture(scope="module")
def old_saves(built, tmp_path_factory):
    """A copy of the build where an editor saved one service twice the old way: each version in the private
    database and published, with no activity (a changed description, then only a new review date)."""
    settings = copy_build(built, tmp_path_factory.mktemp("backfill") / "data")
    store = current_store(settings)
    row = store.select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider }}"
        " ORDER BY ?service LIMIT 1"
    )[0]
    provider, service = row["provider"].value, row["service"].value
    user, _ = make_staff(settings, "editor", provider)
    db = open_private_db(settings)
    id_base = settings.base + "id/"
    kind, slug = service[len(id_base) :].split("/", 1)
    library = records_library(settings)
    record = records.load(store, library, id_base, kind, slug)
    record.parts = {}  # saved the old way: a version was the record and its answers (no own parts yet, issue 18)
    original = [t for t in record.triples if t.subject.value == service]

    def save(triples: list[ox.Triple], based_on: int, when: str) -> None:
        text = "\n".join(f"{t} ." for t in triples)
        number = versions.reserve(db, service, based_on, record.ntriples(), text, user.id, user.name, "old save")
        seq = publish(settings, [Replace(service, text)], actor=f"{user.name} (staff account {user.id})", summary="x")
        versions.confirm(db, service, number, seq)
        with db.connect() as connection:
            connection.execute(
                "UPDATE record_versions SET created_at = ? WHERE record_iri = ? AND version = ?",
                (when, service, number),
            )

    described = [t for t in original if t.predicate.value != DESCRIPTION]
    described.append(ox.Triple(ox.NamedNode(service), ox.NamedNode(DESCRIPTION), ox.Literal("Now on Saturdays too.")))
    save(described, 0, "2026-03-02T09:30:00+00:00")
    checked = [t for t in described if t.predicate.value != LO + "lastReviewed"]
    checked.append(
        ox.Triple(
            ox.NamedNode(service),
            ox.NamedNode(LO + "lastReviewed"),
            ox.Literal("2026-04-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        )
    )
    save(checked, 1, "2026-04-01T14:00:00+00:00")
    return settings, service, provider, user


def records_library(settings):
    from graph_app.queries import QueryLibrary

    return QueryLibrary(settings.queries_dir)


def _journal_size(settings) -> int:
    with open_private_db(settings).connect() as connection:
        return connection.execute("SELECT count(*) FROM public_changes").fetchone()[0]


def _cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(settings.data_dir), **database_env(settings)}
    return subprocess.run(
        [sys.executable, "-m", "graph_app.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_old_versions_have_no_public_history_yet(old_saves) -> None:
    settings, service, _, _ = old_saves
    store = current_store(settings)
    assert not store.select(f"SELECT ?c WHERE {{ ?c <{LO}changeOf> <{service}> }}")


def test_the_first_start_after_the_upgrade_writes_it(old_saves, make_module_app) -> None:
    settings, service, provider, user = old_saves
    before = _journal_size(settings)
    make_module_app(settings)  # the app's start: journal recovery, then the backfill, once
    assert _journal_size(settings) == before + 1  # both activities in one journal entry
    store = current_store(settings)
    id_base = settings.base + "id/"
    edited = statements(store, change_iri(id_base, service, 1))
    checked = statements(store, change_iri(id_base, service, 2))
    values = {t.predicate.value: t.object.value for t in edited if t.predicate.value != LO + "changedField"}
    assert values[LO + "changeKind"] == LO + "ChangeEdited"
    assert values[PROV + "startedAtTime"] == "2026-03-02T09:30:00Z"
    assert values[PROV + "wasAssociatedWith"] == provider  # the editor's provider, never the person
    assert {t.object.value for t in edited if t.predicate.value == LO + "changedField"} == {DESCRIPTION}
    assert any(t.object.value == LO + "ChangeChecked" for t in checked)
    for triple in [*edited, *checked]:
        assert triple.predicate.value in ALLOWED
        assert user.name not in triple.object.value and user.email not in triple.object.value
    # the record links its history (derived by the publish rules)
    assert store.select(f"SELECT ?c WHERE {{ <{service}> <{LO}changeHistory> ?c }}")


def test_the_command_run_again_adds_nothing(old_saves) -> None:
    settings, service, _, _ = old_saves
    before, size = _journal_size(settings), len(current_store(settings).pyoxigraph_store)
    result = _cli(settings, "history", "backfill")
    assert result.returncode == 0, result.stderr
    assert "Every version has its history." in result.stdout
    assert _journal_size(settings) == before and len(current_store(settings).pyoxigraph_store) == size


def test_the_command_writes_what_is_missing(old_saves) -> None:
    settings, service, _, _ = old_saves
    change = change_iri(settings.base + "id/", service, 2)
    publish(settings, [Replace(change, "")], actor="test", summary="remove one activity")  # as if never written
    assert not statements(current_store(settings), change)
    result = _cli(settings, "history", "backfill")
    assert result.returncode == 0, result.stderr
    assert "Wrote the public history of 1 earlier version(s)." in result.stdout
    assert statements(current_store(settings), change)
