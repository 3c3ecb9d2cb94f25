"""The Open Referral UK (ORUK) read API over the sample build: every answer validates against the
profile's Page schema (from uk-profile-3.0-openapi30.json) with its contents checked against our OpenAPI
record schemas, which the profile's own example records also pass; bad parameters give a 400 naming
the parameter; CORS is open."""

from __future__ import annotations

import json
import math

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from test_import_oruk import reference_dir

from graph_app.web.publish.oruk_api import oruk_id
from graph_app.web.publish.oruk_openapi import openapi_document

PROFILE = json.loads((reference_dir() / "oruk" / "uk-profile-3.0-openapi30.json").read_text(encoding="utf-8"))
EXAMPLES = reference_dir() / "oruk" / "uk-profile-3.0-examples"
OURS = openapi_document("http://localhost/oruk")
# the profile's list responses: Page (its own schema) and contents whose items $ref the profile's compiled
# record schemas, published outside the file; here those addresses resolve to our schemas of the same records
PROFILE_RECORDS = {
    "/services": "ServiceInList",
    "/taxonomies": "Taxonomy",
    "/taxonomy_terms": "TaxonomyTerm",
    "/service_at_locations": "ServiceAtLocationInList",
}


def _registry() -> Registry:
    ours = {"components": OURS["components"]}
    resources = [
        ("urn:oruk-profile", Resource(contents=PROFILE, specification=DRAFT4)),
        ("urn:ours", Resource(contents=ours, specification=DRAFT4)),
    ]
    for path, operation in PROFILE["paths"].items():
        schema = (
            operation.get("get", {})
            .get("responses", {})
            .get("200", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema", {})
        )
        items = schema.get("properties", {}).get("contents", {}).get("items", {})
        if "$ref" in items and path in PROFILE_RECORDS:
            target = {"$ref": f"urn:ours#/components/schemas/{PROFILE_RECORDS[path]}"}
            resources.append((items["$ref"], Resource(contents=target, specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def profile_page_schema(path: str) -> dict:
    """The profile's 200 schema for a list path, as written in its OpenAPI file."""
    pointer = f"urn:oruk-profile#/paths/{path.replace('/', '~1')}/get/responses/200/content/application~1json/schema"
    return {"allOf": [{"$ref": pointer}, {"required": ["contents"]}]}


def our_schema(name: str) -> dict:
    return {"$ref": f"urn:ours#/components/schemas/{name}"}


def check(instance: dict, schema: dict) -> None:
    validator = jsonschema.Draft4Validator(schema, registry=REGISTRY, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(scope="module")
def api(served, make_module_app):
    return make_module_app(served).test_client()


def test_profile_examples_pass_our_record_schemas():
    """Our schemas say the same as the profile's records: the profile's own examples pass them."""
    check(json.loads((EXAMPLES / "service_full.json").read_text()), our_schema("Service"))
    check(json.loads((EXAMPLES / "organization_full.json").read_text()), our_schema("Organization"))
    check(json.loads((EXAMPLES / "taxonomy.json").read_text()), our_schema("Taxonomy"))
    check(json.loads((EXAMPLES / "taxonomy_term.json").read_text()), our_schema("TaxonomyTerm"))
    check(json.loads((EXAMPLES / "service_at_location_full.json").read_text()), our_schema("ServiceAtLocation"))
    for name, path in (
        ("service_list.json", "/services"),
        ("taxonomy_list.json", "/taxonomies"),
        ("taxonomy_term_list.json", "/taxonomy_terms"),
        ("service_at_location_list.json", "/service_at_locations"),
    ):
        check(json.loads((EXAMPLES / name).read_text()), profile_page_schema(path))


@pytest.mark.parametrize("path", ["/services", "/taxonomies", "/taxonomy_terms", "/service_at_locations"])
def test_list_pages_validate_against_the_profile(api, path):
    response = api.get(f"/oruk{path}?per_page=7&page=2" if path != "/taxonomies" else f"/oruk{path}")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    check(response.json, profile_page_schema(path))
    check(response.json, {"$ref": "urn:ours#/components/schemas/Page"})


def test_services_page_fields_are_consistent(api):
    first = api.get("/oruk/services?per_page=10").json
    total = first["total_items"]
    assert total > 100 and first["total_pages"] == math.ceil(total / 10)
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"], first["empty"]) == (
        1,
        10,
        True,
        False,
        False,
    )
    last = api.get(f"/oruk/services?per_page=10&page={first['total_pages']}").json
    assert last["last_page"] and len(last["contents"]) == total - 10 * (first["total_pages"] - 1)
    beyond = api.get(f"/oruk/services?per_page=10&page={first['total_pages'] + 1}").json
    assert beyond["empty"] and beyond["contents"] == []
    ids = {
        s["id"]
        for p in range(1, first["total_pages"] + 1)
        for s in api.get(f"/oruk/services?per_page=10&page={p}").json["contents"]
    }
    assert len(ids) == total  # stable order: every service exactly once


def test_filters_follow_the_profile(api):
    everything = api.get("/oruk/services?per_page=1000").json["contents"]
    young = api.get("/oruk/services?minimum_age=5&per_page=1000").json["contents"]
    assert young and all(s["minimum_age"] >= 5 for s in young)
    assert len(young) == sum(1 for s in everything if s["minimum_age"] >= 5)
    capped = api.get("/oruk/services?maximum_age=18&per_page=1000").json["contents"]
    assert capped and all(s["maximum_age"] <= 18 for s in capped)
    text = api.get("/oruk/services?text=SHORT%20BREAKS&per_page=1000").json["contents"]
    assert text and all("short breaks" in (s["name"] + s["description"]).lower() for s in text)
    assert api.get("/oruk/services?search=short%20breaks&per_page=1000").json["total_items"] == len(text)


def test_taxonomy_term_filter_includes_narrower_needs(api):
    terms = api.get("/oruk/taxonomy_terms?per_page=1000").json["contents"]
    by_uri = {t["term_uri"].rsplit("/", 1)[-1]: t for t in terms}
    broad = by_uri["broad-social-emotional-mental-health"]
    narrower = [t for t in terms if t.get("parent_id") == broad["id"]]
    assert narrower
    broad_total = api.get(f"/oruk/services?taxonomy_term_id={broad['id']}").json["total_items"]
    for term in narrower:
        assert api.get(f"/oruk/services?taxonomy_term_id={term['id']}").json["total_items"] <= broad_total
    assert (
        api.get("/oruk/services?taxonomy_term_id=autism").json["total_items"]
        == api.get(f"/oruk/services?taxonomy_term_id={by_uri['autism']['id']}").json["total_items"]
        > 0
    )
    unknown = api.get("/oruk/services?taxonomy_term_id=no-such-term").json
    assert unknown["total_items"] == 0 and unknown["empty"]


def test_full_service_and_organization_validate(api):
    listed = api.get("/oruk/services?per_page=3").json["contents"]
    for item in listed:
        full = api.get(f"/oruk/services/{item['id']}")
        assert full.status_code == 200
        check(full.json, our_schema("Service"))
        assert full.json["attributes"] and full.json["contacts"] and full.json["service_areas"]
        # the list's fields, the same in the full record (whose organisation may say more: its email)
        own = {k: v for k, v in item.items() if k != "organization"}
        assert {k: full.json[k] for k in own} == own
        assert {k: full.json["organization"][k] for k in item["organization"]} == item["organization"]
        organization = api.get(f"/oruk/organizations/{item['organization']['id']}").json
        check(organization, our_schema("Organization"))
        assert item["id"] in {s["id"] for s in organization["services"]}
    check(
        api.get("/oruk/organizations?per_page=5").json,
        {
            "allOf": [
                {"$ref": "urn:ours#/components/schemas/Page"},
                {"properties": {"contents": {"items": our_schema("Organization")}}},
            ]
        },
    )


def test_services_at_locations_in_the_full_record_and_their_own_list(api):
    """Each service is at the district or council it is based in: in the full service record, in the
    /service_at_locations list (same filters as /services) and at /service_at_locations/{id}."""
    item = api.get("/oruk/services?per_page=1").json["contents"][0]
    full = api.get(f"/oruk/services/{item['id']}").json
    assert full["service_at_locations"]
    for at in full["service_at_locations"]:
        one = api.get(f"/oruk/service_at_locations/{at['id']}")
        assert one.status_code == 200
        check(one.json, our_schema("ServiceAtLocation"))
        assert one.json["location"] == at["location"] and one.json["service"]["id"] == item["id"]
        assert at["location"]["uri"].startswith("https://w3id.org/se7-local-offer/id/area/")
    listed = api.get("/oruk/service_at_locations?minimum_age=5&per_page=1000").json
    check(listed, profile_page_schema("/service_at_locations"))
    services = api.get("/oruk/services?minimum_age=5&per_page=1000").json["contents"]
    assert {s["service"]["id"] for s in listed["contents"]} == {s["id"] for s in services}
    assert all(s["service"]["minimum_age"] >= 5 for s in listed["contents"])
    assert listed["total_items"] == len(listed["contents"]) >= len(services)
    assert api.get("/oruk/service_at_locations/nope").status_code == 404
    assert api.get("/oruk/service_at_locations?per_page=0").status_code == 400


def test_taxonomy_term_id_may_be_the_official_census_code(api):
    terms = api.get("/oruk/taxonomy_terms?per_page=1000").json["contents"]
    autism = next(t for t in terms if t["term_uri"].endswith("/need/autism"))
    assert autism["code"] == "ASD"
    by_id = api.get(f"/oruk/services?taxonomy_term_id={autism['id']}").json["total_items"]
    assert by_id > 0 and api.get("/oruk/services?taxonomy_term_id=ASD").json["total_items"] == by_id


def test_ids_are_stable_uuids_and_slugs_work(api):
    iri = "https://w3id.org/se7-local-offer/id/service/send-advice-drop-in-brighton-and-hove"
    by_uuid = api.get(f"/oruk/services/{oruk_id(iri)}").json
    by_slug = api.get("/oruk/services/send-advice-drop-in-brighton-and-hove").json
    assert by_uuid == by_slug and by_uuid["id"] == oruk_id(iri)
    # an ORUK import keeps its own id
    assert (
        oruk_id("https://w3id.org/se7-local-offer/id/service/oruk-ac148810-d857-441c-9679-408f346de14b")
        == "ac148810-d857-441c-9679-408f346de14b"
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("minimum_age=twelve", "minimum_age"),
        ("maximum_age=-1", "maximum_age"),
        ("page=0", "page"),
        ("per_page=5000", "per_page"),
        ("per_page=abc", "per_page"),
        ("text=" + "x" * 201, "text"),
    ],
)
def test_bad_parameters_give_400_naming_them(api, query, parameter):
    response = api.get(f"/oruk/services?{query}")
    assert response.status_code == 400
    assert response.json["parameter"] == parameter and parameter in response.json["error"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_records_are_404_json(api):
    for path in ("/oruk/services/nope", "/oruk/organizations/nope"):
        response = api.get(path)
        assert response.status_code == 404 and response.json["error"].startswith("no ")


def test_openapi_description_is_served_and_resolves(api):
    document = api.get("/oruk/openapi.json").json
    assert document["openapi"].startswith("3.0") and set(document["paths"]) >= {
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomy_terms",
    }
    text = json.dumps(document)
    for name in set(part.split('"')[0] for part in text.split('"$ref": "#/components/schemas/')[1:]):
        assert name in document["components"]["schemas"]
        jsonschema.Draft4Validator.check_schema(document["components"]["schemas"][name])
    about = api.get("/oruk/").json
    assert about["openapi_url"].endswith("/oruk/openapi.json") and about["version"] == "3.0"


def test_the_schemas_refuse_a_wrong_page():
    """The check is not vacuous: a page with a wrong paging type or a service without a status fails."""
    wrong = {
        "total_items": "many",
        "total_pages": 1,
        "page_number": 1,
        "size": 1,
        "first_page": True,
        "last_page": True,
        "empty": False,
        "contents": [{"id": "x", "name": "A service", "url": "https://a.b"}],
    }
    with pytest.raises(AssertionError) as caught:
        check(wrong, profile_page_schema("/services"))
    assert "['total_items']: 'many' is not of type 'integer'" in str(caught.value)
    assert "[\\'contents\\', 0]: \\'status\\' is a required property" in str(
        caught.value
    ) or "'status' is a required property" in str(caught.value)


def test_a_services_need_terms_are_the_taxonomy_terms_themselves(api):
    """attributes[].taxonomy_term is the whole term as /taxonomy_terms/{id} gives it (the profile requires
    its description), and a free service says so in cost_options (amount 0) as well as in words."""
    item = api.get("/oruk/services?per_page=1").json["contents"][0]
    full = api.get(f"/oruk/services/{item['id']}").json
    for attribute in full["attributes"]:
        term = api.get(f"/oruk/taxonomy_terms/{attribute['taxonomy_term_id']}")
        assert term.status_code == 200 and attribute["taxonomy_term"] == term.json
        assert isinstance(term.json["description"], str)
    free = api.get("/oruk/services?text=free&per_page=1000").json["contents"]
    amounts = [api.get(f"/oruk/services/{s['id']}").json.get("cost_options") for s in free[:20]]
    assert any(options and options[0]["amount"] == 0 for options in amounts)
