"""Our ORUK API against the Open Referral UK profile 3.0 itself (tests/oruk_profile.py): every endpoint
the profile defines, for a spread of records, validated with jsonschema against the schema the profile's
OpenAPI file gives for that path; our /oruk/openapi.json checked with openapi-spec-validator; every filter
the profile defines for a list either works or is a 400 naming it."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate
from oruk_profile import EXAMPLES, errors, profile_document, record_schema, response_schema

from graph_app.web import create_app

LISTS = ["/services", "/taxonomies", "/taxonomy_terms", "/service_at_locations"]
SAMPLE = 25  # full records checked per endpoint, spread evenly over all of them


@pytest.fixture(scope="module")
def api(served):
    return create_app({"TESTING": True}, settings=served).test_client()


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
