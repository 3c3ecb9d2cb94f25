"""`graph-app import oruk`: the real importer, a real build in a temporary folder. Every ORUK 3 profile
example imports; an ORUK v1 paged feed is followed over HTTP; bad records are reported with id, field and
reason and skipped; broken files give exact messages and leave the store and the imports folder as they
were."""

from __future__ import annotations

import argparse
import http.server
import json
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from build_helpers import make_settings, quiet_build

from graph_app.build import BuildError
from graph_app.config import PROJECT_ROOT, Settings
from graph_app.importers import ImportFailed, run_import
from graph_app.importers.commands import run_import_command
from graph_app.importers.tables import taxonomy_table
from graph_app.importers.vocabulary import load_vocabulary
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

ID = "https://w3id.org/se7-local-offer/id/"
BROKEN = Path(__file__).parent / "fixtures" / "import"
FIXTURES = PROJECT_ROOT / "data" / "fixtures"
TODAY = date(2026, 11, 28)


def reference_dir() -> Path:
    """The shared ORUK reference material: ../shared beside the clone (CI), else /work/shared."""
    beside = Path(__file__).resolve().parents[2] / "shared" / "reference"
    return beside if beside.exists() else Path("/work/shared/reference")


EXAMPLES = reference_dir() / "oruk" / "uk-profile-3.0-examples"


def small_project(root: Path, hermit_cache: Path) -> tuple[Settings, Path]:
    """Settings over ontology/, a copy of data/ without the big sample, and an empty imports folder; built."""
    data = root / "data"
    data.mkdir(parents=True)
    for path in (PROJECT_ROOT / "data").glob("*.ttl"):
        shutil.copy(path, data / path.name)
    shutil.copytree(PROJECT_ROOT / "data" / "framework", data / "framework")
    imports = root / "imports"
    imports.mkdir()
    settings = make_settings(root / "var", PROJECT_ROOT / "ontology", data, imports)
    quiet_build(settings, hermit_cache)
    return settings, imports


def snapshot(settings: Settings, imports: Path) -> tuple[str, int, list[str]]:
    """The live build's id and triple count, and the files in the imports folder."""
    current = Layout(settings.data_dir).current()
    return current.build_id, EmbeddedStore(current.store_path).triple_count(), sorted(p.name for p in imports.iterdir())


def ask(settings: Settings, query: str) -> bool:
    store = EmbeddedStore(Layout(settings.data_dir).current().store_path)
    return store.ask(
        "PREFIX lo: <https://w3id.org/se7-local-offer/def#>\nPREFIX schema: <https://schema.org/>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query
    )


def do_import(
    settings: Settings,
    imports: Path,
    location: Path | str,
    source: str = "oruk",
    council: str | None = "kent",
    **options,
):
    return run_import(source, str(location), settings, council=council, target_dir=imports, today=TODAY, **options)


@pytest.fixture(scope="module")
def project(tmp_path_factory, hermit_cache) -> tuple[Settings, Path]:
    return small_project(tmp_path_factory.mktemp("oruk-import"), hermit_cache)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_profile_example_imports_without_error(project, example):
    settings, imports = project
    # each example under one name, so that each import replaces the last (they describe the same records)
    outcome = do_import(settings, imports, EXAMPLES / example, name="profile-example")
    assert outcome.result.problems == []
    if example.startswith(("service", "organization")):
        assert outcome.written == imports / "oruk-profile-example.ttl"
        assert ask(settings, f"ASK {{ <{ID}provider/oruk-d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610> a lo:Provider }}")
    else:  # taxonomies and terms: read and reported against the mapping table, no records to write
        assert outcome.written is None
        assert outcome.result.notes
        assert all(note.startswith("taxonomy") for note in outcome.result.notes)


