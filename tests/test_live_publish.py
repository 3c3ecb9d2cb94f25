"""Publishing changes into the public graph after a build (graph_app/live), on a real store on disk:
replace and remove semantics with the derived triples, the search index, the journal and its replay after
a crash, a rebuild, two publishing processes at once, and failures that leave the graph as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest
from build_helpers import quiet_build
from live_helpers import (
    DESCRIPTION,
    LO,
    copy_build,
    current_search,
    current_store,
    first_service,
    ntriples,
    statements,
    with_description,
)
from postgres_server import database_env

from graph_app.layout import Layout
from graph_app.live import PublishError, Replace, applied_seq, journal, publish, recover
from graph_app.private.db import open_private_db
from graph_app.search import Filters

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PATHWAY = "https://w3id.org/se7-local-offer/id/pathway/ehc-needs-assessment"
STEP = "https://w3id.org/se7-local-offer/id/step/ehc-03-assessment"


@pytest.fixture
def live(built, tmp_path):
    return copy_build(built, tmp_path / "data")


def _values(store, subject: str, predicate: str) -> set[str]:
    return {t.object.value for t in statements(store, subject) if t.predicate.value == predicate}


def test_replace_changes_the_store_search_and_the_version(live):
    store = current_store(live)
    service = first_service(store)
    old_version = store.version()
    old_build = Layout(live.data_dir).current().build_id
    seq = publish(
        live,
        [Replace(service, with_description(store, service, "Zebrafinch hydrotherapy sessions"))],
        actor="tester",
        summary="new description",
    )
    current = Layout(live.data_dir).current()
    assert current.build_id != old_build
    assert current.manifest()["journal_seq"] == seq and current.manifest()["parent"] == old_build
    new_store = current_store(live)
    assert _values(new_store, service, DESCRIPTION) == {"Zebrafinch hydrotherapy sessions"}
    assert new_store.version() not in (old_version, "unbuilt")  # memoised values are computed afresh
    hits = current_search(live).search("zebrafinch").hits
    assert [h.iri for h in hits] == [service]
    # the old text is gone from the index: a word only the old description had finds nothing now
    old_words = set(" ".join(_values(store, service, DESCRIPTION)).lower().split())
    assert old_words  # the old description existed
    # the untouched build the app may still be reading is unchanged
    assert _values(store, service, DESCRIPTION) != {"Zebrafinch hydrotherapy sessions"}


def test_rules_are_applied_to_the_new_statements(live):
    store = current_store(live)
    service = first_service(store)
    kept = [
        t
        for t in statements(store, service)
        if t.predicate.value not in (LO + "minAge", LO + "maxAge", LO + "forAgeBand")
    ]
    changed = ntriples(kept) + (
        f'\n<{service}> <{LO}minAge> "19"^^<http://www.w3.org/2001/XMLSchema#integer> .'
        f'\n<{service}> <{LO}maxAge> "25"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )
    publish(live, [Replace(service, changed)], actor="tester", summary="ages")
    bands = _values(current_store(live), service, LO + "forAgeBand")
    assert bands == {"https://w3id.org/se7-local-offer/id/age-band/19-25"}
    # the search index's filters follow: the service is found for a 22-year-old, no longer for a 7-year-old
    label = next(iter(_values(current_store(live), service, "http://www.w3.org/2000/01/rdf-schema#label")))
    search = current_search(live)
    assert service in {h.iri for h in search.search(label, limit=50, filters=Filters(age=22)).hits}
    assert service not in {h.iri for h in search.search(label, limit=50, filters=Filters(age=7)).hits}


def test_superclass_types_are_derived_again(live):
    store = current_store(live)
    service = first_service(store)
    kept = [t for t in statements(store, service) if t.predicate.value != RDF_TYPE]
    publish(
        live,
        [Replace(service, ntriples(kept) + f"\n<{service}> <{RDF_TYPE}> <{LO}Service> .")],
        actor="tester",
        summary="types",
    )
    types = _values(current_store(live), service, RDF_TYPE)
    assert LO + "Service" in types
    superclasses = {
        row["super"].value
        for row in store.select(
            f"SELECT ?super WHERE {{ <{LO}Service> <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?super "
            f"FILTER(isIRI(?super)) }}"
        )
    }
    assert superclasses and superclasses <= types


def test_removing_a_link_removes_its_inverse_and_restoring_it_brings_it_back(live):
    store = current_store(live)
    assert PATHWAY in _values(store, STEP, LO + "stepOf")
    pathway = statements(store, PATHWAY)
    without = [t for t in pathway if not (t.predicate.value == LO + "hasStep" and t.object.value == STEP)]
    # the step itself states stepOf too: remove it there as well, so no record says they are linked
    step_without = [t for t in statements(store, STEP) if t.predicate.value != LO + "stepOf"]
    publish(
        live,
        [Replace(PATHWAY, ntriples(without)), Replace(STEP, ntriples(step_without))],
        actor="tester",
        summary="unlink",
    )
    after = current_store(live)
    assert STEP not in _values(after, PATHWAY, LO + "hasStep")
    assert PATHWAY not in _values(after, STEP, LO + "stepOf")
    # the pathway alone says hasStep again: the inverse stepOf comes back on the step
    publish(live, [Replace(PATHWAY, ntriples(pathway))], actor="tester", summary="relink")
    assert PATHWAY in _values(current_store(live), STEP, LO + "stepOf")


def test_removing_a_node_removes_its_inverse_links_and_its_search_entry(live):
    store = current_store(live)
    assert current_search(live).search("Ask for an EHC needs assessment").hits
    step = "https://w3id.org/se7-local-offer/id/step/ehc-01-request"
    pathway = [t for t in statements(store, PATHWAY) if t.object != ox.NamedNode(step)]
    publish(live, [Replace(step, ""), Replace(PATHWAY, ntriples(pathway))], actor="tester", summary="remove")
    after = current_store(live)
    assert statements(after, step) == []
    assert not after.ask(f"ASK {{ ?x ?p <{step}> }}")
    assert step not in {h.iri for h in current_search(live).search("Ask for an EHC needs assessment").hits}


def test_new_node_is_indexed(live):
    service = live.base + "id/service/live-test-new-service"
    text = (
        f"<{service}> <{RDF_TYPE}> <{LO}Service> .\n"
        f'<{service}> <http://www.w3.org/2000/01/rdf-schema#label> "Quokka club"@en .\n'
        f'<{service}> <{DESCRIPTION}> "Saturday sessions"@en .'
    )
    publish(live, [Replace(service, text)], actor="tester", summary="new")
    hits = current_search(live).search("quokka").hits
    assert [h.iri for h in hits] == [service] and hits[0].kind == "service"
    assert len(_values(current_store(live), service, RDF_TYPE)) > 1  # its superclasses were derived


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Replace("https://w3id.org/se7-local-offer/id/service/x", "<a> <b> <c"), "not valid N-Triples"),
        (
            Replace(
                "https://w3id.org/se7-local-offer/id/service/x",
                '<https://w3id.org/se7-local-offer/id/service/y> <http://x/p> "v" .',
            ),
            "only state things about it",
        ),
        (Replace(LO + "Service", ""), "not a record of this graph"),
        (Replace("not an iri", ""), "not a valid IRI"),
        (
            Replace(
                "https://w3id.org/se7-local-offer/id/service/x",
                "<https://w3id.org/se7-local-offer/id/service/x> <http://x/p> _:b .",
            ),
            "blank node",
        ),
    ],
)
def test_bad_changes_are_refused_before_the_journal(live, change, message):
    before = Layout(live.data_dir).current().build_id
    with pytest.raises(PublishError, match=message):
        publish(live, [change], actor="tester", summary="bad")
    assert Layout(live.data_dir).current().build_id == before
    assert not live.private_db.exists() or journal.last_seq(open_private_db(live)) == 0


def test_a_failure_after_the_journal_leaves_the_graph_as_it_was(live):
    store = current_store(live)
    service = first_service(store)
    before = Layout(live.data_dir).current()
    # a damaged search index makes the new generation fail half way
    search_bytes = before.search_path.read_bytes()
    before.search_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(PublishError, match="unchanged"):
        publish(live, [Replace(service, with_description(store, service, "Never seen"))], actor="t", summary="s")
    assert Layout(live.data_dir).current().path == before.path
    assert [p.name for p in (live.data_dir / "builds").iterdir()] == [before.build_id]  # nothing half-made
    state, error = journal.status(open_private_db(live), 1)
    assert state == "failed" and error
    # the failed entry is never replayed: the next publish lands alone
    before.search_path.write_bytes(search_bytes)
    publish(live, [Replace(service, with_description(store, service, "Seen now"))], actor="t", summary="s")
    assert _values(current_store(live), service, DESCRIPTION) == {"Seen now"}


def test_a_crash_between_journal_and_swap_is_recovered(live):
    store = current_store(live)
    service = first_service(store)
    db = open_private_db(live)
    seq = journal.append(
        db,
        [Replace(service, with_description(store, service, "Written before the crash"))],
        "tester",
        "crashed publish",
    )
    assert applied_seq(live) == 0  # the journal has it, the live graph not yet
    assert recover(live) == 1
    assert applied_seq(live) == seq
    assert _values(current_store(live), service, DESCRIPTION) == {"Written before the crash"}
    assert recover(live) == 0  # nothing left to do


def test_a_full_build_replays_the_journal(live, hermit_cache):
    store = current_store(live)
    service = first_service(store)
    seq = publish(
        live,
        [Replace(service, with_description(store, service, "Survives a rebuild"))],
        actor="tester",
        summary="before rebuild",
    )
    quiet_build(live, hermit_cache)
    current = Layout(live.data_dir).current()
    assert "parent" not in current.manifest() and current.manifest()["journal_seq"] == seq
    assert _values(current_store(live), service, DESCRIPTION) == {"Survives a rebuild"}
    assert [h.iri for h in current_search(live).search("survives rebuild").hits][:1] == [service]


PUBLISHER = textwrap.dedent("""
    import sys
    from graph_app.config import settings_from_env
    from graph_app.live import Replace, publish
    from graph_app.store import open_store
    settings = settings_from_env()
    subject, word = sys.argv[1], sys.argv[2]
    for round in range(3):
        store = open_store(settings)
        kept = [t for t in store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": __import__(
            "pyoxigraph").NamedNode(subject)}) if t.predicate.value != "http://purl.org/dc/terms/description"]
        text = "\\n".join(f"{t} ." for t in kept)
        text += f'\\n<{subject}> <http://purl.org/dc/terms/description> "{word} round {round}"@en .'
        publish(settings, [Replace(subject, text)], actor=word, summary="concurrent")
