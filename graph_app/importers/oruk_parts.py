"""The ORUK lists the graph keeps as nodes of their own (the service details section of ontology/core.ttl): a service's
schedules, cost options, languages, service areas and locations (with their addresses and accessibility),
and an organisation's identifiers. One table says, for each, the ORUK field, the RDF property and the
kind of value; the import writes nodes from it (add_parts) and the ORUK export reads them back with the
same table (read_parts), so what goes in comes out under the same names.

Deliberately not kept: an address's `attention` and a service's `assurer_email` (a person's name or
address; the graph is published openly, as for contacts), a service area's `extent` longer than
MAX_EXTENT characters (a shape for a map, which the graph's areas already give)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

import rdflib

from ..live.dependents import dependent_iri
from . import json_values as read
from .records import DCT, LOV, RDF, RDFS, SCH, Record
from .vocabulary import ID

XSD = rdflib.namespace.XSD
BYDAY = re.compile(r"[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)(,[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU))*")  # as shapes.ttl
MAX_EXTENT = 20_000


@dataclass(frozen=True)
class Field:
    name: str  # the ORUK field
    predicate: rdflib.URIRef
    kind: str  # text (English), code, integer, decimal, date, time, url


@dataclass(frozen=True)
class Part:
    field: str  # the ORUK list on the record
    link: rdflib.URIRef  # record (or parent part) -> node
    cls: rdflib.URIRef
    dependent: str  # the IRI's first segment, as contact/ and answer/ are
    role: str  # letters: the node's role is this plus its position
    fields: tuple[Field, ...]
    children: tuple[Part, ...] = ()


def _f(name: str, predicate: rdflib.URIRef, kind: str = "text") -> Field:
    return Field(name, predicate, kind)


ADDRESS = Part(
    "addresses",
    LOV.hasAddress,
    LOV.Address,
    "address",
    "a",
    (
        _f("address_1", SCH.streetAddress),
        _f("address_2", LOV.addressLine2),
        _f("city", SCH.addressLocality),
        _f("region", SCH.addressRegion),
        _f("state_province", LOV.stateProvince),
        _f("postal_code", SCH.postalCode, "code"),
        _f("country", SCH.addressCountry, "code"),
        _f("address_type", LOV.addressType, "code"),
    ),
)
ACCESSIBILITY = Part(
    "accessibility",
    LOV.hasAccessibility,
    LOV.AccessibilityFeature,
    "accessibility",
    "x",
    (
        _f("accessibility", RDFS.label),
        _f("description", DCT.description),
        _f("details", RDFS.comment),
        _f("url", SCH.url, "url"),
    ),
)
VENUE = Part(
    "location",  # one per service_at_location (read by service_parts below)
    LOV.deliveredAt,
    LOV.Venue,
    "venue",
    "v",
    (
        _f("name", RDFS.label),
        _f("description", DCT.description),
        _f("location_type", LOV.locationType, "code"),
        _f("latitude", SCH.latitude, "latitude"),
        _f("longitude", SCH.longitude, "longitude"),
        _f("external_identifier", LOV.externalIdentifier, "code"),
        _f("external_identifier_type", LOV.externalIdentifierType, "code"),
    ),
    (ADDRESS, ACCESSIBILITY),
)
SERVICE_PARTS = (
    Part(
        "schedules",
        LOV.hasSchedule,
        LOV.Schedule,
        "schedule",
        "s",
        (
            _f("description", DCT.description),
            _f("byday", LOV.byDay, "byday"),
            _f("bymonthday", LOV.byMonthDay, "code"),
            _f("freq", LOV.frequency, "code"),
            _f("interval", LOV.interval, "integer"),
            _f("dtstart", LOV.startsOn, "code"),
            _f("valid_from", LOV.validFrom, "date"),
            _f("valid_to", LOV.validTo, "date"),
            _f("opens_at", LOV.opensAt, "time"),
            _f("closes_at", LOV.closesAt, "time"),
            _f("schedule_link", SCH.url, "url"),
            _f("attending_type", LOV.attendingType, "code"),
            _f("notes", RDFS.comment),
        ),
    ),
    Part(
        "cost_options",
        LOV.hasCostOption,
        LOV.CostOption,
        "cost",
        "c",
        (
            _f("option", RDFS.label),
            _f("amount", LOV.amount, "decimal"),
            _f("amount_description", DCT.description),
            _f("valid_from", LOV.validFrom, "date"),
            _f("valid_to", LOV.validTo, "date"),
        ),
    ),
    Part(
        "languages",
        LOV.inLanguage,
        LOV.SpokenLanguage,
        "language",
        "l",
        (_f("name", RDFS.label), _f("code", LOV.languageCode, "code"), _f("note", RDFS.comment)),
    ),
    Part(
        "service_areas",
        LOV.hasServiceArea,
        LOV.ServiceAreaNote,
        "servicearea",
        "r",
        (
            _f("name", RDFS.label),
            _f("service_area", DCT.description),
            _f("extent_type", LOV.extentType, "code"),
            _f("extent", LOV.extent, "code"),
            _f("uri", SCH.url, "url"),
        ),
    ),
)
ORGANIZATION_PARTS = (
    Part(
        "organization_identifiers",
        LOV.hasIdentifier,
        LOV.OrganisationIdentifier,
        "identifier",
        "i",
        (
            _f("identifier_scheme", LOV.identifierScheme, "code"),
            _f("identifier_type", LOV.identifierType),
            _f("identifier", LOV.identifier, "code"),
        ),
    ),
)
# one-to-one fields of a service kept as they are (the rest are mapped in oruk.py / oruk_fields.py)
SERVICE_SCALARS = (
    _f("accreditations", LOV.accreditations),
    _f("alert", LOV.alert),
    _f("last_modified", LOV.sourceModified, "datetime"),
)
ORGANIZATION_SCALARS = (_f("logo", SCH.logo, "url"),)
BY_LINK = {str(part.link): part for part in (*SERVICE_PARTS, *ORGANIZATION_PARTS, VENUE, ADDRESS, ACCESSIBILITY)}


# ---------------------------------------------------------------- import


def literal(value: Any, kind: str) -> rdflib.term.Node | None:
    """The ORUK value as an RDF term of its kind, or None when it is empty or not of that kind."""
    if value is None or isinstance(value, bool | dict | list) or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        if kind == "text":
            return rdflib.Literal(text, lang="en")
        if kind == "integer":
            return rdflib.Literal(int(text), datatype=XSD.integer)
        if kind in ("decimal", "latitude", "longitude"):
            number = Decimal(text)
            limit = {"latitude": 90, "longitude": 180}.get(kind)
            if not number.is_finite() or (limit is not None and abs(number) > limit):
                return None  # not a position on Earth (as shapes.ttl checks): left out with a note
            return rdflib.Literal(number, datatype=XSD.decimal)
        if kind == "date":
            return rdflib.Literal(date.fromisoformat(text[:10]).isoformat(), datatype=XSD.date)
        if kind == "time":
            return rdflib.Literal(time.fromisoformat(text).isoformat(), datatype=XSD.time)
        if kind == "datetime":
            return rdflib.Literal(text, datatype=XSD.dateTime) if re.match(r"\d{4}-\d\d-\d\dT", text) else None
        if kind == "byday":
            days = "".join(text.upper().split())
            return rdflib.Literal(days) if BYDAY.fullmatch(days) else None
        if kind == "url":
            return rdflib.URIRef(text) if re.match(r"https?://[^\s<>\"{}|\\^`]+$", text) else None
    except (ValueError, InvalidOperation):
        return None
    return rdflib.Literal(text)  # code


def add_fields(record: Record, subject: rdflib.term.Node, raw: dict, fields: tuple[Field, ...]) -> int:
    added = 0
    for spec in fields:
        if spec.name == "extent" and len(str(raw.get(spec.name) or "")) > MAX_EXTENT:
            record.note(spec.name, f"longer than {MAX_EXTENT} characters: left out (the areas served say where)")
            continue
        term = literal(raw.get(spec.name), spec.kind)
        if term is None and raw.get(spec.name) not in (None, ""):
            record.note(spec.name, f"{read.shown(raw.get(spec.name))} is not a {spec.kind}: left out")
        record.add(subject, spec.predicate, term)
        added += term is not None
    return added


def _add_part(record: Record, parent: rdflib.term.Node, part: Part, raw: dict, role: str) -> None:
    part_node = rdflib.URIRef(dependent_iri(ID, part.dependent, str(record.iri), role))
    add_fields(record, part_node, raw, part.fields)  # an item may have only an id: it is still there
    record.add(parent, part.link, part_node)
    record.add(part_node, RDF.type, part.cls)
    for child in part.children:
        for position, item in enumerate(read.items_of(raw, child.field), start=1):
            _add_part(record, part_node, child, item, f"{role}{child.role}{position}")


def add_parts(raw: dict, record: Record, parts: tuple[Part, ...], scalars: tuple[Field, ...]) -> None:
    """The record's lists (and one-to-one fields) from the table, as nodes the record owns; a service's
    funding sources are words on the service itself (lo:fundingSource)."""
    add_fields(record, record.iri, raw, scalars)
    for item in read.items_of(raw, "funding"):
        record.add(record.iri, LOV.fundingSource, literal(item.get("source"), "text"))
    for part in parts:
        for position, item in enumerate(read.items_of(raw, part.field), start=1):
            _add_part(record, record.iri, part, item, f"{part.role}{position}")


def add_venues(raw: dict, record: Record) -> None:
    for position, at in enumerate(read.items_of(raw, "service_at_locations"), start=1):
        if isinstance(at.get("location"), dict):
            _add_part(record, record.iri, VENUE, at["location"], f"{VENUE.role}{position}")


# ---------------------------------------------------------------- export


def json_value(term: Any, kind: str) -> Any:
    """A pyoxigraph term as the ORUK JSON value of its kind."""
    text = term.value
    if kind == "integer":
        return int(text)
    if kind == "decimal":
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "time":
        return text[:8]
    if kind in ("latitude", "longitude"):
        return float(text)
    return text


def read_parts(rows: list[dict], owner: str, ident: Callable[[str], str]) -> dict[str, Any]:
    """The owner's ORUK fields from export/oruk_parts rows (?owner ?parent ?link ?part ?property ?value):
    each list of the table with its items' own lists nested (items in IRI order, `ident` making their
    ids), and the one-to-one fields of SERVICE_SCALARS and ORGANIZATION_SCALARS."""
    values: dict[str, dict[str, list]] = {}
    children: dict[str, dict[str, str]] = {}  # parent -> part -> link
    found: dict[str, Any] = {}
    scalars = {str(spec.predicate): spec for spec in (*SERVICE_SCALARS, *ORGANIZATION_SCALARS)}
    for row in rows:
        if row["owner"].value != owner:
            continue
        if "part" not in row:  # a one-to-one field of the owner, or a funding source
            if row["property"].value == str(LOV.fundingSource):
                source = row["value"].value
                found.setdefault("funding", []).append({"id": ident(f"{owner}#funding-{source}"), "source": source})
                continue
            spec = scalars.get(row["property"].value)
            if spec is not None:
                found.setdefault(spec.name, json_value(row["value"], spec.kind))
            continue
        part = row["part"].value
        children.setdefault(row["parent"].value, {})[part] = row["link"].value
        values.setdefault(part, {}).setdefault(row["property"].value, []).append(row["value"])

    def items_of(parent: str) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        for part, link in sorted(children.get(parent, {}).items()):
            spec = BY_LINK.get(link)
            if spec is None:
                continue
            item: dict[str, Any] = {"id": ident(part)}
            for field_spec in spec.fields:
                got = values.get(part, {}).get(str(field_spec.predicate))
                if got:
                    item[field_spec.name] = json_value(sorted(got, key=lambda t: t.value)[0], field_spec.kind)
            item.update(items_of(part))
            lists.setdefault(spec.field, []).append(item)
        return lists

    found.update(items_of(owner))
    return found
