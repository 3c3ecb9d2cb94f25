"""Open Referral UK (ORUK) to our records: ORUK v1 feeds (the paged /services shape: content,
totalElements, totalPages, number...) and ORUK 3 / HSDS 3 documents (a service, organization,
service_at_location, taxonomy or taxonomy term, or a paged list of them: contents, total_items...).

Both versions are read by one mapper: the field names differ only in a few places (v1 eligibilitys,
physical_addresses, regular_schedules, service_taxonomys; v3 minimum_age on the service, addresses,
schedules, attributes). What ORUK does not say and our shapes need gets a documented default, and the
record carries a note saying so (see data/mappings/README.md)."""

from __future__ import annotations

import re
from typing import Any

import rdflib

from . import json_values as read
from . import oruk_fields as fields
from . import oruk_parts as parts
from .common import slugify
from .oruk_fields import Context
from .records import DCT, LOV, RDF, RDFS, SCH, ImportFailed, ImportResult, Record, RecordError, day, en, node

ORUK_SHAPES = (
    "an ORUK v1 page of services (content, totalElements, totalPages...), an ORUK 3 page (contents, total_items, "
    "total_pages...) or one ORUK 3 service, organization, service_at_location, taxonomy or taxonomy term"
)
STATUTORY_SCHEMES = {"GB-LAE", "GB-LAS", "GB-GOR", "GB-NHS", "GB-EDU", "GB-UKPRN"}
CHARITY_SCHEMES = {"GB-CHC", "GB-SC", "GB-NIC", "GB-MPR"}


# ---------------------------------------------------------------- the document's shape


def collect(pages: list[Any]) -> tuple[list[dict], list[dict], list[dict]]:
    """Services (each with its organisation nested), organisations, and taxonomy terms and taxonomies."""
    services: list[dict] = []
    organisations: list[dict] = []
    terms: list[dict] = []
    for page in pages:
        for item in _items(page):
            if not isinstance(item, dict):
                services.append({"__not_an_object__": item})
            elif "service" in item and "location" in item:  # service_at_location
                service = dict(item["service"]) if isinstance(item["service"], dict) else {"id": None}
                service.setdefault("service_at_locations", [{"id": item.get("id"), "location": item["location"]}])
                services.append(service)
            elif "taxonomy_terms" in item or "version" in item:
                terms.extend(t for t in read.as_list(item.get("taxonomy_terms")) if isinstance(t, dict))
                terms.append({**item, "__taxonomy__": True})
            elif "term" in item or "term_uri" in item or isinstance(item.get("taxonomy"), str):
                terms.append(item)
            elif "services" in item or "website" in item or "organization_identifiers" in item:
                organisations.append(item)
                for service in read.as_list(item.get("services")):
                    if isinstance(service, dict):
                        inner = {k: v for k, v in item.items() if k != "services"}
                        services.append({"organization": inner, **service})
            else:
                services.append(item)
    return services, organisations, terms


def _items(page: Any) -> list[Any]:
    if isinstance(page, list):
        return page
    if not isinstance(page, dict):
        raise ImportFailed(f"not an Open Referral UK document: expected {ORUK_SHAPES}")
    for key in ("content", "contents"):
        if key in page:
            if not isinstance(page[key], list):
                raise ImportFailed(f"not an Open Referral UK document: '{key}' must be a list of records")
            return page[key]
    if not page.get("id") and not page.get("name"):
        raise ImportFailed(f"not an Open Referral UK document: expected {ORUK_SHAPES}")
    return [page]


# ---------------------------------------------------------------- mapping


def map_document(pages: list[Any], context: Context) -> ImportResult:
    services, organisations, terms = collect(pages)
    result = ImportResult(source=str(context.source))
    result.read = {"services": len(services), "organizations": len(organisations), "taxonomy terms": len(terms)}
    providers: dict[str, Record] = {}
    for position, raw in enumerate(organisations, start=1):
        _map_provider_into(raw, position, context, providers, result)
    for position, raw in enumerate(services, start=1):
        record_id = _record_id(raw, position)
        try:
            provider = _provider_for(raw, context, providers, result)
            result.records.append(map_service(raw, record_id, provider, context))
        except RecordError as error:
            result.skip("service", record_id, error)
    result.records[:0] = providers.values()
    for term in terms:
        result.notes.extend(fields.term_note(term, context))
    return result


def _record_id(raw: dict, position: int) -> str:
    value = raw.get("id") if isinstance(raw, dict) else None
    return str(value) if isinstance(value, str | int) and str(value).strip() else f"#{position} (no id)"


def _map_provider_into(
    raw: Any, position: int, context: Context, providers: dict[str, Record], result: ImportResult
) -> Record | None:
    record_id = _record_id(raw, position) if isinstance(raw, dict) else f"#{position} (no id)"
    try:
        if not isinstance(raw, dict):
            raise RecordError("organization", f"expected an object, got {read.shown(raw)}")
        record = map_provider(raw, record_id, context)
    except RecordError as error:
        result.skip("organization", record_id, error)
        return None
    providers.setdefault(str(record.iri), record)
    return providers[str(record.iri)]


