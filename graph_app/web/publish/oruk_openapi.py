"""The OpenAPI 3 description of the ORUK export (/oruk/openapi.json). Its record schemas follow the Open
Referral UK 3.0 profile: the same field names, types and required fields, limited to the fields this
export fills; the paging fields are the profile's Page schema.

It is long (about 500 lines) because it is the document: one literal per schema, each read beside the
profile's own. Splitting the document across modules would make it harder to compare with the profile,
which is the only reason it exists."""

from __future__ import annotations

from typing import Any

TEXT = {"type": "string"}
URI = {"type": "string", "format": "uri"}
UUID = {"type": "string", "format": "uuid"}
DATE = {"type": "string", "format": "date"}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DAYS += ["Saturday", "Sunday"]  # any case is accepted (web/publish/oruk_filters.py)
TIME_OF_DAY = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
POSTCODE = "^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?( ?[0-9][A-Za-z]{2})?$"  # a postcode or its outward code


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    # OAS 3.0 (JSON Schema wright-00) forbids an empty "required": it is left out when nothing is
    shaped: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        shaped["required"] = required
    return shaped


def _list_of(ref: str) -> dict[str, Any]:
    return {
        "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {
                "type": "object",
                "required": ["contents"],
                "properties": {"contents": {"type": "array", "items": {"$ref": ref}}},
            },
        ]
    }


SCHEMAS: dict[str, Any] = {
    "Page": _object(
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
        total_items={"type": "integer", "description": "Count of total results."},
        total_pages={"type": "integer", "description": "Count of total pages."},
        page_number={"type": "integer", "description": "Current page number, from 1."},
        size={"type": "integer", "description": "Size of a page (per_page)."},
        first_page={"type": "boolean"},
        last_page={"type": "boolean"},
        empty={"type": "boolean"},
    ),
    "Organization": _object(
        ["id", "name", "description"],
        id=UUID,
        name=TEXT,
        description=TEXT,
        email=TEXT,
        website=URI,
        logo=URI,
        organization_identifiers={
            "type": "array",
            "items": _object(["id"], id=UUID, identifier_scheme=TEXT, identifier_type=TEXT, identifier=TEXT),
        },
        uri={**URI, "description": "The organisation's IRI in the SE7 Local Offer graph."},
        services={"type": "array", "items": {"$ref": "#/components/schemas/ServiceInList"}},
    ),
    "ServiceInList": _object(
        ["id", "name", "status", "url"],
        id=UUID,
        name=TEXT,
        description=TEXT,
        url=URI,
        email=TEXT,
        status={"type": "string", "enum": ["active", "inactive", "defunct", "temporarily closed"]},
        fees={**TEXT, "description": "What it costs, in words."},
        minimum_age={"type": "number"},
        maximum_age={"type": "number"},
        assured_date=DATE,
        organization={"$ref": "#/components/schemas/Organization"},
    ),
    "TaxonomyTerm": _object(
        ["id", "name", "description"],
        id=UUID,
        name=TEXT,
        description=TEXT,
        parent_id=UUID,
        taxonomy=TEXT,
        taxonomy_id=UUID,
        term=TEXT,
        term_uri=URI,
        code={**TEXT, "description": "The Department for Education census code, where there is one."},
    ),
    "Taxonomy": _object(
        ["id", "name", "description"],
        id=UUID,
        name=TEXT,
        description=TEXT,
        uri=URI,
        version=TEXT,
        taxonomy_terms={"type": "array", "items": {"$ref": "#/components/schemas/TaxonomyTerm"}},
    ),
    "Contact": _object(
        ["id"],
        id=UUID,
        name=TEXT,
        title=TEXT,
        email=TEXT,
        url=URI,
        phones={"type": "array", "items": _object(["id", "number"], id=UUID, number=TEXT)},
    ),
    "Error": _object(["error"], error=TEXT, parameter={**TEXT, "description": "The query parameter that is wrong."}),
    "Location": _object(
        ["id", "location_type"],
        id=UUID,
        name=TEXT,
        description=TEXT,
        location_type={"type": "string", "enum": ["physical", "postal", "virtual"]},
        latitude={"type": "number"},
        longitude={"type": "number"},
        external_identifier=TEXT,
        external_identifier_type=TEXT,
        addresses={
            "type": "array",
            "items": _object(
                ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
                id=UUID,
                address_1=TEXT,
                address_2=TEXT,
                city=TEXT,
                region=TEXT,
                state_province=TEXT,
                postal_code=TEXT,
                country=TEXT,
                address_type=TEXT,
            ),
        },
        accessibility={
            "type": "array",
            "items": _object(["id"], id=UUID, accessibility=TEXT, description=TEXT, details=TEXT, url=URI),
        },
        uri={
            **URI,
            "description": "The district or council's IRI in the SE7 Local Offer graph: the graph "
            "records the area a service is based in, not its street address.",
        },
    ),
}
SCHEMAS["ServiceAtLocationInList"] = _object(
    ["id", "location", "service"],
    id=UUID,
    location={"$ref": "#/components/schemas/Location"},
    service={"$ref": "#/components/schemas/ServiceInList"},
)
SCHEMAS["Service"] = {
    "allOf": [
        {"$ref": "#/components/schemas/ServiceInList"},
        _object(
            ["id", "name", "status"],
            attributes={
                "type": "array",
                "items": _object(
                    ["id"],
                    id=UUID,
                    link_id=UUID,
                    link_type=TEXT,
                    taxonomy_term_id=UUID,
                    taxonomy_term={"$ref": "#/components/schemas/TaxonomyTerm"},
                ),
            },
            service_areas={
                "type": "array",
                "items": _object(
                    ["id"], id=UUID, name=TEXT, service_area=TEXT, extent=TEXT, extent_type=TEXT, uri=TEXT
                ),
            },
            contacts={"type": "array", "items": {"$ref": "#/components/schemas/Contact"}},
            schedules={
                "type": "array",
                "items": _object(
                    ["id"],
                    id=UUID,
                    description=TEXT,
                    byday=TEXT,
                    bymonthday=TEXT,
                    freq=TEXT,
                    interval={"type": "number"},
                    dtstart=TEXT,
                    valid_from=TEXT,
                    valid_to=TEXT,
                    opens_at=TEXT,
                    closes_at=TEXT,
                    schedule_link=URI,
                    attending_type=TEXT,
                    notes=TEXT,
                ),
            },
            cost_options={
                "type": "array",
                "items": _object(
                    ["id"],
                    id=UUID,
                    option=TEXT,
                    amount={"type": "number", "description": "In pounds; 0 is free."},
                    amount_description=TEXT,
                    valid_from=TEXT,
                    valid_to=TEXT,
                ),
            },
            languages={"type": "array", "items": _object(["id"], id=UUID, name=TEXT, code=TEXT, note=TEXT)},
            funding={"type": "array", "items": _object(["id"], id=UUID, source=TEXT)},
            accreditations=TEXT,
            alert=TEXT,
            last_modified=TEXT,
            service_at_locations={
                "type": "array",
                "items": _object(["id", "location"], id=UUID, location={"$ref": "#/components/schemas/Location"}),
            },
        ),
    ]
}
SCHEMAS["ServiceAtLocation"] = _object(
    ["id", "location", "service"],
    id=UUID,
    location={"$ref": "#/components/schemas/Location"},
    service={"$ref": "#/components/schemas/Service"},
)

