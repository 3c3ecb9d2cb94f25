"""An Open Referral UK (ORUK) 3-compatible read API over the built graph, so that directories which read
ORUK (the Department for Education's family hubs directory, council directories) can read the local offer.

/oruk/services (text, minimum_age, maximum_age, taxonomy_term_id, page, per_page), /oruk/services/{id},
/oruk/service_at_locations (the same filters) and /oruk/service_at_locations/{id}, /oruk/organizations,
/oruk/organizations/{id}, /oruk/taxonomies, /oruk/taxonomy_terms, and the OpenAPI description at
/oruk/openapi.json. A taxonomy_term_id is a term's id, its slug or its official code (ASD). CORS is open:
the data is public. Ids are UUIDs as the profile asks: a record imported from ORUK keeps its own id (its
slug is oruk-{uuid}); every other record gets a UUID made from its IRI (uuid5), which never changes while
the IRI does not. The record's slug is accepted too.
"""

from __future__ import annotations

import math
import re
import uuid
from typing import Any

from flask import Blueprint, Response, jsonify, request
from pyoxigraph import NamedNode

from ..core.graph import get_graph
from ..core.public_url import absolute
from .oruk_openapi import openapi_document

oruk = Blueprint("oruk", __name__, url_prefix="/oruk")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_TEXT = 200
PROFILE = "https://openreferraluk.org/"
SLUG_UUID = re.compile(r"^oruk-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@oruk.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter) -> tuple[Response, int]:
    return jsonify({"error": error.message, "parameter": error.name}), 400


@oruk.after_request
def _open_cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# ---------------------------------------------------------------- ids


def oruk_id(iri: str) -> str:
    """The record's ORUK id: the source's own UUID for ORUK imports, otherwise a UUID from the IRI."""
    match = SLUG_UUID.match(iri.rsplit("/", 1)[-1])
    return match.group(1) if match else str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def _part_id(iri: str, part: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{iri}#{part}"))


def _identifiers() -> dict[tuple[str, str], str]:
    """(kind, id or slug) -> IRI, once per store version."""
    graph = get_graph()

    def compute() -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for row in graph.library.select(graph.store, "export/oruk_identifiers"):
            iri, kind = row["node"].value, row["kind"].value
            found[(kind, oruk_id(iri))] = iri
            found[(kind, iri.rsplit("/", 1)[-1])] = iri
            if "code" in row:  # a need's official code, such as the DfE census code ASD for autism
                found[(kind, row["code"].value.lower())] = iri
        return found

    return graph.memo("oruk_identifiers", compute)


def _lookup(kind: str, record_id: str) -> str | None:
    return _identifiers().get((kind, record_id.strip().lower()))


# ---------------------------------------------------------------- parameters


def _whole_number(name: str, low: int, high: int, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"\s*\d{1,7}\s*", raw):  # up to 10**6 (page); the range check below does the rest
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}, not {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}, not {value}")
    return value


def _paging() -> tuple[int, int]:
    return (_whole_number("page", 1, 10**6, 1) or 1,
            _whole_number("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE) or DEFAULT_PER_PAGE)


def _page(total: int, page: int, per_page: int, contents: list[dict]) -> dict[str, Any]:
    pages = math.ceil(total / per_page) if total else 0
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": per_page,
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


# ---------------------------------------------------------------- records


def _value(row: dict, key: str) -> str | None:
    term = row.get(key)
    return term.value if term is not None else None


def _integer(row: dict, key: str) -> int | None:
    value = _value(row, key)
    return int(value) if value is not None else None


def _organization(row: dict, prefix: str = "provider") -> dict[str, Any]:
    iri = _value(row, prefix) or ""
    name = _value(row, f"{prefix}Label") or iri.rsplit("/", 1)[-1]
    record = {"id": oruk_id(iri), "name": name,
              "description": _value(row, f"{prefix}Description") or f"{name} runs services in the SE7 Local Offer.",
              "uri": iri}
    if _value(row, f"{prefix}Url"):
        record["website"] = _value(row, f"{prefix}Url")
    return record


def _service(row: dict, with_organization: bool = True) -> dict[str, Any]:
    iri = _value(row, "service") or ""
    record: dict[str, Any] = {
        "id": oruk_id(iri),
        "name": _value(row, "name"),
        "description": _value(row, "description") or "",
        # the profile's list requires a url: the record's own page when the service has no website
        "url": _value(row, "url") or iri,
        "status": "active",
    }
    optional = {"email": _value(row, "email"), "fees": _value(row, "cost"), "minimum_age": _integer(row, "minAge"),
                "maximum_age": _integer(row, "maxAge"), "assured_date": _value(row, "lastReviewed")}
    record.update({k: v for k, v in optional.items() if v is not None})
    if with_organization:
        record["organization"] = _organization(row)
    return record


def _taxonomy_term(row: dict, scheme_names: dict[str, str]) -> dict[str, Any]:
    iri = _value(row, "term") or ""
    scheme = _value(row, "scheme") or ""
    record = {"id": oruk_id(iri), "name": _value(row, "label"), "description": _value(row, "definition") or "",
              "taxonomy": scheme_names.get(scheme, "SE7 Local Offer needs"), "term": _value(row, "label"),
              "term_uri": iri}
    if scheme:
        record["taxonomy_id"] = oruk_id(scheme)
    if _value(row, "broader"):
        record["parent_id"] = oruk_id(_value(row, "broader") or "")
    if _value(row, "notation"):
        record["code"] = _value(row, "notation")
    return record


def _scheme_names() -> dict[str, str]:
    graph = get_graph()
    return graph.memo("oruk_scheme_names", lambda: {
        row["scheme"].value: row["label"].value for row in graph.library.select(graph.store, "export/oruk_taxonomies")
    })


def _full_service(row: dict) -> dict[str, Any]:
    graph = get_graph()
    iri = _value(row, "service") or ""
    record = _service(row)
    links = graph.library.select(graph.store, "export/oruk_service_links", service=[iri])
    names = _scheme_names()
    needs = [link for link in links if _value(link, "link") == "need"]
    record["attributes"] = [
        {"id": _part_id(iri, "need-" + (_value(link, "target") or "")), "link_type": "need",
         "taxonomy_term_id": oruk_id(_value(link, "target") or ""),
         "taxonomy_term": {"id": oruk_id(_value(link, "target") or ""), "name": _value(link, "label"),
                           "term": _value(link, "label"), "taxonomy": next(iter(names.values()), "Needs"),
                           "term_uri": _value(link, "target")}}
        for link in needs
    ]
    record["service_areas"] = [
        {"id": _part_id(iri, "area-" + (_value(link, "target") or "")), "name": _value(link, "label"),
         "service_area": _value(link, "label"), "uri": _value(link, "target")}
        for link in links if _value(link, "link") == "area"
    ]
    contacts: dict[str, dict[str, Any]] = {}
    for link in links:
        if _value(link, "link") != "contact":
            continue
        contact_iri = _value(link, "target") or ""
        contact = contacts.setdefault(contact_iri, {"id": oruk_id(contact_iri), "name": _value(link, "label"),
                                                    "phones": []})
        if _value(link, "email"):
            contact["email"] = _value(link, "email")
        if _value(link, "url"):
            contact["url"] = _value(link, "url")
        phone = _value(link, "phone")
        if phone and phone not in [p["number"] for p in contact["phones"]]:
            contact["phones"].append({"id": _part_id(contact_iri, "phone-" + phone), "number": phone})
    record["contacts"] = list(contacts.values())
    if _value(row, "schedule"):
        record["schedules"] = [{"id": _part_id(iri, "schedule"), "description": _value(row, "schedule")}]
    record["service_at_locations"] = [{"id": at_id, "location": _location(place, name)}
                                      for at_id, place, name in _places().get(iri, [])]
    return record


# ---------------------------------------------------------------- services at locations


def _places() -> dict[str, list[tuple[str, str, str]]]:
    """Service IRI -> (service_at_location id, place IRI, place name) for each place it is based in, once
    per store version. The graph knows the district or council a service is based in (lo:locatedIn), not
    its street address, so that area is the ORUK location."""
    graph = get_graph()

    def compute() -> dict[str, list[tuple[str, str, str]]]:
        found: dict[str, list[tuple[str, str, str]]] = {}
        for row in graph.library.select(graph.store, "export/oruk_service_places"):
            service_iri, place = row["service"].value, row["place"].value
            name = _value(row, "placeLabel") or place.rsplit("/", 1)[-1]
            found.setdefault(service_iri, []).append((_part_id(service_iri, "at-" + place), place, name))
        return found

    return graph.memo("oruk_places", compute)


def _at_location_ids() -> dict[str, tuple[str, str, str]]:
    """service_at_location id -> (service IRI, place IRI, place name)."""
    graph = get_graph()
    return graph.memo("oruk_at_location_ids", lambda: {
        at_id: (service_iri, place, name)
        for service_iri, places in _places().items() for at_id, place, name in places})


def _location(place: str, name: str) -> dict[str, Any]:
    return {"id": oruk_id(place), "location_type": "physical", "name": name,
            "description": f"Based in {name}. The service's contacts give the address.", "uri": place}


# ---------------------------------------------------------------- routes


@oruk.get("/")
def about() -> Response:
    return jsonify({"version": "3.0", "profile": PROFILE, "openapi_url": absolute("/oruk/openapi.json")})


@oruk.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(absolute("/oruk")))  # GRAPH_APP_PUBLIC_URL, not the Host header


def _service_filters() -> dict[str, Any] | None:
    """The filters of /services and /service_at_locations as query values; None when a taxonomy term is
    unknown (a valid question whose answer is no service)."""
    text = request.args.get("text", request.args.get("search"))
    if text is not None and len(text) > MAX_TEXT:
        raise BadParameter("text", f"text must be at most {MAX_TEXT} characters")
    filters: dict[str, Any] = {
        "word": text.strip() if text and text.strip() else None,
        "min_age": _whole_number("minimum_age", 0, 150),
        "max_age": _whole_number("maximum_age", 0, 150),
    }
    term = request.args.get("taxonomy_term_id")
    if term is not None and term.strip():
        need = _lookup("taxonomy_term", term)
        if need is None:
            return None
        filters["need"] = need
    return {k: v for k, v in filters.items() if v is not None}


def _matching_services(filters: dict[str, Any]) -> list[str]:
    """The IRIs of the services that pass the filters, in a stable order. Only IRIs are read here; the
    fields are read for the one page shown (_service_rows), so a page costs the same at any size."""
    graph = get_graph()
    return sorted(row["service"].value for row in graph.library.select(graph.store, "export/oruk_services",
                                                                       **filters))


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
    filters = _service_filters()
    if filters is None:
        return jsonify(_page(0, page, per_page, []))
    matching = _matching_services(filters)
    shown = matching[(page - 1) * per_page: page * per_page]
    rows = _service_rows(shown)
    return jsonify(_page(len(matching), page, per_page, [_service(rows[i]) for i in shown if i in rows]))


@oruk.get("/services/<record_id>")
def service(record_id: str) -> Response | tuple[Response, int]:
    iri = _lookup("service", record_id)
    if iri is None:
        return _not_found("service", record_id)
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_service", service=iri)
    if not rows:
        return _not_found("service", record_id)
    return jsonify(_full_service(rows[0]))


@oruk.get("/service_at_locations")
def service_at_locations() -> Response:
    """Each service at each place it is based in, with the same filters as /services."""
    page, per_page = _paging()
    filters = _service_filters()
    if filters is None:
        return jsonify(_page(0, page, per_page, []))
    places = _places()
    pairs = [(iri, at) for iri in _matching_services(filters) for at in places.get(iri, [])]
    shown = pairs[(page - 1) * per_page: page * per_page]
    rows = _service_rows(list(dict.fromkeys(iri for iri, _at in shown)))
    contents = [{"id": at_id, "location": _location(place, name), "service": _service(rows[iri])}
                for iri, (at_id, place, name) in shown if iri in rows]
    return jsonify(_page(len(pairs), page, per_page, contents))


@oruk.get("/service_at_locations/<record_id>")
def service_at_location(record_id: str) -> Response | tuple[Response, int]:
    found = _at_location_ids().get(record_id.strip().lower())
    rows = _service_rows([found[0]]) if found else {}
    if not found or found[0] not in rows:
        return _not_found("service at a location", record_id)
    service_iri, place, name = found
    return jsonify({"id": record_id.strip().lower(), "location": _location(place, name),
                    "service": _full_service(rows[service_iri])})


@oruk.get("/organizations")
def organizations() -> Response:
    page, per_page = _paging()
    graph = get_graph()
    total = int(graph.library.select(graph.store, "export/oruk_organizations_count")[0]["count"].value)
    rows = graph.library.select(graph.store, "export/oruk_organizations", page=page, per_page=per_page)
    return jsonify(_page(total, page, per_page, [_organization_record(row) for row in rows]))


def _organization_record(row: dict) -> dict[str, Any]:
    record = _organization({"provider": row["organization"], "providerLabel": row.get("label"),
                            "providerDescription": row.get("description"), "providerUrl": row.get("url")})
    if _value(row, "email"):
        record["email"] = _value(row, "email")
    return record


@oruk.get("/organizations/<record_id>")
def organization(record_id: str) -> Response | tuple[Response, int]:
    iri = _lookup("organization", record_id)
    if iri is None:
        return _not_found("organization", record_id)
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_organizations", provider=iri)
    if not rows:
        return _not_found("organization", record_id)
    record = _organization_record(rows[0])
    record["services"] = [_service(row, with_organization=False)
                          for row in graph.library.select(graph.store, "export/oruk_organization_services",
                                                          provider=iri)]
    return jsonify(record)


@oruk.get("/taxonomies")
def taxonomies() -> Response:
    page, per_page = _paging()
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_taxonomies")
    contents = [{"id": oruk_id(row["scheme"].value), "name": _value(row, "label"),
                 "description": _value(row, "definition") or "", "uri": row["scheme"].value}
                for row in rows]
    return jsonify(_page(len(contents), page, per_page, contents[(page - 1) * per_page: page * per_page]))


@oruk.get("/taxonomy_terms")
def taxonomy_terms() -> Response:
    page, per_page = _paging()
    graph = get_graph()
    rows = graph.memo("oruk_taxonomy_terms",
                      lambda: graph.library.select(graph.store, "export/oruk_taxonomy_terms"))
    names = _scheme_names()
    contents = [_taxonomy_term(row, names) for row in rows[(page - 1) * per_page: page * per_page]]
    return jsonify(_page(len(rows), page, per_page, contents))


def _not_found(kind: str, record_id: str) -> tuple[Response, int]:
    return jsonify({"error": f"no {kind} has the id {record_id[:80]!r}"}), 404


__all__ = ["oruk", "oruk_id"]
