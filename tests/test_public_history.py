"""The public history of records (graph_app/live/history.py): every save through the real app publishes one
PROV-O activity in the public graph, credited to an organisation and never a person, shown on the record page
as "What changed and when", carried by the record's RDF, kept by a rebuild, and the same over a remote store."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime

import pyoxigraph as ox
import pytest
from build_helpers import quiet_build
from live_helpers import LO, copy_build, current_store, form_data, statements
from server_process import oxigraph_binary, oxigraph_process
from staff_helpers import csrf_from, login, make_staff

from graph_app.live import Replace, history
from graph_app.store import RemoteStore

PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DESCRIPTION = "http://purl.org/dc/terms/description"
# everything an activity may say: no name, no email, no account of the person who saved
ACTIVITY_PROPERTIES = {
    RDF_TYPE,
    RDFS_LABEL,
    LO + "changeOf",
    LO + "changeKind",
    LO + "changedField",
    PROV + "startedAtTime",
    PROV + "endedAtTime",
    PROV + "wasAssociatedWith",
}


@pytest.fixture(scope="module")
def history_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("history") / "data")


@pytest.fixture(scope="module")
def history_app(history_settings, make_module_app):
    return make_module_app(history_settings)


@pytest.fixture(scope="module")
def services(history_settings) -> list[tuple[str, str]]:
    """(provider, service IRI) of one service for each of several providers, so each test has its own."""
    rows = current_store(history_settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider }}"
        " ORDER BY ?provider ?service"
    )
    first: dict[str, str] = {}
    for row in rows:
        first.setdefault(row["provider"].value, row["service"].value)
    return list(first.items())


def _signed_in(app, settings, role, provider=None):
    client = app.test_client()
    user, password = make_staff(settings, role, provider)
    assert login(client, user.email, password).status_code == 303
    return client, user


def _edit(client, service: str, **fields: list[str]) -> None:
    slug = service.rsplit("/", 1)[-1]
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data.update(fields)
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def _activities(store, record: str) -> dict[str, list[ox.Triple]]:
    rows = store.select(f"SELECT ?c WHERE {{ ?c <{LO}changeOf> <{record}> }} ORDER BY ?c")
    return {row["c"].value: statements(store, row["c"].value) for row in rows}


def _values(triples: list[ox.Triple], predicate: str) -> set[str]:
    return {t.object.value for t in triples if t.predicate.value == predicate}


def test_an_edit_publishes_one_activity_naming_the_organisation_the_kind_and_the_fields(
    history_app, history_settings, services
):
    provider, service = services[0]
    client, user = _signed_in(history_app, history_settings, "editor", provider)
    before = datetime.now(UTC).replace(microsecond=0)
    _edit(client, service, **{"lo-cost": ["£4 a session"]})
    store = current_store(history_settings)
    found = _activities(store, service)
    assert len(found) == 1, found
    ((iri, triples),) = found.items()
    assert iri == service.replace("/id/service/", "/id/change/service-") + "-1"
    assert _values(triples, RDF_TYPE) >= {LO + "RecordChange", PROV + "Activity"}  # typed by the rules too
    assert _values(triples, PROV + "wasAssociatedWith") == {provider}
    assert _values(triples, LO + "changeKind") == {LO + "ChangeEdited"}
    assert _values(triples, LO + "changedField") == {LO + "cost"}
    ended = datetime.fromisoformat(next(iter(_values(triples, PROV + "endedAtTime"))))
    assert before <= ended <= datetime.now(UTC)
    assert {t.predicate.value for t in triples} <= ACTIVITY_PROPERTIES
    history = store.select(f"SELECT ?c WHERE {{ <{service}> <{LO}changeHistory> ?c }}")
    assert [r["c"].value for r in history] == [iri]
    # a second edit: a second activity, the first kept (the record's replacement states its link again)
    _edit(client, service, **{"dcterms-description": ["Now on Saturdays too."]})
    store = current_store(history_settings)
    found = _activities(store, service)
    assert len(found) == 2 and iri in found
    assert _values(found[iri[:-2] + "-2"], LO + "changedField") == {DESCRIPTION}
    assert len(store.select(f"SELECT ?c WHERE {{ <{service}> <{LO}changeHistory> ?c }}")) == 2


def test_no_personal_data_enters_the_public_graph(history_app, history_settings, services, tmp_path):
    provider, service = services[1]
    client, user = _signed_in(history_app, history_settings, "editor", provider)
    _edit(client, service, **{"lo-cost": ["Free for everyone"]})
    dump = tmp_path / "public.nt"
    current_store(history_settings).dump(dump)
    text = dump.read_text(encoding="utf-8")
    assert service.replace("/id/service/", "/id/change/service-") in text  # the activity is there
    for personal in (user.email, user.name, user.email.split("@")[0], f"staff account {user.id}"):
        assert personal not in text


def test_the_record_page_and_its_rdf_show_what_changed_and_when(history_app, history_settings, services):
    provider, service = services[2]
    slug = service.rsplit("/", 1)[-1]
    client, _ = _signed_in(history_app, history_settings, "editor", provider)
    public = history_app.test_client()
    assert "What changed and when" not in public.get(f"/id/service/{slug}").get_data(as_text=True)  # never edited
    _edit(client, service, **{"lo-cost": ["£2 a visit"]})
    page = public.get(f"/id/service/{slug}").get_data(as_text=True)
    assert "What changed and when" in page
    provider_name = (
        current_store(history_settings)
        .select(f'SELECT ?l WHERE {{ <{provider}> <{RDFS_LABEL}> ?l FILTER(lang(?l) = "en") }}')[0]["l"]
        .value
    )
    today = datetime.now(UTC).date()  # the activity is stamped in UTC
    words = f"{today.day} {today:%B} {today.year}"
    line = re.search(r"<li><time datetime=\"([\d-]+)\">([^<]+)</time>: (.*?)</li>", page, re.S)
    assert line and line.group(1) == today.isoformat() and line.group(2) == words
    assert html.unescape(re.sub(r"\s+", " ", line.group(3))) == (
        f'cost changed, by <a class="govuk-link" href="/id/provider/{provider.rsplit("/", 1)[-1]}">{provider_name}</a>'
    )
    # the page's section sits above "All connections", which does not list the changes again
    assert page.index("What changed and when") < page.index("All connections")
    assert page.count("What changed and when") == 1 and "/id/change/" not in page
    provider_page = public.get(f"/id/provider/{provider.rsplit('/', 1)[-1]}").get_data(as_text=True)
    assert "/id/change/" not in provider_page  # the provider's changes are in its RDF, not its page
    turtle = public.get(f"/id/service/{slug}", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    graph = {q.triple for q in ox.parse(turtle.get_data(), format=ox.RdfFormat.TURTLE)}
    change = ox.NamedNode(service.replace("/id/service/", "/id/change/service-") + "-1")
    for triple in [
        (ox.NamedNode(service), ox.NamedNode(LO + "changeHistory"), change),
        (change, ox.NamedNode(PROV + "wasAssociatedWith"), ox.NamedNode(provider)),
        (change, ox.NamedNode(LO + "changedField"), ox.NamedNode(LO + "cost")),
        (change, ox.NamedNode(LO + "changeKind"), ox.NamedNode(LO + "ChangeEdited")),
    ]:
        assert ox.Triple(*triple) in graph
    assert any(t.subject == change and t.predicate.value == PROV + "endedAtTime" for t in graph)
    twin = public.get(f"/id/service/{slug}.json").get_json()["change_history"]  # the page's JSON twin
    assert [c["what"] for c in twin["changes"]] == ["cost changed"] and twin["changes"][0]["organisation"]
    jsonld = public.get(f"/id/service/{slug}", headers={"Accept": "application/ld+json"}).get_data(as_text=True)
    assert change.value in jsonld and "endedAtTime" in jsonld


def test_still_correct_is_a_check_and_a_council_admins_edit_is_credited_to_the_council(
    history_app, history_settings, services
):
    provider, service = services[3]
    slug = service.rsplit("/", 1)[-1]
    client, _ = _signed_in(history_app, history_settings, "editor", provider)
    dashboard = client.get(f"/staff/records/service/{slug}/reviewed").get_data(as_text=True)  # its review page
    form = re.search(
        rf'action="/staff/records/service/{slug}/reviewed"[^>]*>\s*<input type="hidden" name="csrf_token" '
        rf'value="([^"]+)">\s*<input type="hidden" name="based_on" value="(\d+)">',
        dashboard,
    )
    assert form, "no still-correct button for the record"
    response = client.post(
        f"/staff/records/service/{slug}/reviewed", data={"csrf_token": form.group(1), "based_on": form.group(2)}
    )
    assert response.status_code == 303
    (checked,) = _activities(current_store(history_settings), service).values()
    assert _values(checked, LO + "changeKind") == {LO + "ChangeChecked"}
    assert _values(checked, LO + "changedField") <= {LO + "lastReviewed"}
    admin, _ = _signed_in(history_app, history_settings, "admin")
    _edit(admin, service, **{"dcterms-description": ["Checked by the council's team."]})
    store = current_store(history_settings)
    found = _activities(store, service)
    assert len(found) == 2
    (organisation,) = _values(
        found[service.replace("/id/service/", "/id/change/service-") + "-2"], PROV + "wasAssociatedWith"
    )
    assert organisation != provider
    assert store.select(f"SELECT ?t WHERE {{ <{organisation}> a <{LO}LocalAuthority> }}"), "not a council"
    page = history_app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "checked and still correct, by" in page


def test_a_new_service_is_added_in_its_history(history_app, history_settings, services):
    provider, service = services[4]
    client, _ = _signed_in(history_app, history_settings, "editor", provider)
    data = form_data(client.get(f"/staff/records/service/{service.rsplit('/', 1)[-1]}/edit").get_data(as_text=True))
    page = client.get("/staff/records/new/service").get_data(as_text=True)
    data = {k: v for k, v in data.items() if k != "based_on"}
    data["csrf_token"] = [csrf_from(page)]
    data["rdfs-label"] = ["Heron Bank Holiday Club"]
    # its own contact (issue 18: another service's own contact is not offered to borrow)
    data |= {
        "sub-contact-count": ["1"],
        "sub-contact-1-rdfs-label": ["Heron Bank bookings"],
        "sub-contact-1-schema-telephone": ["01632 960111"],
        "sub-contact-1-public": ["yes"],
    }
    assert client.post("/staff/records/new/service", data=data).status_code == 303
    new = history_settings.base + "id/service/heron-bank-holiday-club"
    (triples,) = _activities(current_store(history_settings), new).values()
    assert _values(triples, LO + "changeKind") == {LO + "ChangeCreated"}
    assert _values(triples, PROV + "wasAssociatedWith") == {provider}
    assert RDFS_LABEL in _values(triples, LO + "changedField")  # every detail it was given
    assert "added, by" in history_app.test_client().get("/id/service/heron-bank-holiday-club").get_data(as_text=True)


def test_the_history_survives_a_rebuild(built, tmp_path, make_app, hermit_cache):
    settings = copy_build(built, tmp_path / "data")
    app = make_app(settings)
    store = current_store(settings)
    row = store.select(f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p }} ORDER BY DESC(?s) LIMIT 1")[
        0
    ]
    provider, service = row["p"].value, row["s"].value
    client, _ = _signed_in(app, settings, "editor", provider)
    _edit(client, service, **{"lo-cost": ["£1 a term"]})
    published = _activities(current_store(settings), service)
    assert len(published) == 1
    quiet_build(settings, hermit_cache)  # a full build from ontology/ and data/, replaying the journal
    rebuilt = _activities(current_store(settings), service)
    assert {iri: set(triples) for iri, triples in rebuilt.items()} == {
        iri: set(triples) for iri, triples in published.items()
    }
    page = make_app(settings).test_client().get(f"/id/service/{service.rsplit('/', 1)[-1]}").get_data(as_text=True)
    assert "What changed and when" in page and "cost changed, by" in page


def test_the_history_is_published_to_a_remote_store(built, tmp_path, make_app):
    settings = copy_build(built, tmp_path / "data")
    with oxigraph_process(oxigraph_binary(), tmp_path / "server") as server:
        dump = tmp_path / "graph.nt"
        current_store(settings).dump(dump)
        RemoteStore(server.url + "/query").replace_graph(dump)
        remote_settings = replace(settings, sparql_url=server.url + "/query", sparql_update_url=server.url + "/update")
        remote = RemoteStore(remote_settings.sparql_url)
        row = remote.select(f"SELECT ?p ?s WHERE {{ ?s a <{LO}Service> ; <{LO}providedBy> ?p }} ORDER BY ?s LIMIT 1")[0]
        provider, service = row["p"].value, row["s"].value
        app = make_app(remote_settings)
        client, user = _signed_in(app, remote_settings, "editor", provider)
        _edit(client, service, **{"lo-cost": ["Free on Mondays"]})
        found = _activities(RemoteStore(remote_settings.sparql_url), service)
        assert len(found) == 1
        (triples,) = found.values()
        assert _values(triples, PROV + "wasAssociatedWith") == {provider}
        assert _values(triples, LO + "changedField") == {LO + "cost"}
        page = app.test_client().get(f"/id/service/{service.rsplit('/', 1)[-1]}").get_data(as_text=True)
        assert "What changed and when" in page and "cost changed, by" in page
        assert (
            user.email
            not in remote.select(
                "SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?c a <" + LO + "RecordChange> ; ?p ?o }"
            )[0]["all"].value
        )


# -- the activity itself (graph_app/live/history.py), without the app --------------------------------------
ID = "https://w3id.org/se7-local-offer/id/"
RECORD = ID + "service/otter-swim"


def _nt(*lines: str) -> str:
    return "\n".join(f"<{RECORD}> {line} ." for line in lines)


def _parsed(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)]


@pytest.mark.parametrize(
    ("old", "new", "kind", "fields"),
    [
        ("", _nt(f'<{RDFS_LABEL}> "Otter swim"@en'), "ChangeCreated", [RDFS_LABEL]),
        (_nt(f'<{RDFS_LABEL}> "Otter swim"@en'), "", "ChangeWithdrawn", [RDFS_LABEL]),
        (
            _nt(f'<{LO}cost> "Free."', f'<{LO}lastReviewed> "2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'),
            _nt(f'<{LO}cost> "Free."@en', f'<{LO}lastReviewed> "2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'),
            "ChangeChecked",
            [LO + "lastReviewed"],
        ),
        (_nt(f'<{LO}cost> "Free."'), _nt(f'<{LO}cost> "£1"@en'), "ChangeEdited", [LO + "cost"]),
    ],
)
def test_the_kind_and_fields_of_a_change(old, new, kind, fields):
    when = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
    change = history.activity(ID, RECORD, 3, _parsed(old), [Replace(RECORD, new)], None, when)
    assert change.subject_iri == ID + "change/service-otter-swim-3"
    triples = _parsed(change.ntriples)
    assert _values(triples, LO + "changeKind") == {LO + kind}
    assert sorted(_values(triples, LO + "changedField")) == fields
    assert _values(triples, PROV + "endedAtTime") == {"2026-03-12T09:30:00Z"}
    assert _values(triples, PROV + "wasAssociatedWith") == set()  # no organisation known: none named
    assert {t.predicate.value for t in triples} <= ACTIVITY_PROPERTIES