PARAMETERS: dict[str, Any] = {
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Results on a page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50},
    },
    "text": {
        "name": "text",
        "in": "query",
        "required": False,
        "description": "Words the service's name or description contains (also accepted as 'search', the "
        "profile's name).",
        "schema": {"type": "string", "maxLength": 200},
    },
    "minimum_age": {
        "name": "minimum_age",
        "in": "query",
        "required": False,
        "description": "Services whose minimum age is at least this.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 150},
    },
    "maximum_age": {
        "name": "maximum_age",
        "in": "query",
        "required": False,
        "description": "Services whose maximum age is at most this.",
        "schema": {"type": "integer", "minimum": 0, "maximum": 150},
    },
    "taxonomy_term_id": {
        "name": "taxonomy_term_id",
        "in": "query",
        "required": False,
        "description": "Services for this need or a narrower one: the term's id, its slug or "
        "its official code (the Department for Education census code, such as "
        "ASD).",
        "schema": {"type": "string"},
    },
    "search": {
        "name": "search",
        "in": "query",
        "required": False,
        "description": "The profile's name for text: words the service's name or description contains.",
        "schema": {"type": "string", "maxLength": 200},
    },
    "taxonomy_id": {
        "name": "taxonomy_id",
        "in": "query",
        "required": False,
        "description": "Services for any need in this list of needs (a taxonomy's id or slug).",
        "schema": {"type": "string"},
    },
    "organization_id": {
        "name": "organization_id",
        "in": "query",
        "required": False,
        "description": "Services this organisation runs (its id or slug).",
        "schema": {"type": "string"},
    },
    "day": {
        "name": "day",
        "in": "query",
        "required": False,
        "description": "Services with opening times on this day (MO, TU... or Monday...). A 400 when no "
        "service in the directory gives its opening times as days and times.",
        "schema": {"type": "string", "enum": DAYS},
    },
    "start_time": {
        "name": "start_time",
        "in": "query",
        "required": False,
        "description": "Services with opening times starting at or after this time of day (09:30). A 400 "
        "when no service gives its opening times as days and times.",
        "schema": {"type": "string", "pattern": TIME_OF_DAY},
    },
    "end_time": {
        "name": "end_time",
        "in": "query",
        "required": False,
        "description": "Services with opening times ending at or before this time of day (17:00). A 400 "
        "when no service gives its opening times as days and times.",
        "schema": {"type": "string", "pattern": TIME_OF_DAY},
    },
    "postcode": {
        "name": "postcode",
        "in": "query",
        "required": False,
        "description": "Services serving the districts or councils of this postcode's outward code (TN4 of "
        "TN4 8XA), as the postcodes of the directory's own records place it; the directory has no postcode "
        "directory, so an outward code none of its records has is a 400.",
        "schema": {"type": "string", "pattern": POSTCODE},
    },
    "proximity": {
        "name": "proximity",
        "in": "query",
        "required": False,
        "description": "Not supported: the directory holds no postcode positions to measure distance from. "
        "Always a 400.",
        "schema": {"type": "string"},
    },
    "id": {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "The record's id (or its slug).",
        "schema": {"type": "string"},
    },
}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _ok(description, {"$ref": "#/components/schemas/Error"})