def test_profile_service_is_mapped_with_documented_defaults(project):
    settings, imports = project
    outcome = do_import(settings, imports, EXAMPLES / "service_full.json", name="profile-example")
    service = f"<{ID}service/oruk-ac148810-d857-441c-9679-408f346de14b>"
    # ages 12 to 100 are clamped to the local offer's 0 to 25, the original kept in a comment
    assert ask(
        settings,
        f"ASK {{ {service} lo:minAge 12 ; lo:maxAge 25 ; rdfs:comment ?c . "
        "FILTER(CONTAINS(STR(?c), 'ages 12 to 100')) }",
    )
    assert ask(
        settings,
        f"ASK {{ {service} lo:lastReviewed '2005-01-01'^^<http://www.w3.org/2001/XMLSchema#date> ; "
        f"lo:inLocalOfferOf <{ID}area/kent> ; lo:fundingRoute <{ID}funding-route/charge> ; "
        f"lo:meetsNeed <{ID}need/mental-health> ; lo:schedule ?when ; "
        "dcterms:source 'service_full.json' ; "
        "prov:wasDerivedFrom <urn:uuid:ac148810-d857-441c-9679-408f346de14b> }",
    )
    assert not ask(settings, f"ASK {{ {service} lo:isSample ?any }}")
    # the example's one taxonomy term is a placeholder: the needs come from the description, and it says so
    assert any("needs come from words in the name and description" in n for n in outcome.result.notes)
    # a contact with a person's name and no way to reach them is left out; the service's email is kept
    assert not ask(settings, "ASK { ?c rdfs:label ?l . FILTER(CONTAINS(STR(?l), 'Ann Persona')) }")


def test_unmapped_needs_are_skipped_when_text_fallback_is_off(project):
    settings, imports = project
    before = snapshot(settings, imports)
    outcome = do_import(
        settings, imports, EXAMPLES / "service_list.json", name="profile-example", needs_from_text=False
    )
    assert [str(p) for p in outcome.result.problems] == [
        "service ac148810-d857-441c-9679-408f346de14b: field 'attributes': no taxonomy term maps to one of our needs "
        "(terms: none); add the term to data/mappings/taxonomy-needs.csv"
    ]
    assert outcome.written is not None  # the organisation still loads; the file replaced the last example's
    assert snapshot(settings, imports)[2] == before[2]
    assert not ask(settings, f"ASK {{ <{ID}service/oruk-ac148810-d857-441c-9679-408f346de14b> ?p ?o }}")


def test_bad_records_are_reported_and_skipped_and_the_rest_load(project):
    settings, imports = project
    outcome = do_import(settings, imports, BROKEN / "wrong_types.json")
    assert [str(p) for p in outcome.result.problems] == [
        "service ac148810-d857-441c-9679-408f346de14b: field 'minimum_age': expected a whole number, got 'twelve'",
        "service 1c148810-d857-441c-9679-408f346de14b: field 'name': expected text, got 42",
        "service 2c148810-d857-441c-9679-408f346de14b: field 'assured_date': expected a date such as 2025-01-31, "
        "got 'last Tuesday'",
        "service 3c148810-d857-441c-9679-408f346de14b: field 'attributes': no taxonomy term maps to one of our needs "
        "(terms: 'Gardening'); add the term to data/mappings/taxonomy-needs.csv",
        # caught by ontology/shapes.ttl inside the importer, so the build never sees it
        "service 4c148810-d857-441c-9679-408f346de14b: field 'schema:email': The email address must look like "
        "name@example.org.uk.",
    ]
    assert outcome.written is not None
    assert ask(settings, f"ASK {{ <{ID}provider/oruk-0f5e8a1c-9d2b-4c3a-8e7f-6a5b4c3d2e10> a lo:Provider }}")
    assert not ask(settings, f"ASK {{ <{ID}service/oruk-4c148810-d857-441c-9679-408f346de14b> ?p ?o }}")


def test_missing_ids_are_reported_by_position(project):
    settings, imports = project
    outcome = do_import(settings, imports, BROKEN / "missing_ids.json")
    assert [str(p) for p in outcome.result.problems] == [
        "service #1 (no id): field 'id': missing: every record needs an id",
        "service #2 (no id): field 'id': missing: every record needs an id",
    ]
    assert ask(settings, f"ASK {{ <{ID}service/oruk-2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901> lo:minAge 5 }}")
    # its organisation came first with wrong_types.json (the test above): shared, not described twice
    assert (
        "organization 0f5e8a1c-9d2b-4c3a-8e7f-6a5b4c3d2e10: already imported by oruk-wrong-types.ttl, whose "
        "details are kept; this import's services link to it"
    ) in outcome.result.notes


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        (
            "bad.json",
            "bad.json: not valid JSON at line 1, column 59: Expecting property name enclosed in double quotes",
        ),
        ("truncated.json", "truncated.json: not valid JSON at line 22, column 55: Unterminated string starting at"),
        (
            "scalar.json",
            "not an Open Referral UK document: expected an ORUK v1 page of services (content, "
            "totalElements, totalPages...), an ORUK 3 page (contents, total_items, total_pages...) or one "
            "ORUK 3 service, organization, service_at_location, taxonomy or taxonomy term",
        ),
        ("no_such_file.json", "no_such_file.json: cannot read the file: No such file or directory"),
    ],
)
def test_broken_files_give_exact_messages_and_change_nothing(project, fixture, message):
    settings, imports = project
    before = snapshot(settings, imports)
    with pytest.raises(ImportFailed) as caught:
        do_import(settings, imports, BROKEN / fixture)
    assert caught.value.message == message
    assert snapshot(settings, imports) == before


