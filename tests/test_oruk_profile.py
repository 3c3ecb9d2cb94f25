"""Our ORUK API against the Open Referral UK profile 3.0 itself (tests/oruk_profile.py): every endpoint
the profile defines, for a spread of records, validated with jsonschema against the schema the profile's
OpenAPI file gives for that path; our /oruk/openapi.json checked with openapi-spec-validator; every filter
the profile defines for a list either works or is a 400 naming it."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate
from oruk_profile import EXAMPLES, errors, profile_document, record_schema, response_schema

LISTS = ["/services", "/taxonomies", "/taxonomy_terms", "/service_at_locations"]
SAMPLE = 25  # full records checked per endpoint, spread evenly over all of them


@pytest.fixture(scope="module")
def api(served, make_module_app):
    return make_module_app(served).test_client()


def every(api, path: str) -> list[dict]:
    page = api.get(f"/oruk{path}?per_page=1000")
    assert page.status_code == 200, page.json
    assert page.json["total_items"] == len(page.json["contents"]) > 0
    return page.json["contents"]


def spread(items: list, count: int = SAMPLE) -> list:
    step = max(1, len(items) // count)
    return items[::step][:count]


def assert_valid(instance: object, schema: dict, where: str) -> None:
    found = errors(instance, schema)
    assert not found, f"{where}: {found[:6]}"


# ---------------------------------------------------------------- the validator itself


@pytest.mark.parametrize(
    ("example", "path"),
    [
        ("service_full.json", "/services/{id}"),
        ("service_list.json", "/services"),
        ("taxonomy.json", "/taxonomies/{id}"),
        ("taxonomy_list.json", "/taxonomies"),
        ("taxonomy_term.json", "/taxonomy_terms/{id}"),
        ("taxonomy_term_list.json", "/taxonomy_terms"),
        ("service_at_location_list.json", "/service_at_locations"),
    ],
)
def test_the_profiles_own_examples_pass_its_schemas(example, path):
    assert_valid(json.loads((EXAMPLES / example).read_text()), response_schema(path), example)


def test_the_profile_schemas_refuse_what_the_issue_found():
    """Not vacuous: a service whose attribute's taxonomy term has no description fails, as do a page with
    a wrong paging type and a taxonomy term without a description."""
    service = json.loads((EXAMPLES / "service_full.json").read_text())
    del service["attributes"][0]["taxonomy_term"]["description"]
    assert any("'description' is a required property" in e for e in errors(service, response_schema("/services/{id}")))
    page = json.loads((EXAMPLES / "service_list.json").read_text())
    page["total_items"] = "many"
    assert any("'many' is not of type 'integer'" in e for e in errors(page, response_schema("/services")))
    term = {"id": "0e5c8f8e-6e4b-4c8e-9a53-4d7a1b8f3d21", "name": "Autism"}
    assert errors(term, response_schema("/taxonomy_terms/{id}"))
    assert errors({**term, "description": "x", "id": "not-a-uuid"}, response_schema("/taxonomy_terms/{id}"))


# ---------------------------------------------------------------- every endpoint, a spread of records


def test_about_validates(api):
    assert_valid(api.get("/oruk/").json, response_schema("/"), "/")


@pytest.mark.parametrize("path", LISTS)
def test_list_pages_validate(api, path):
    for query in ("per_page=1000", "per_page=7&page=2", "per_page=5&page=100000"):
        response = api.get(f"/oruk{path}?{query}")
        assert response.status_code == 200
        assert_valid(response.json, response_schema(path), f"{path}?{query}")


def test_every_service_validates_in_full(api):
    listed = every(api, "/services")
    for item in spread(listed, len(listed)):
        full = api.get(f"/oruk/services/{item['id']}")
        assert full.status_code == 200
        assert_valid(full.json, response_schema("/services/{id}"), f"/services/{item['id']}")


@pytest.mark.parametrize(
    ("list_path", "one_path"), [("/taxonomies", "/taxonomies/{id}"), ("/taxonomy_terms", "/taxonomy_terms/{id}")]
)
def test_taxonomies_and_terms_by_id(api, list_path, one_path):
    listed = every(api, list_path)
    for item in spread(listed):
        one = api.get(f"/oruk{list_path}/{item['id']}")
        assert one.status_code == 200, (list_path, item["id"])
        assert_valid(one.json, response_schema(one_path), f"{list_path}/{item['id']}")
        assert {k: one.json[k] for k in item if k != "taxonomy_terms"} == {
            k: v for k, v in item.items() if k != "taxonomy_terms"
        }
    assert api.get(f"/oruk{list_path}/no-such-id").status_code == 404


def test_a_taxonomy_lists_its_terms(api):
    taxonomy = every(api, "/taxonomies")[0]
    one = api.get(f"/oruk/taxonomies/{taxonomy['id']}").json
    terms = [t for t in every(api, "/taxonomy_terms") if t.get("taxonomy_id") == taxonomy["id"]]
    assert terms and {t["id"] for t in one["taxonomy_terms"]} == {t["id"] for t in terms}


def test_services_at_locations_validate(api):
    """The profile's OpenAPI gives /service_at_locations/{id} the *service* schema (compiled/service.json)
    although it describes the answer as 'a fully nested service_at_location' and publishes
    compiled/service_at_location.json for it: a copying slip in the profile. We follow the description and
    the record schema the profile publishes for it, and check against that."""
    assert response_schema("/service_at_locations/{id}")["$ref"]  # the path is in the profile
    listed = every(api, "/service_at_locations")
    for item in spread(listed):
        one = api.get(f"/oruk/service_at_locations/{item['id']}")
        assert one.status_code == 200
        assert_valid(
            one.json, record_schema("compiled/service_at_location.json"), f"/service_at_locations/{item['id']}"
        )


def test_organizations_validate_against_the_profiles_organization_records(api):
    """/organizations is ours (the profile has no path for it); its records follow the profile's schemas."""
    listed = every(api, "/organizations")
    for item in listed:
        assert_valid(item, record_schema("compiled/organization_list.json"), f"/organizations {item['id']}")
    for item in spread(listed, 8):
        one = api.get(f"/oruk/organizations/{item['id']}").json
        assert_valid(one, record_schema("compiled/organization.json"), f"/organizations/{item['id']}")


