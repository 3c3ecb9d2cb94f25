"""The ORUK 3 records of the graph's services, organizations, taxonomy terms and locations, and the ORUK
ids that name them (the routes and their parameters are in oruk_api.py)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from pyoxigraph import NamedNode

from ...importers.oruk_parts import read_parts
from ..core import prices_places
from ..core.graph import get_graph
from ..core.labels import label_map

SLUG_UUID = re.compile(r"^oruk-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


# ---------------------------------------------------------------- ids


def oruk_id(iri: str) -> str:
    """The record's ORUK id: the source's own UUID for ORUK imports, otherwise a UUID from the IRI."""
    match = SLUG_UUID.match(iri.rsplit("/", 1)[-1])
    return match.group(1) if match else str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def part_id(iri: str, part: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{iri}#{part}"))


def identifiers() -> dict[tuple[str, str], str]:
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


def lookup(kind: str, record_id: str) -> str | None:
    return identifiers().get((kind, record_id.strip().lower()))


# ---------------------------------------------------------------- records


def value(row: dict, key: str) -> str | None:
    term = row.get(key)
    return term.value if term is not None else None


def integer(row: dict, key: str) -> int | None:
    text = value(row, key)
    return int(text) if text is not None else None


def organization(row: dict, prefix: str = "provider") -> dict[str, Any]:
    iri = value(row, prefix) or ""
    name = value(row, f"{prefix}Label") or iri.rsplit("/", 1)[-1]
    record = {
        "id": oruk_id(iri),
        "name": name,
        "description": value(row, f"{prefix}Description") or f"{name} runs services in the SE7 Local Offer.",
        "uri": iri,
    }
    if value(row, f"{prefix}Url"):
        record["website"] = value(row, f"{prefix}Url")
    return record


def service(row: dict, with_organization: bool = True) -> dict[str, Any]:
    iri = value(row, "service") or ""
    record: dict[str, Any] = {
        "id": oruk_id(iri),
        "name": value(row, "name"),
        "description": value(row, "description") or "",
        # the profile's list requires a url: the record's own page when the service has no website
        "url": value(row, "url") or iri,
        "status": "active",
    }
    optional = {
        "email": value(row, "email"),
        "fees": value(row, "cost"),
        "minimum_age": integer(row, "minAge"),
        "maximum_age": integer(row, "maxAge"),
        "assured_date": value(row, "lastReviewed"),
    }
    record.update({k: v for k, v in optional.items() if v is not None})
    if with_organization:
        record["organization"] = organization(row)
    return record


def taxonomy_term(row: dict, scheme_names: dict[str, str]) -> dict[str, Any]:
    iri = value(row, "term") or ""
    scheme = value(row, "scheme") or ""
    record = {
        "id": oruk_id(iri),
        "name": value(row, "label"),
        "description": value(row, "definition") or "",
        "taxonomy": scheme_names.get(scheme, "SE7 Local Offer needs"),
        "term": value(row, "label"),
        "term_uri": iri,
    }
    if scheme:
        record["taxonomy_id"] = oruk_id(scheme)
    if value(row, "broader"):
        record["parent_id"] = oruk_id(value(row, "broader") or "")
    if value(row, "notation"):
        record["code"] = value(row, "notation")
    return record


def taxonomy_term_rows() -> list[dict]:
    graph = get_graph()
    return graph.memo("oruk_taxonomy_terms", lambda: graph.library.select(graph.store, "export/oruk_taxonomy_terms"))


def terms_by_iri() -> dict[str, dict[str, Any]]:
    """Need IRI -> its ORUK taxonomy term record, once per store version."""
    graph = get_graph()

    def compute() -> dict[str, dict[str, Any]]:
        names = scheme_names()
        return {value(row, "term") or "": taxonomy_term(row, names) for row in taxonomy_term_rows()}

    return graph.memo("oruk_terms_by_iri", compute)


def scheme_names() -> dict[str, str]:
    graph = get_graph()
    return graph.memo(
        "oruk_scheme_names",
        lambda: {
            row["scheme"].value: row["label"].value
            for row in graph.library.select(graph.store, "export/oruk_taxonomies")
        },
    )


def full_service(row: dict) -> dict[str, Any]:
    graph = get_graph()
    iri = value(row, "service") or ""
    record = service(row)
    links = graph.library.select(graph.store, "export/oruk_service_links", service=[iri])
    names = scheme_names()
    needs = [link for link in links if value(link, "link") == "need"]
    terms = terms_by_iri()
    record["attributes"] = [
        {
            "id": part_id(iri, "need-" + (value(link, "target") or "")),
            "link_id": record["id"],
            "link_type": "need",
            "taxonomy_term_id": oruk_id(value(link, "target") or ""),
            # the whole term, as /taxonomy_terms/{id} gives it: the profile requires its description
            "taxonomy_term": terms.get(value(link, "target") or "")
            or {
                "id": oruk_id(value(link, "target") or ""),
                "name": value(link, "label"),
                "description": "",
                "taxonomy": next(iter(names.values()), "Needs"),
                "term": value(link, "label"),
                "term_uri": value(link, "target"),
            },
        }
        for link in needs
    ]
    record["service_areas"] = [
        {
            "id": part_id(iri, "area-" + (value(link, "target") or "")),
            "name": value(link, "label"),
            "service_area": value(link, "label"),
            "uri": value(link, "target"),
        }
        for link in links
        if value(link, "link") == "area"
    ]
    contacts: dict[str, dict[str, Any]] = {}
    for link in links:
        if value(link, "link") != "contact":
            continue
        contact_iri = value(link, "target") or ""
        contact = contacts.setdefault(
            contact_iri, {"id": oruk_id(contact_iri), "name": value(link, "label"), "phones": []}
        )
        if value(link, "email"):
            contact["email"] = value(link, "email")
        if value(link, "url"):
            contact["url"] = value(link, "url")
        phone = value(link, "phone")
        if phone and phone not in [p["number"] for p in contact["phones"]]:
            contact["phones"].append({"id": part_id(contact_iri, "phone-" + phone), "number": phone})
    record["contacts"] = list(contacts.values())
    provider = value(row, "provider") or ""
    both = details([iri, provider] if provider else [iri])
    kept = both.get(iri, {})
    record["organization"].update(both.get(provider, {}))  # its registered numbers and logo
    if provider:
        found = graph.library.select(graph.store, "export/oruk_organizations", provider=NamedNode(provider))
        if found and value(found[0], "email"):
            record["organization"]["email"] = value(found[0], "email")
    if value(row, "schedule") and not kept.get("schedules"):
        kept["schedules"] = [{"id": part_id(iri, "schedule"), "description": value(row, "schedule")}]
    if not kept.get("cost_options") and FREE in funding_routes(iri):
        # the graph says it is free: that is a cost option of nothing, whatever the words say
        kept["cost_options"] = [{"id": part_id(iri, "free"), "amount": 0, "amount_description": record.get("fees", "")}]
    edited_parts(iri, kept)
    venues = {venue["id"]: venue for venue in kept.pop("service_at_locations", [])}
    record.update(kept)
    record["service_at_locations"] = [
        {"id": at_id, "location": located(place, name, venues)} for at_id, place, name in places().get(iri, [])
    ]
    return record


def edited_parts(iri: str, kept: dict[str, Any]) -> None:
    """What an editor gives (issue 18) in ORUK's words: a price's option from what it is for ("Per session"),
    a place's address kept on the place itself, and each accessibility feature's English name (a concept
    has Welsh and Polish names too)."""
    graph = get_graph()
    unit_base = graph.id_base + prices_places.PRICE_UNIT
    units = {oruk_id(p.iri): unit_base + p.unit for p in prices_places.prices(graph, iri) if p.unit}
    unit_names = label_map(graph, list(units.values()), ["en"])
    for option in kept.get("cost_options", []):
        if option["id"] in units and not option.get("option"):
            option["option"] = unit_names.get(units[option["id"]], units[option["id"]].rsplit("/", 1)[-1])
    found = {oruk_id(p.iri): p for p in prices_places.places(graph, iri)}
    features = label_map(graph, sorted({f for p in found.values() for f in p.features}), ["en"])
    feature_names = {oruk_id(f): name for f, name in features.items()}
    for venue in kept.get("service_at_locations", []):
        place = found.get(venue["id"])
        if place is None:
            continue
        if not venue.get("addresses") and place.address:
            address = {"address_1": place.street, "city": place.town, "postal_code": place.postcode}
            venue["addresses"] = [
                {
                    "id": part_id(place.iri, "address"),
                    **{k: v or "" for k, v in address.items()},
                    "state_province": "",
                    "country": "GB",
                    "address_type": "physical",
                }
            ]
        for feature in venue.get("accessibility", []):
            feature["accessibility"] = feature_names.get(feature["id"], feature.get("accessibility"))


def located(place: str, name: str, venues: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ORUK location of a place: a venue the import kept (address, accessibility), else the area."""
    venue = venues.get(oruk_id(place))
    return {**venue, "uri": place} if venue else location(place, name)