""")


def test_two_publishing_processes_both_land(live):
    store = current_store(live)
    rows = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 2")
    first, second = rows[0]["s"].value, rows[1]["s"].value
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(live.data_dir), **database_env(live)}
    processes = [
        subprocess.Popen([sys.executable, "-c", PUBLISHER, subject, word], env=env, stderr=subprocess.PIPE)
        for subject, word in ((first, "Aardvark"), (second, "Bandicoot"))
    ]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read().decode()
    after = current_store(live)
    assert _values(after, first, DESCRIPTION) == {"Aardvark round 2"}
    assert _values(after, second, DESCRIPTION) == {"Bandicoot round 2"}
    assert applied_seq(live) == journal.last_seq(open_private_db(live)) == 6
    manifest = json.loads(Layout(live.data_dir).current().manifest_path.read_text())
    assert manifest["journal_seq"] == 6


def _graph_app(live, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(live.data_dir), **database_env(live)}
    return subprocess.run(
        [sys.executable, "-m", "graph_app.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_journal_command_lists_failed_changes_and_publishes_them_again(live):
    store = current_store(live)
    service = first_service(store)
    current = Layout(live.data_dir).current()
    search_bytes = current.search_path.read_bytes()
    current.search_path.write_bytes(b"not a database" * 100)
    with pytest.raises(PublishError):
        publish(
            live,
            [Replace(service, with_description(store, service, "Published on the second try"))],
            actor="tester",
            summary="first try",
        )
    listed = _graph_app(live, "journal", "list", "--failed")
    assert listed.returncode == 0 and "failed" in listed.stdout and "first try" in listed.stdout
    assert service in listed.stdout and "error:" in listed.stdout
    current.search_path.write_bytes(search_bytes)
    retried = _graph_app(live, "journal", "retry", "1")
    assert retried.returncode == 0, retried.stderr
    assert "published again as change 2" in retried.stdout
    assert _values(current_store(live), service, DESCRIPTION) == {"Published on the second try"}
    assert "every change up to number 2" in _graph_app(live, "journal", "list").stdout


def test_a_journal_entry_that_cannot_be_replayed_stops_the_build_until_abandoned(live, hermit_cache):
    from graph_app.build import BuildError

    before = Layout(live.data_dir).current().path
    # written under another IRI base (GRAPH_APP_BASE changed since): it cannot belong to this graph
    journal.append(open_private_db(live), [Replace("https://elsewhere.example/id/service/x", "")], "tester", "old base")
    with pytest.raises(BuildError, match="cannot be replayed") as failure:
        quiet_build(live, hermit_cache)
    assert any("journal entry 1" in problem for problem in failure.value.problems)
    assert Layout(live.data_dir).current().path == before
    abandoned = _graph_app(live, "journal", "abandon", "1")
    assert abandoned.returncode == 0 and "will not be replayed" in abandoned.stdout
    quiet_build(live, hermit_cache)
    assert Layout(live.data_dir).current().path != before