# ---------------------------------------------------------------- our OpenAPI description


def test_our_openapi_description_is_valid_oas_3_0(api):
    document = api.get("/oruk/openapi.json").json
    validate(document)  # raises with the first error
    assert document["openapi"].startswith("3.0")
    assert set(profile_document()["paths"]) <= {p for p in document["paths"]}


def test_our_openapi_names_every_filter_the_profile_defines(api):
    ours = api.get("/oruk/openapi.json").json
    for path, operation in profile_document()["paths"].items():
        wanted = {
            profile_document()["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]]["name"]
            for p in operation.get("get", {}).get("parameters", [])
        }
        given = {
            (ours["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]] if "$ref" in p else p)["name"]
            for p in ours["paths"][path]["get"].get("parameters", [])
        }
        assert wanted <= given, (path, wanted - given)


# ---------------------------------------------------------------- filters


def _profile_parameters(path: str) -> list[str]:
    document = profile_document()
    return [
        document["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]]["name"]
        for p in document["paths"][path]["get"].get("parameters", [])
    ]


IMPOSSIBLE = {
    "search": "zzqx no such words",
    "taxonomy_term_id": "no-such-term",
    "taxonomy_id": "no-such-taxonomy",
    "minimum_age": "150",
    "maximum_age": "0",
    "day": "SU",  # the sample's opening times (data/sample/service-details.ttl) are all on weekdays
    "start_time": "23:00",
    "end_time": "06:00",
}


def _total(api, path: str, query: str = "") -> int:
    response = api.get(f"/oruk{path}?per_page=1000&{query}")
    assert response.status_code == 200, (query, response.json)
    return response.json["total_items"]


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_every_profile_filter_narrows_or_is_refused_by_name(api, path):
    """Each filter the profile gives this list, with a sensible value: it narrows the list, or it is a 400
    naming it (on the sample build: it holds no postcodes; its opening times are days and times)."""
    terms = every(api, "/taxonomy_terms")
    autism = next(t for t in terms if t["term_uri"].endswith("/need/autism"))
    values = {
        "search": "autism",
        "taxonomy_term_id": autism["id"],
        "taxonomy_id": every(api, "/taxonomies")[0]["id"],
        "minimum_age": "5",
        "maximum_age": "18",
        "day": "MO",
        "start_time": "09:00",
        "end_time": "17:00",
        "postcode": "TN4 8XA",
        "proximity": "1000",
    }
    everything = _total(api, path)
    refused = set()
    for name in _profile_parameters(path):
        if name in ("page", "per_page"):
            continue
        response = api.get(f"/oruk{path}?per_page=1000&{name}={values[name]}")
        if response.status_code == 400:
            assert response.json["parameter"] == name and name in response.json["error"], response.json
            refused.add(name)
            continue
        assert response.status_code == 200
        assert 0 < response.json["total_items"] <= everything, (name, response.json["total_items"], everything)
        # not ignored: a value nothing matches gives nothing
        assert _total(api, path, f"{name}={IMPOSSIBLE[name]}") == 0, name
    assert refused == {"postcode", "proximity"} & set(_profile_parameters(path))


def test_taxonomy_id_is_any_term_of_that_taxonomy(api):
    terms = every(api, "/taxonomy_terms")
    for taxonomy in every(api, "/taxonomies"):
        mine = [t for t in terms if t.get("taxonomy_id") == taxonomy["id"]]
        union = set()
        for term in mine:
            union |= {s["id"] for s in every_or_none(api, f"/services?taxonomy_term_id={term['id']}")}
        found = {s["id"] for s in every_or_none(api, f"/services?taxonomy_id={taxonomy['id']}")}
        assert found == union, taxonomy["name"]
    assert _total(api, "/services", "taxonomy_id=no-such-taxonomy") == 0


def every_or_none(api, path_and_query: str) -> list[dict]:
    response = api.get(f"/oruk{path_and_query}&per_page=1000")
    assert response.status_code == 200
    return response.json["contents"]


def test_organization_id_filters_by_who_runs_it(api):
    organization = every(api, "/organizations")[0]
    services = every_or_none(api, f"/services?organization_id={organization['id']}")
    assert services and all(s["organization"]["id"] == organization["id"] for s in services)
    full = api.get(f"/oruk/organizations/{organization['id']}").json
    assert {s["id"] for s in services} == {s["id"] for s in full["services"]}


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("day=Funday", "day", "day of the week"),
        ("start_time=9am", "start_time", "time of day"),
        ("end_time=25:00", "end_time", "time of day"),
        ("postcode=not-a-postcode", "postcode", "UK postcode"),
        ("postcode=TN4", "postcode", "no postcode directory"),
        ("proximity=500&postcode=TN4 8XA", "proximity", "postcode positions"),
        ("minimal=true", "minimal", "not supported"),
        ("modified_after=2025-01-01", "modified_after", "not supported"),
        ("format=ndjson", "format", "json"),
        ("search=" + "x" * 201, "search", "200 characters"),
        ("taxonomy_id=" + "x" * 201, "taxonomy_id", "200 characters"),
    ],
)
def test_filters_that_cannot_be_answered_are_400s_naming_them(api, query, parameter, words):
    for path in ("/services", "/service_at_locations"):
        response = api.get(f"/oruk{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.json["parameter"] == parameter and words in response.json["error"], response.json