def _params(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


FILTERS = _params(
    "text",
    "search",
    "minimum_age",
    "maximum_age",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "day",
    "start_time",
    "end_time",
    "postcode",
    "proximity",
)


def openapi_document(server_url: str) -> dict[str, Any]:
    """The description, with the server this app answers on (web/public_url.py: GRAPH_APP_PUBLIC_URL when set,
    never a client's Host header then)."""
    paging = _params("page", "per_page")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "SE7 Local Offer: Open Referral UK read API",
            "version": "3.0",
            "description": "The special educational needs and disabilities (SEND) Local Offer of the seven SE7 "
            "councils in the shape of the Open Referral UK (ORUK) 3.0 profile. Read only; "
            "CORS is open. Records marked as sample data in the explorer are invented.",
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getAPIMetaInformation",
                    "summary": "About this API",
                    "responses": {
                        "200": _ok(
                            "The ORUK version, profile and this description's address.",
                            _object([], version=TEXT, profile=URI, openapi_url=URI),
                        )
                    },
                }
            },
            "/services": {
                "get": {
                    "operationId": "getPaginatedListOfServices",
                    "summary": "A page of services",
                    "parameters": FILTERS + paging,
                    "responses": {
                        "200": _ok("A page of services.", _list_of("#/components/schemas/ServiceInList")),
                        "400": _error("A query parameter is wrong; the message names it."),
                    },
                }
            },
            "/services/{id}": {
                "get": {
                    "operationId": "getFullyNestedServiceById",
                    "summary": "One service with its needs, areas, contacts and schedule",
                    "parameters": _params("id"),
                    "responses": {
                        "200": _ok("The service.", {"$ref": "#/components/schemas/Service"}),
                        "404": _error("No service has this id."),
                    },
                }
            },
            "/service_at_locations": {
                "get": {
                    "operationId": "getPaginatedListOfServiceAtLocations",
                    "summary": "A page of services at the places they are based in",
                    "parameters": FILTERS + paging,
                    "responses": {
                        "200": _ok(
                            "A page of services at locations.", _list_of("#/components/schemas/ServiceAtLocationInList")
                        ),
                        "400": _error("A query parameter is wrong; the message names it."),
                    },
                }
            },
            "/service_at_locations/{id}": {
                "get": {
                    "operationId": "getServiceAtLocationWithNestedDataById",
                    "summary": "One service at one place, with the service's needs, areas, contacts and schedule",
                    "parameters": _params("id"),
                    "responses": {
                        "200": _ok("The service at the location.", {"$ref": "#/components/schemas/ServiceAtLocation"}),
                        "404": _error("No service at a location has this id."),
                    },
                }
            },
            "/organizations": {
                "get": {
                    "operationId": "getPaginatedListOfOrganizations",
                    "summary": "A page of organisations",
                    "parameters": paging,
                    "responses": {
                        "200": _ok("A page of organisations.", _list_of("#/components/schemas/Organization")),
                        "400": _error("A query parameter is wrong; the message names it."),
                    },
                }
            },
            "/organizations/{id}": {
                "get": {
                    "operationId": "getOrganizationById",
                    "summary": "One organisation with its services",
                    "parameters": _params("id"),
                    "responses": {
                        "200": _ok("The organisation.", {"$ref": "#/components/schemas/Organization"}),
                        "404": _error("No organisation has this id."),
                    },
                }
            },
            "/taxonomies": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomies",
                    "summary": "The lists of needs",
                    "parameters": paging,
                    "responses": {"200": _ok("A page of taxonomies.", _list_of("#/components/schemas/Taxonomy"))},
                }
            },
            "/taxonomies/{id}": {
                "get": {
                    "operationId": "getTaxonomyById",
                    "summary": "One list of needs, with its terms",
                    "parameters": _params("id"),
                    "responses": {
                        "200": _ok("The taxonomy.", {"$ref": "#/components/schemas/Taxonomy"}),
                        "404": _error("No taxonomy has this id."),
                    },
                }
            },
            "/taxonomy_terms/{id}": {
                "get": {
                    "operationId": "getTaxonomyTermById",
                    "summary": "One need, as a taxonomy term (by id, slug or official code)",
                    "parameters": _params("id"),
                    "responses": {
                        "200": _ok("The taxonomy term.", {"$ref": "#/components/schemas/TaxonomyTerm"}),
                        "404": _error("No taxonomy term has this id."),
                    },
                }
            },
            "/taxonomy_terms": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomyTerms",
                    "summary": "The needs, as taxonomy terms",
                    "parameters": paging,
                    "responses": {
                        "200": _ok("A page of taxonomy terms.", _list_of("#/components/schemas/TaxonomyTerm"))
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
    }
