"""Schemathesis against the ORUK API's own OpenAPI description (/oruk/openapi.json), on the Flask app in
process (WSGI) over the real build: every operation, with generated parameters; no 5xx, and every response
matches the description's status codes, content types and bodies. A few dozen cases per operation in the
normal run (HYPOTHESIS_PROFILE=thorough for more). Driven from hypothesis directly: schemathesis's pytest
plugin does not load under this pytest version."""

from __future__ import annotations

import os

import pytest

# schemathesis imports its coverage module lazily, where pytest (run by hand, plugins autoloaded; `make test`
# autoloads none: Makefile) rewrites it with ast; in CPython 3.11 that can
# fail ("AST constructor recursion depth mismatch") while another thread compiles, so it is imported here,
# at collection, before any test's background thread runs
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.coverage import _schema  # noqa: F401
from schemathesis.specs.openapi.schemas import OpenApiSchema  # noqa: F401 - from_wsgi imports it lazily

DATA_DEPENDENT = {"day", "start_time", "end_time", "postcode", "proximity"}
EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 25


@pytest.fixture(scope="module")
def oruk_schema(built, make_module_app):
    app = make_module_app(built, TESTING=False)
    return schemathesis.openapi.from_wsgi("/oruk/openapi.json", app)


def operations(schema) -> list:
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())
    return found


def test_the_description_lists_every_oruk_route(oruk_schema):
    paths = {op.path for op in operations(oruk_schema)}
    assert {
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomy_terms",
    } <= {p.removeprefix("/oruk") for p in paths}, paths


def test_oruk_api_conforms_to_its_openapi_description(oruk_schema, record_property):
    tried = 0
    for operation in operations(oruk_schema):

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case):
            nonlocal tried
            tried += 1
            # schemathesis's WSGI client sends requests' default Accept-Encoding (gzip) but never decodes the
            # answer; the app compresses JSON when asked (core/static_files.py), so ask for it uncompressed
            response = case.call(headers={"Accept-Encoding": "identity"})
            assert response.status_code < 500, (case.path, case.query, case.path_parameters)
            # opening times and postcodes are answered only where the data has them (oruk_filters.py): a
            # well-formed value may rightly be a 400, which must then name one of those filters
            depends = DATA_DEPENDENT & set(case.query or {})
            if depends and response.status_code == 400:
                assert response.json()["parameter"] in depends, response.json()
            case.validate_response(response, excluded_checks=[positive_data_acceptance] if depends else None)

        conforms()
    record_property("schemathesis_cases", tried)
    assert tried >= 6