FREE = "funding-route/free"


def funding_routes(iri: str) -> set[str]:
    graph = get_graph()
    return {
        row["route"].value.removeprefix(graph.id_base)
        for row in graph.library.select(graph.store, "export/oruk_funding_routes", service=[NamedNode(iri)])
    }


def details(owners: list[str]) -> dict[str, dict[str, Any]]:
    """Owner IRI -> the ORUK fields an import kept as nodes (importers/oruk_parts.py), in one query."""
    if not owners:
        return {}
    graph = get_graph()
    rows = graph.library.select(graph.store, "export/oruk_parts", owner=[NamedNode(o) for o in owners])
    found: dict[str, dict[str, Any]] = {}
    for owner in owners:
        fields = read_parts(rows, owner, oruk_id)
        if "location" in fields:  # a service's places (lo:deliveredAt), as ORUK service_at_locations
            fields["service_at_locations"] = [_venue(v) for v in fields.pop("location")]
        if "service_areas" in fields:
            fields["service_areas"] = [{**a, "uri": a.get("uri") or ""} for a in fields["service_areas"]]
        found[owner] = fields
    return found


def _venue(fields: dict[str, Any]) -> dict[str, Any]:
    fields.setdefault("location_type", "physical")
    for address in fields.get("addresses", []):
        for key in ("address_1", "city", "state_province", "postal_code", "country", "address_type"):
            address.setdefault(key, "")  # the profile requires them; the source left them out
    return fields


