"""Publishing to a remote store: one SPARQL 1.1 Update to a real `oxigraph serve` process (read-write),
and the local search index updated the same way as in embedded mode."""

from __future__ import annotations

from dataclasses import replace

import pytest
from live_helpers import (
    DESCRIPTION,
    copy_build,
    current_search,
    current_store,
    first_service,
    form_data,
    with_description,
)
from server_process import oxigraph_binary, oxigraph_process
from staff_helpers import login, make_staff

from graph_app.layout import Layout
from graph_app.live import PublishError, Replace, applied_seq, publish
from graph_app.store import RemoteStore


@pytest.fixture
def remote_live(built, tmp_path):
    """A copy of the build, and a writable oxigraph server loaded with the same graph."""
    settings = copy_build(built, tmp_path / "data")
    with oxigraph_process(oxigraph_binary(), tmp_path / "server") as server:
        dump = tmp_path / "graph.nt"
        current_store(settings).dump(dump)
        RemoteStore(server.url + "/query").replace_graph(dump)
        yield replace(settings, sparql_url=server.url + "/query", sparql_update_url=server.url + "/update")


def _description(store, subject: str) -> set[str]:
    rows = store.select(f"SELECT ?d WHERE {{ <{subject}> <{DESCRIPTION}> ?d }}")
    return {row["d"].value for row in rows}


def test_publish_updates_the_remote_store_and_the_local_search_index(remote_live):
    remote = RemoteStore(remote_live.sparql_url)
    service = first_service(remote)
    old_version = remote.version()
    seq = publish(
        remote_live,
        [Replace(service, with_description(remote, service, "Wombat swimming lessons"))],
        actor="tester",
        summary="remote",
    )
    fresh = RemoteStore(remote_live.sparql_url)
    assert _description(fresh, service) == {"Wombat swimming lessons"}
    assert fresh.version() != old_version
    assert applied_seq(remote_live) == seq
    assert [h.iri for h in current_search(remote_live).search("wombat").hits] == [service]
    # the local copy of the graph is kept in step too
    assert _description(current_store(remote_live), service) == {"Wombat swimming lessons"}


def test_a_refused_remote_update_changes_nothing(remote_live):
    remote = RemoteStore(remote_live.sparql_url)
    service = first_service(remote)
    before = Layout(remote_live.data_dir).current().path
    broken = replace(remote_live, sparql_update_url=remote_live.sparql_url.removesuffix("/query") + "/nowhere")
    with pytest.raises(PublishError, match="unchanged"):
        publish(
            broken,
            [Replace(service, with_description(remote, service, "Never published"))],
            actor="tester",
            summary="refused",
        )
    assert "Never published" not in _description(remote, service)
    assert Layout(remote_live.data_dir).current().path == before
    assert not current_search(remote_live).search("never published").hits or service not in {
        h.iri for h in current_search(remote_live).search("never published").hits[:1]
    }


def test_an_edit_saved_in_remote_mode_shows_on_the_page_served_from_the_remote_store(remote_live, make_app):
    remote = RemoteStore(remote_live.sparql_url)
    row = remote.select(
        "SELECT ?p ?s WHERE { ?s a <https://w3id.org/se7-local-offer/def#Service> ; "
        "<https://w3id.org/se7-local-offer/def#providedBy> ?p } ORDER BY ?s LIMIT 1"
    )[0]
    slug = row["s"].value.rsplit("/", 1)[-1]
    app = make_app(remote_live)
    client = app.test_client()
    user, password = make_staff(remote_live, "editor", row["p"].value)
    assert login(client, user.email, password).status_code == 303
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data["dcterms-description"] = ["Served from the remote store after the edit."]
    assert client.post(f"/staff/records/service/{slug}/edit", data=data).status_code == 303
    assert _description(RemoteStore(remote_live.sparql_url), row["s"].value) == {
        "Served from the remote store after the edit."
    }
    page = app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "Served from the remote store after the edit." in page
