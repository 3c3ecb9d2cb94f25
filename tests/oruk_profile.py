"""The Open Referral UK profile 3.0 as a validator: its OpenAPI file (../shared/reference/oruk) with the
record schemas it names by address (raw.githubusercontent.com/openreferral/uk-profile/...) resolved to
the same files kept in tests/fixtures/oruk-profile-3.0 (see its README). Nothing of ours is consulted:
a response is checked against the schema the profile's OpenAPI gives for that path and status."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012
from test_import_oruk import reference_dir

OPENAPI_FILE = reference_dir() / "oruk" / "uk-profile-3.0-openapi30.json"
SCHEMAS = Path(__file__).parent / "fixtures" / "oruk-profile-3.0"
PUBLISHED = "https://raw.githubusercontent.com/openreferral/uk-profile/main/"
PROFILE_URN = "urn:oruk-profile-openapi"
EXAMPLES = reference_dir() / "oruk" / "uk-profile-3.0-examples"


def profile_document() -> dict:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


def _retrieve(uri: str) -> Resource:
    """The profile's published schema addresses, from the kept copies (no network in tests)."""
    if not uri.startswith(PUBLISHED):
        raise LookupError(f"not a profile schema: {uri}")
    path = SCHEMAS / uri.removeprefix(PUBLISHED)
    # the compiled record schemas are HSDS 3 schemas (JSON Schema 2020-12); they name no $schema
    return Resource(contents=json.loads(path.read_text(encoding="utf-8")), specification=DRAFT202012)


@cache
def registry() -> Registry:
    # OAS 3.0 schema objects are JSON Schema draft 4 (wright-00) with extensions these files do not use
    profile = Resource(contents=profile_document(), specification=DRAFT4)
    return Registry(retrieve=_retrieve).with_resource(PROFILE_URN, profile)  # type: ignore[call-arg]


def response_schema(path: str, status: str = "200") -> dict:
    """The profile's schema for GET `path` (a template such as /services/{id}), as its OpenAPI file says."""
    document = profile_document()
    if path not in document["paths"]:
        raise KeyError(f"the profile defines no {path}")
    pointer = "/".join(
        (
            "#/paths",
            path.replace("~", "~0").replace("/", "~1"),
            "get/responses",
            status,
            "content/application~1json/schema",
        )
    )
    return {"$ref": PROFILE_URN + pointer}


def record_schema(name: str) -> dict:
    """One of the profile's record schemas, by its file under schema/ (compiled/service.json)."""
    return {"$ref": PUBLISHED + "schema/" + name}


def errors(instance: object, schema: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema, registry=registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    found = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:200]}" for e in found]