# ---------------------------------------------------------------- services at locations


def places() -> dict[str, list[tuple[str, str, str]]]:
    """Service IRI -> (service_at_location id, place IRI, place name) for each place it is based in, once
    per store version. The graph knows the district or council a service is based in (lo:locatedIn), not
    its street address, so that area is the ORUK location."""
    graph = get_graph()

    def compute() -> dict[str, list[tuple[str, str, str]]]:
        found: dict[str, list[tuple[str, str, str]]] = {}
        for row in graph.library.select(graph.store, "export/oruk_service_places"):
            service_iri, place = row["service"].value, row["place"].value
            name = value(row, "placeLabel") or place.rsplit("/", 1)[-1]
            found.setdefault(service_iri, []).append((part_id(service_iri, "at-" + place), place, name))
        return found

    return graph.memo("oruk_places", compute)


def at_location_ids() -> dict[str, tuple[str, str, str]]:
    """service_at_location id -> (service IRI, place IRI, place name)."""
    graph = get_graph()
    return graph.memo(
        "oruk_at_location_ids",
        lambda: {
            at_id: (service_iri, place, name)
            for service_iri, places in places().items()
            for at_id, place, name in places
        },
    )


def location(place: str, name: str) -> dict[str, Any]:
    return {
        "id": oruk_id(place),
        "location_type": "physical",
        "name": name,
        "description": f"Based in {name}. The service's contacts give the address.",
        "uri": place,
    }