def test_a_failed_build_removes_the_new_file_and_keeps_the_store(project, monkeypatch):
    settings, imports = project
    before = snapshot(settings, imports)

    def failing_build(*_args, **_kwargs):
        raise BuildError("1 SHACL violations in ontology/shapes.ttl checks", ["<x> lo:y: broken"])

    monkeypatch.setattr("graph_app.importers.writing.run_build", failing_build)
    with pytest.raises(ImportFailed) as caught:
        do_import(settings, imports, FIXTURES / "oruk" / "v1-services-page-2.json", name="never")
    assert caught.value.message == (
        "the build failed, so nothing was imported: 1 SHACL violations in ontology/shapes.ttl checks"
    )
    assert caught.value.problems == ["<x> lo:y: broken"]
    assert snapshot(settings, imports) == before


@pytest.fixture
def oruk_v1_server():
    """A local ORUK v1 feed: /services?page=N answers data/fixtures/oruk/v1-services-page-N.json."""
    requested: list[str] = []

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # the http.server name
            requested.append(self.path)
            page = self.path.rsplit("page=", 1)[-1] if "page=" in self.path else "1"
            path = FIXTURES / "oruk" / f"v1-services-page-{page}.json"
            body = path.read_bytes() if path.exists() else b'{"error": "no such page"}'
            self.send_response(200 if path.exists() else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/services", requested
    finally:
        server.shutdown()
        server.server_close()


def test_oruk_v1_feed_is_followed_page_by_page_over_http(project, oruk_v1_server):
    settings, imports = project
    url, requested = oruk_v1_server
    outcome = do_import(settings, imports, url, name="v1-feed")
    assert requested == ["/services", "/services?page=2"]
    assert outcome.result.read["services"] == 3
    assert [str(p) for p in outcome.result.problems] == [
        "service 5e0a2f3c-1b7d-4c1e-9a55-0f1c2d3e4a02: field 'minimum_age': expected a whole number, got 'twelve'"
    ]
    chatterbox = f"<{ID}service/oruk-5e0a2f3c-1b7d-4c1e-9a55-0f1c2d3e4a01>"
    assert ask(
        settings,
        f"ASK {{ {chatterbox} lo:minAge 2 ; lo:maxAge 5 ; lo:locatedIn <{ID}area/tunbridge-wells> ; "
        f"lo:servesArea <{ID}area/tunbridge-wells> ; lo:accessLevel <{ID}access-level/universal> ; "
        f"lo:meetsNeed <{ID}need/speech-language-communication> ; "
        f"lo:fundingRoute <{ID}funding-route/free> ; dcterms:source <{url}> ; "
        "lo:schedule 'Open Tuesday from 09:30 to 11:00.'@en }",
    )
    workshops = f"<{ID}service/oruk-5e0a2f3c-1b7d-4c1e-9a55-0f1c2d3e4a03>"
    assert ask(
        settings,
        f"ASK {{ {workshops} lo:referralRoute <{ID}referral-route/professional-referral> ; "
        f"lo:inSector <{ID}sector/social-care> ; lo:servesArea <{ID}area/medway> ; "
        f"lo:providedBy ?council . ?council lo:organisationType <{ID}organisation-type/statutory> }}",
    )
    # a contact is its role, never a person's name
    assert ask(
        settings,
        "ASK { ?c rdfs:label 'Chatterbox Speech and Language Group: Group leader'@en ; "
        "schema:telephone '01632 960101' }",
    )


def test_unknown_council_is_refused(project):
    settings, imports = project
    with pytest.raises(ImportFailed) as caught:
        do_import(settings, imports, EXAMPLES / "service_full.json", council="camden")
    assert caught.value.message.startswith("unknown council 'camden': choose one of brighton-and-hove")


def test_every_need_in_the_mapping_table_exists():
    needs = load_vocabulary(PROJECT_ROOT).needs
    rows = [row for group in taxonomy_table(PROJECT_ROOT / "data" / "mappings").values() for row in group]
    assert rows
    assert sorted({r.need for r in rows if r.need and r.need not in needs}) == []
    assert {r.match for r in rows if r.need} <= {"exactMatch", "closeMatch"}
    assert {r.sector for r in rows if r.sector} <= {
        "education",
        "health",
        "social-care",
        "preparation-for-adulthood",
        "leisure",
        "employment",
        "housing",
    }


def test_command_line_reports_and_exits(tmp_path, hermit_cache, capsys):
    """`python -m graph_app.importers` writes into the project's data/imports: run it on a copy."""
    settings, _imports = small_project(tmp_path / "cli", hermit_cache)
    args = argparse.Namespace(
        source="oruk", location=str(BROKEN / "bad.json"), council="kent", name=None, no_needs_from_text=False
    )
    assert run_import_command(args, settings) == 1
    err = capsys.readouterr().err
    assert "Import failed: bad.json: not valid JSON at line 1, column 59" in err
    assert "Nothing was imported" in err


# ---------------------------------------------------------------- round trip: ORUK -> graph -> ORUK

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
# the profile example's service fields the graph deliberately does not keep, and why (the rest must survive)
NOT_KEPT = {
    "assurer_email": "a person's email address: the graph is published openly",
    "contacts[].title": "kept as the contact's name (the service's name and the role), not apart",
    "organization.parent_organization_id": "the graph does not model organisations inside organisations",
    "service_at_locations[].location.addresses[].attention": "a person's name: the graph is published openly",
    # the example's latitude is 100, north of the pole: left out with a note (shapes.ttl's range)
    "service_at_locations[].location.latitude": "not a latitude (100)",
}


def leaf_paths(value, path: str = "") -> set[str]:
    """The record's fields as paths (schedules[].byday), each present with a value."""
    if isinstance(value, dict):
        return {p for k, v in value.items() for p in leaf_paths(v, f"{path}.{k}" if path else k)}
    if isinstance(value, list):
        return {p for item in value for p in leaf_paths(item, f"{path}[]")}
    return set() if value in (None, "") else {path}


def exported(make_app, settings: Settings, path: str) -> dict:
    client = make_app(settings).test_client()
    response = client.get(path)
    assert response.status_code == 200, response.json
    return response.json


def test_round_trip_keeps_every_profile_field_the_graph_can_hold(project, tmp_path, record_property, make_app):
    """The profile's full service example -> import -> /oruk/services/{id}: every one of its 90 fields
    comes back except NOT_KEPT; then our export -> import -> export gives the same fields and values."""
    settings, imports = project
    example = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    do_import(settings, imports, EXAMPLES / "service_full.json", name="profile-example")
    first = exported(make_app, settings, f"/oruk/services/{SERVICE_ID}")
    wanted = leaf_paths(example)
    lost = wanted - leaf_paths(first)
    record_property("profile_fields", len(wanted))
    record_property("profile_fields_lost", len(lost))
    assert lost == set(NOT_KEPT), sorted(lost ^ set(NOT_KEPT))
    for key in ("fees", "minimum_age", "accreditations", "alert"):
        assert first.get(key) is not None
    assert [(c["amount"], c["option"]) for c in first["cost_options"]] == [
        (c["amount"], c["option"]) for c in example["cost_options"]
    ]
    assert first["schedules"][0]["byday"] == example["schedules"][0]["byday"]
    location = first["service_at_locations"][0]["location"]
    assert (
        location["addresses"][0]["postal_code"]
        == example["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    )

    again = tmp_path / "our-export.json"
    again.write_text(json.dumps(first), encoding="utf-8")
    do_import(settings, imports, again, name="profile-example")  # the same records: replaces the example
    second = exported(make_app, settings, f"/oruk/services/{SERVICE_ID}")
    assert leaf_paths(second) >= leaf_paths(first), sorted(leaf_paths(first) - leaf_paths(second))
    for key in ("name", "fees", "minimum_age", "maximum_age", "cost_options", "schedules", "languages", "funding"):
        assert _without_ids(second[key]) == _without_ids(first[key]), key


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in ("id", "link_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("fees", "route", "price"),
    [
        ("£35 a session.", "charge", None),
        ("£3 a session, first session free.", "charge", None),
        ("Free of charge to families.", "free", "0"),
        (None, "not-stated", None),
    ],
)
def test_a_feed_without_cost_options_is_not_made_free(project, tmp_path, fees, route, price, make_app):
    """Our own export of a charged service carries its cost in words (fees) and no cost_options: read back,
    it is a charge, not "Free" (and schema.org gets no price 0); a feed silent on cost is 'not stated'."""
    from graph_app.web.publish.schema_org import schema_org_data

    settings, imports = project
    record = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    record.pop("cost_options")
    record.pop("fees")
    if fees:
        record["fees"] = fees
    source = tmp_path / "costs.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    do_import(settings, imports, source, name="profile-example")
    service = f"{ID}service/oruk-{SERVICE_ID}"
    assert ask(settings, f"ASK {{ <{service}> lo:fundingRoute <{ID}funding-route/{route}> }}")
    assert ask(settings, f"ASK {{ <{service}> lo:fundingRoute ?r }}")
    assert not (route != "free" and ask(settings, f"ASK {{ <{service}> lo:fundingRoute <{ID}funding-route/free> }}"))
    with make_app(settings).app_context():
        offers = schema_org_data(service).get("offers", {})
    assert offers.get("price") == price
    oruk = exported(make_app, settings, f"/oruk/services/{SERVICE_ID}")
    assert [c["amount"] for c in oruk.get("cost_options", [])] == ([0] if route == "free" else [])


def test_opening_times_and_postcode_filters_over_imported_details(project, tmp_path, make_app):
    """Imported opening times (TH,FR 10:00-18:00) and a place's postcode answer the ORUK filters that the
    sample build refuses: day, start_time, end_time, and postcode by its outward code."""
    settings, imports = project
    record = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    address = record["service_at_locations"][0]["location"]["addresses"][0]
    address.update({"postal_code": "TN4 8XA", "city": "Tunbridge Wells", "country": "GB"})
    source = tmp_path / "placed.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    do_import(settings, imports, source, name="profile-example")
    assert ask(settings, f"ASK {{ <{ID}service/oruk-{SERVICE_ID}> lo:locatedIn <{ID}area/tunbridge-wells> }}")
    client = make_app(settings).test_client()

    def found(query: str) -> bool:
        response = client.get(f"/oruk/services?per_page=1000&{query}")
        assert response.status_code == 200, response.json
        return SERVICE_ID in {s["id"] for s in response.json["contents"]}

    assert found("day=TH") and found("day=friday") and not found("day=MO")
    assert found("start_time=10:00") and not found("start_time=10:30")
    assert found("end_time=18:00") and not found("end_time=17:59")
    assert found("day=FR&start_time=09:00&end_time=18:00") and not found("day=MO&start_time=09:00")
    assert found("postcode=TN4 8XA") and found("postcode=tn48xa") and found("postcode=TN4")
    refused = client.get("/oruk/services?postcode=BN1 1AA")
    assert refused.status_code == 400 and refused.json["parameter"] == "postcode"
    assert "BN1" in refused.json["error"] and "no postcode directory" in refused.json["error"]
    at = client.get("/oruk/service_at_locations?postcode=TN4&per_page=1000").json["contents"]
    mine = [item for item in at if item["service"]["id"] == SERVICE_ID]
    assert mine
    one = client.get(f"/oruk/service_at_locations/{mine[0]['id']}").json
    assert one["location"]["addresses"][0]["postal_code"] == "TN4 8XA"


def test_every_detail_an_import_keeps_dereferences(project, make_app):
    """The nodes of opening times, prices, places, addresses... have IRIs under /id/ like contacts: each
    answers, as a page and as Turtle."""
    settings, imports = project
    do_import(settings, imports, EXAMPLES / "service_full.json", name="profile-example")
    store = EmbeddedStore(Layout(settings.data_dir).current().store_path)
    kinds = "schedule|cost|language|servicearea|venue|address|accessibility|identifier"
    rows = store.select(f"SELECT DISTINCT ?node WHERE {{ ?node ?p ?o . FILTER(REGEX(STR(?node), '^{ID}({kinds})/')) }}")
    nodes = sorted(row["node"].value for row in rows)
    assert {n.removeprefix(ID).split("/")[0] for n in nodes} == set(kinds.split("|"))
    client = make_app(settings).test_client()
    for iri in nodes:
        path = iri.removeprefix("https://w3id.org/se7-local-offer")
        assert client.get(path).status_code == 200, path
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200, path
