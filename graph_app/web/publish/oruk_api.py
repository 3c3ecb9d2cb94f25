"""An Open Referral UK (ORUK) 3-compatible read API over the built graph, so that directories which read
ORUK (the Department for Education's family hubs directory, council directories) can read the local offer.

/oruk/services (the profile's filters: oruk_filters.py), /oruk/services/{id}, /oruk/service_at_locations
(the same filters) and /oruk/service_at_locations/{id}, /oruk/organizations, /oruk/organizations/{id},
/oruk/taxonomies, /oruk/taxonomies/{id}, /oruk/taxonomy_terms, /oruk/taxonomy_terms/{id}, and the OpenAPI
description at /oruk/openapi.json. A taxonomy_term_id is a term's id, its slug or its official code (ASD). CORS is open:
the data is public. Ids are UUIDs as the profile asks: a record imported from ORUK keeps its own id (its
slug is oruk-{uuid}); every other record gets a UUID made from its IRI (uuid5), which never changes while
the IRI does not. The record's slug is accepted too.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, Response, jsonify
from pyoxigraph import NamedNode

from ..core.graph import get_graph
from ..core.public_url import absolute
from . import oruk_records as shape
from .oruk_filters import BadParameter, service_filters, whole_number
from .oruk_openapi import openapi_document
from .oruk_records import oruk_id

oruk = Blueprint("oruk", __name__, url_prefix="/oruk")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
PROFILE = "https://openreferraluk.org/"


@oruk.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter) -> tuple[Response, int]:
    return jsonify({"error": error.message, "parameter": error.name}), 400


@oruk.after_request
def _open_cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# ---------------------------------------------------------------- parameters


def _paging() -> tuple[int, int]:
    return (
        whole_number("page", 1, 10**6, 1) or 1,
        whole_number("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE) or DEFAULT_PER_PAGE,
    )


def _page(total: int, page: int, per_page: int, contents: list[dict]) -> dict[str, Any]:
    pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": per_page,
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


# ---------------------------------------------------------------- routes


@oruk.get("/")
def about() -> Response:
    return jsonify({"version": "3.0", "profile": PROFILE, "openapi_url": absolute("/oruk/openapi.json")})


@oruk.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(absolute("/oruk")))  # GRAPH_APP_PUBLIC_URL, not the Host header


def _matching_services(filters: dict[str, Any]) -> list[str]:
    """The IRIs of the services that pass the filters, in a stable order. Only IRIs are read here; the
    fields are read for the one page shown (_service_rows), so a page costs the same at any size."""
    graph = get_graph()
    return sorted(row["service"].value for row in graph.library.select(graph.store, "export/oruk_services", **filters))


def _service_rows(iris: list[str]) -> dict[str, dict]:
    """IRI -> the one-to-one fields of each service given (one query for them all)."""
    if not iris:
        return {}
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_service", service=[NamedNode(i) for i in iris])
    return {row["service"].value: row for row in rows}


@oruk.get("/services")
def services() -> Response:
    page, per_page = _paging()
    filters = service_filters()
    if filters is None:
        return jsonify(_page(0, page, per_page, []))
    matching = _matching_services(filters)
    shown = matching[(page - 1) * per_page : page * per_page]
    rows = _service_rows(shown)
    return jsonify(_page(len(matching), page, per_page, [shape.service(rows[i]) for i in shown if i in rows]))


@oruk.get("/services/<record_id>")
def service(record_id: str) -> Response | tuple[Response, int]:
    iri = shape.lookup("service", record_id)
    if iri is None:
        return _not_found("service", record_id)
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_service", service=iri)
    if not rows:
        return _not_found("service", record_id)
    return jsonify(shape.full_service(rows[0]))


@oruk.get("/service_at_locations")
def service_at_locations() -> Response:
    """Each service at each place it is based in, with the same filters as /services."""
    page, per_page = _paging()
    filters = service_filters()
    if filters is None:
        return jsonify(_page(0, page, per_page, []))
    places = shape.places()
    pairs = [(iri, at) for iri in _matching_services(filters) for at in places.get(iri, [])]
    shown = pairs[(page - 1) * per_page : page * per_page]
    rows = _service_rows(list(dict.fromkeys(iri for iri, _at in shown)))
    contents = [
        {"id": at_id, "location": shape.location(place, name), "service": shape.service(rows[iri])}
        for iri, (at_id, place, name) in shown
        if iri in rows
    ]
    return jsonify(_page(len(pairs), page, per_page, contents))


@oruk.get("/service_at_locations/<record_id>")
def service_at_location(record_id: str) -> Response | tuple[Response, int]:
    found = shape.at_location_ids().get(record_id.strip().lower())
    rows = _service_rows([found[0]]) if found else {}
    if not found or found[0] not in rows:
        return _not_found("service at a location", record_id)
    service_iri, place, name = found
    venues = shape.details([service_iri]).get(service_iri, {}).get("service_at_locations", [])
    return jsonify(
        {
            "id": record_id.strip().lower(),
            "location": shape.located(place, name, {venue["id"]: venue for venue in venues}),
            "service": shape.full_service(rows[service_iri]),
        }
    )


@oruk.get("/organizations")
def organizations() -> Response:
    page, per_page = _paging()
    graph = get_graph()
    total = int(graph.library.select(graph.store, "export/oruk_organizations_count")[0]["count"].value)
    rows = graph.library.select(graph.store, "export/oruk_organizations", page=page, per_page=per_page)
    return jsonify(_page(total, page, per_page, [_organization_record(row) for row in rows]))


def _organization_record(row: dict) -> dict[str, Any]:
    record = shape.organization(
        {
            "provider": row["organization"],
            "providerLabel": row.get("label"),
            "providerDescription": row.get("description"),
            "providerUrl": row.get("url"),
        }
    )
    if shape.value(row, "email"):
        record["email"] = shape.value(row, "email")
    return record


@oruk.get("/organizations/<record_id>")
def organization(record_id: str) -> Response | tuple[Response, int]:
    iri = shape.lookup("organization", record_id)
    if iri is None:
        return _not_found("organization", record_id)
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_organizations", provider=iri)
    if not rows:
        return _not_found("organization", record_id)
    record = _organization_record(rows[0])
    record.update(shape.details([iri]).get(iri, {}))  # registered numbers and logo an import kept
    record["services"] = [
        shape.service(row, with_organization=False)
        for row in graph.library.select(graph.store, "export/oruk_organization_services", provider=iri)
    ]
    return jsonify(record)


def _taxonomy_records() -> list[dict[str, Any]]:
    graph = get_graph()
    return [
        {
            "id": oruk_id(row["scheme"].value),
            "name": shape.value(row, "label"),
            "description": shape.value(row, "definition") or "",
            "uri": row["scheme"].value,
        }
        for row in graph.memo("oruk_taxonomies", lambda: graph.library.select(graph.store, "export/oruk_taxonomies"))
    ]


@oruk.get("/taxonomies")
def taxonomies() -> Response:
    page, per_page = _paging()
    contents = _taxonomy_records()
    return jsonify(_page(len(contents), page, per_page, contents[(page - 1) * per_page : page * per_page]))


@oruk.get("/taxonomies/<record_id>")
def taxonomy(record_id: str) -> Response | tuple[Response, int]:
    """One taxonomy with its terms, as the profile's taxonomy record allows (taxonomy_terms)."""
    iri = shape.lookup("taxonomy", record_id)
    found = next((t for t in _taxonomy_records() if t["uri"] == iri), None)
    if found is None:
        return _not_found("taxonomy", record_id)
    terms = [t for t in shape.terms_by_iri().values() if t.get("taxonomy_id") == found["id"]]
    return jsonify({**found, "taxonomy_terms": terms})


@oruk.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    page, per_page = _paging()
    rows = shape.taxonomy_term_rows()
    names = shape.scheme_names()
    contents = [shape.taxonomy_term(row, names) for row in rows[(page - 1) * per_page : page * per_page]]
    return jsonify(_page(len(rows), page, per_page, contents))


@oruk.get("/taxonomy_terms/<record_id>")
def taxonomy_term(record_id: str) -> Response | tuple[Response, int]:
    """One term: by its id, its slug or its official code, as taxonomy_term_id accepts."""
    iri = shape.lookup("taxonomy_term", record_id)
    found = shape.terms_by_iri().get(iri or "")
    if found is None:
        return _not_found("taxonomy term", record_id)
    return jsonify(found)


def _not_found(kind: str, record_id: str) -> tuple[Response, int]:
    return jsonify({"error": f"no {kind} has the id {record_id[:80]!r}"}), 404


__all__ = ["oruk", "oruk_id"]