def _provider_for(raw: Any, context: Context, providers: dict[str, Record], result: ImportResult) -> Record:
    if not isinstance(raw, dict) or "__not_an_object__" in raw:
        raise RecordError("(record)", f"expected an object, got {read.shown(raw.get('__not_an_object__'))}")
    organisation = raw.get("organization")
    if organisation is None:
        organisation_id = raw.get("organization_id")
        known = (
            providers.get(str(node("provider", "oruk-" + slugify(str(organisation_id))))) if organisation_id else None
        )
        if known is None:
            raise RecordError("organization", "missing: a service needs the organisation that runs it")
        return known
    if not isinstance(organisation, dict):
        raise RecordError("organization", f"expected an object, got {read.shown(organisation)}")
    try:
        record = map_provider(organisation, _record_id(organisation, 0), context)
    except RecordError as error:
        raise RecordError(f"organization.{error.field}", error.reason) from None
    if str(record.iri) not in providers:
        providers[str(record.iri)] = record
    return providers[str(record.iri)]


def map_provider(raw: dict, record_id: str, context: Context) -> Record:
    source_id = read.identifier(raw)
    name = read.text(raw, "name", required=True)
    record = Record("provider", source_id, node("provider", "oruk-" + slugify(source_id)))
    iri = record.iri
    record.add(iri, RDF.type, LOV.Provider)
    record.add(iri, RDFS.label, en(name))
    description = read.text(raw, "description")
    if description:
        record.add(iri, DCT.description, en(description))
    record.add(iri, LOV.organisationType, node("organisation-type", _organisation_type(raw, record)))
    website = read.url(raw, "website", record) or read.url(raw, "url", record)
    record.add(iri, SCH.url, website)
    email = read.text(raw, "email")
    if email or website:
        contact = node("contact", f"oruk-{slugify(source_id)}-office")
        record.add(iri, LOV.hasContact, contact)
        record.add(contact, RDF.type, LOV.Contact)
        record.add(contact, RDFS.label, en(f"{name}: main office"))
        record.add(contact, SCH.email, rdflib.Literal(email) if email else None)
        record.add(contact, SCH.url, website)
    reviewed = read.iso_date(raw, "assured_date") or read.iso_date(raw, "last_modified")
    record.add(iri, LOV.lastReviewed, day(reviewed) if reviewed else None)
    parts.add_parts(raw, record, parts.ORGANIZATION_PARTS, parts.ORGANIZATION_SCALARS)
    record.provenance(context.source, context.derived_from("organization", source_id))
    return record


def _organisation_type(raw: dict, record: Record) -> str:
    schemes = {
        str(i.get("identifier_scheme", "")).upper()
        for i in read.as_list(raw.get("organization_identifiers"))
        if isinstance(i, dict)
    }
    text = " ".join(str(raw.get(k) or "") for k in ("name", "description", "legal_status")).lower()
    words = " ".join(re.findall(r"[a-z0-9]+", text))
    if schemes & STATUTORY_SCHEMES or re.search(r"\b(council|nhs|borough|trust nhs|foundation trust)\b", words):
        return "statutory"
    if schemes & CHARITY_SCHEMES or re.search(
        r"\b(charity|charitable|non profit|not for profit|voluntary|cic)\b", words
    ):
        return "voluntary-community"
    if "GB-COH" in schemes:
        return "private"
    record.note(
        "organization",
        "the source does not say what kind of organisation it is: recorded as voluntary "
        "and community, the usual kind in a directory feed",
    )
    return "voluntary-community"


def map_service(raw: dict, record_id: str, provider: Record, context: Context) -> Record:
    source_id = read.identifier(raw)
    status = str(raw.get("status") or "active").lower()
    if status in ("inactive", "defunct"):
        raise RecordError("status", f"the service is '{status}', so it is not listed")
    name = read.text(raw, "name", required=True)
    slug = "oruk-" + slugify(source_id)
    record = Record("service", source_id, node("service", slug), depends_on={provider.iri})
    iri, council = record.iri, node("area", context.council)
    record.add(iri, RDF.type, LOV.Service)
    record.add(iri, RDFS.label, en(name))
    description = read.text(raw, "description")
    if not description:
        description = "The source gives no description of this service."
        record.note("description", "missing: the record says the source gives no description")
    record.add(iri, DCT.description, en(description))
    record.add(iri, LOV.providedBy, provider.iri)
    fields.ages(raw, record)
    needs, sectors = fields.needs(raw, name, description, record, context)
    for need in needs:
        record.add(iri, LOV.meetsNeed, node("need", need))
    for sector in sectors:
        record.add(iri, LOV.inSector, node("sector", sector))
    fields.areas(raw, record, context)
    record.add(iri, LOV.inLocalOfferOf, council)
    fields.access(raw, record)
    fields.cost(raw, record)
    reviewed = read.iso_date(raw, "assured_date") or read.iso_date(raw, "last_modified")
    if reviewed is None:
        reviewed = context.today
        record.note("assured_date", "missing (and no last_modified): the import date is recorded as last checked")
    record.add(iri, LOV.lastReviewed, day(reviewed))
    website = read.url(raw, "url", record)
    record.add(iri, SCH.url, website)
    fields.contacts(raw, record, name, website, reviewed, slug)
    schedule = fields.schedule(raw)
    if schedule:
        record.add(iri, LOV.schedule, en(schedule))
    alert = read.text(raw, "alert")
    if alert:
        record.add(iri, RDFS.comment, en(f"Alert from the source: {alert}"))
    if status != "active":
        record.add(iri, RDFS.comment, en(f"The source says the service is {status}."))
    record.add(iri, LOV.usesQuestionSet, node("question-set", "service"))
    parts.add_parts(raw, record, parts.SERVICE_PARTS, parts.SERVICE_SCALARS)
    parts.add_venues(raw, record)
    record.provenance(context.source, context.derived_from("service", source_id))
    return record
