"""Open Referral UK (ORUK) to our records: ORUK v1 feeds (the paged /services shape: content,
totalElements, totalPages, number...) and ORUK 3 / HSDS 3 documents (a service, organization,
service_at_location, taxonomy or taxonomy term, or a paged list of them: contents, total_items...).

Both versions are read by one mapper: the field names differ only in a few places (v1 eligibilitys,
physical_addresses, regular_schedules, service_taxonomys; v3 minimum_age on the service, addresses,
schedules, attributes). What ORUK does not say and our shapes need gets a documented default, and the
record carries a note saying so (see data/mappings/README.md)."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import rdflib

from .records import DCT, LOV, RDF, RDFS, SCH, ImportFailed, ImportResult, Record, RecordError, day, en, node
from .tables import TaxonomyRow, taxonomy_table
from .vocabulary import Vocabulary, normalise

ORUK_SHAPES = (
    "an ORUK v1 page of services (content, totalElements, totalPages...), an ORUK 3 page (contents, total_items, "
    "total_pages...) or one ORUK 3 service, organization, service_at_location, taxonomy or taxonomy term"
)
WEEKDAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
            "SA": "Saturday", "SU": "Sunday"}
STATUTORY_SCHEMES = {"GB-LAE", "GB-LAS", "GB-GOR", "GB-NHS", "GB-EDU", "GB-UKPRN"}
CHARITY_SCHEMES = {"GB-CHC", "GB-SC", "GB-NIC", "GB-MPR"}


@dataclass
class Context:
    """What every record of one import shares."""

    council: str  # the slug of the council whose local offer the import feeds
    vocabulary: Vocabulary
    mappings_dir: Path
    source: rdflib.term.Node  # dcterms:source: the URL, or the file's name
    source_url: str | None
    today: date
    needs_from_text: bool = True

    def derived_from(self, kind: str, source_id: str) -> rdflib.URIRef | None:
        """prov:wasDerivedFrom: ORUK ids are UUIDs, which name the source record everywhere (urn:uuid:);
        other ids only make sense within the feed's URL."""
        try:
            return rdflib.URIRef(uuid.UUID(source_id).urn)
        except ValueError:
            return rdflib.URIRef(f"{self.source_url}#{kind}-{slugify(source_id)}") if self.source_url else None


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
                terms.extend(t for t in _as_list(item.get("taxonomy_terms")) if isinstance(t, dict))
                terms.append({**item, "__taxonomy__": True})
            elif "term" in item or "term_uri" in item or isinstance(item.get("taxonomy"), str):
                terms.append(item)
            elif "services" in item or "website" in item or "organization_identifiers" in item:
                organisations.append(item)
                for service in _as_list(item.get("services")):
                    if isinstance(service, dict):
                        inner = {k: v for k, v in item.items() if k != "services"}
                        services.append({"organization": inner, **service})
            else:
                services.append(item)
    return services, organisations, terms


def _as_list(value: Any) -> list[Any]:
    """A field that should hold a list: anything else (a number, true, a string) counts as none."""
    return value if isinstance(value, list) else []


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
        result.notes.extend(_term_note(term, context))
    return result


def _record_id(raw: dict, position: int) -> str:
    value = raw.get("id") if isinstance(raw, dict) else None
    return str(value) if isinstance(value, str | int) and str(value).strip() else f"#{position} (no id)"


def _map_provider_into(raw: Any, position: int, context: Context, providers: dict[str, Record],
                       result: ImportResult) -> Record | None:
    record_id = _record_id(raw, position) if isinstance(raw, dict) else f"#{position} (no id)"
    try:
        if not isinstance(raw, dict):
            raise RecordError("organization", f"expected an object, got {_shown(raw)}")
        record = map_provider(raw, record_id, context)
    except RecordError as error:
        result.skip("organization", record_id, error)
        return None
    providers.setdefault(str(record.iri), record)
    return providers[str(record.iri)]


def _provider_for(raw: Any, context: Context, providers: dict[str, Record], result: ImportResult) -> Record:
    if not isinstance(raw, dict) or "__not_an_object__" in raw:
        raise RecordError("(record)", f"expected an object, got {_shown(raw.get('__not_an_object__'))}")
    organisation = raw.get("organization")
    if organisation is None:
        organisation_id = raw.get("organization_id")
        known = providers.get(str(node("provider", "oruk-" + slugify(str(organisation_id))))) \
            if organisation_id else None
        if known is None:
            raise RecordError("organization", "missing: a service needs the organisation that runs it")
        return known
    if not isinstance(organisation, dict):
        raise RecordError("organization", f"expected an object, got {_shown(organisation)}")
    try:
        record = map_provider(organisation, _record_id(organisation, 0), context)
    except RecordError as error:
        raise RecordError(f"organization.{error.field}", error.reason) from None
    if str(record.iri) not in providers:
        providers[str(record.iri)] = record
    return providers[str(record.iri)]


def map_provider(raw: dict, record_id: str, context: Context) -> Record:
    source_id = _id(raw)
    name = _text(raw, "name", required=True)
    record = Record("provider", source_id, node("provider", "oruk-" + slugify(source_id)))
    iri = record.iri
    record.add(iri, RDF.type, LOV.Provider)
    record.add(iri, RDFS.label, en(name))
    description = _text(raw, "description")
    if description:
        record.add(iri, DCT.description, en(description))
    record.add(iri, LOV.organisationType, node("organisation-type", _organisation_type(raw, record)))
    website = _url(raw, "website", record) or _url(raw, "url", record)
    record.add(iri, SCH.url, website)
    email = _text(raw, "email")
    if email or website:
        contact = node("contact", f"oruk-{slugify(source_id)}-office")
        record.add(iri, LOV.hasContact, contact)
        record.add(contact, RDF.type, LOV.Contact)
        record.add(contact, RDFS.label, en(f"{name}: main office"))
        record.add(contact, SCH.email, rdflib.Literal(email) if email else None)
        record.add(contact, SCH.url, website)
    reviewed = _date(raw, "assured_date") or _date(raw, "last_modified")
    record.add(iri, LOV.lastReviewed, day(reviewed) if reviewed else None)
    record.provenance(context.source, context.derived_from("organization", source_id))
    return record


def _organisation_type(raw: dict, record: Record) -> str:
    schemes = {str(i.get("identifier_scheme", "")).upper() for i in _as_list(raw.get("organization_identifiers"))
               if isinstance(i, dict)}
    text = " ".join(str(raw.get(k) or "") for k in ("name", "description", "legal_status")).lower()
    words = " ".join(re.findall(r"[a-z0-9]+", text))
    if schemes & STATUTORY_SCHEMES or re.search(r"\b(council|nhs|borough|trust nhs|foundation trust)\b", words):
        return "statutory"
    if schemes & CHARITY_SCHEMES or re.search(r"\b(charity|charitable|non profit|not for profit|voluntary|cic)\b",
                                              words):
        return "voluntary-community"
    if "GB-COH" in schemes:
        return "private"
    record.note("organization", "the source does not say what kind of organisation it is: recorded as voluntary "
                                "and community, the usual kind in a directory feed")
    return "voluntary-community"


def map_service(raw: dict, record_id: str, provider: Record, context: Context) -> Record:
    source_id = _id(raw)
    status = str(raw.get("status") or "active").lower()
    if status in ("inactive", "defunct"):
        raise RecordError("status", f"the service is '{status}', so it is not listed")
    name = _text(raw, "name", required=True)
    slug = "oruk-" + slugify(source_id)
    record = Record("service", source_id, node("service", slug), depends_on={provider.iri})
    iri, council = record.iri, node("area", context.council)
    record.add(iri, RDF.type, LOV.Service)
    record.add(iri, RDFS.label, en(name))
    description = _text(raw, "description")
    if not description:
        description = "The source gives no description of this service."
        record.note("description", "missing: the record says the source gives no description")
    record.add(iri, DCT.description, en(description))
    record.add(iri, LOV.providedBy, provider.iri)
    _ages(raw, record)
    needs, sectors = _needs(raw, name, description, record, context)
    for need in needs:
        record.add(iri, LOV.meetsNeed, node("need", need))
    for sector in sectors:
        record.add(iri, LOV.inSector, node("sector", sector))
    _areas(raw, record, context)
    record.add(iri, LOV.inLocalOfferOf, council)
    _access(raw, record)
    _cost(raw, record)
    reviewed = _date(raw, "assured_date") or _date(raw, "last_modified")
    if reviewed is None:
        reviewed = context.today
        record.note("assured_date", "missing (and no last_modified): the import date is recorded as last checked")
    record.add(iri, LOV.lastReviewed, day(reviewed))
    website = _url(raw, "url", record)
    record.add(iri, SCH.url, website)
    _contacts(raw, record, name, website, reviewed, slug)
    schedule = _schedule(raw)
    if schedule:
        record.add(iri, LOV.schedule, en(schedule))
    alert = _text(raw, "alert")
    if alert:
        record.add(iri, RDFS.comment, en(f"Alert from the source: {alert}"))
    if status != "active":
        record.add(iri, RDFS.comment, en(f"The source says the service is {status}."))
    record.add(iri, LOV.usesQuestionSet, node("question-set", "service"))
    record.provenance(context.source, context.derived_from("service", source_id))
    return record


# ---------------------------------------------------------------- fields


def _ages(raw: dict, record: Record) -> None:
    low = _number(raw, "minimum_age")
    high = _number(raw, "maximum_age")
    for rule in _as_list(raw.get("eligibilitys") or raw.get("eligibility")):  # ORUK v1
        if isinstance(rule, dict):
            rule_low, rule_high = _number(rule, "minimum_age"), _number(rule, "maximum_age")
            low = rule_low if low is None or (rule_low is not None and rule_low < low) else low
            high = rule_high if high is None or (rule_high is not None and rule_high > high) else high
    if low is None and high is None:
        record.note("minimum_age", "no ages given: recorded as the local offer's 0 to 25")
    given_low, given_high = low, high
    low, high = (0 if low is None else low), (25 if high is None else high)
    if low > high:
        raise RecordError("minimum_age", f"{given_low} is more than maximum_age {given_high}")
    if low > 25:
        raise RecordError("minimum_age", f"the service is for ages {low} and over, outside the local offer's 0 to 25")
    if high < 0:
        raise RecordError("maximum_age", f"expected an age of 0 or more, got {high}")
    clamped_low, clamped_high = max(low, 0), min(high, 25)
    if (clamped_low, clamped_high) != (low, high):
        record.add(record.iri, RDFS.comment, en(
            f"The source gives ages {_age(given_low, 0)} to {_age(given_high, 25)}; the SE7 local offer covers ages "
            f"0 to 25, so this record says {clamped_low} to {clamped_high}."))
        record.note("maximum_age" if high != clamped_high else "minimum_age",
                    f"ages {low} to {high} clamped to {clamped_low} to {clamped_high}")
    record.add(record.iri, LOV.minAge, rdflib.Literal(clamped_low))
    record.add(record.iri, LOV.maxAge, rdflib.Literal(clamped_high))


def _age(value: int | None, default: int) -> int:
    return default if value is None else value


def _terms(raw: dict) -> Iterable[tuple[str, dict]]:
    """(field, term) for every taxonomy term of the service, in v3 (attributes) and v1 (service_taxonomys)."""
    for field_name, key in (("attributes", "taxonomy_term"), ("service_taxonomys", "taxonomy"),
                            ("taxonomy_terms", None)):
        items = raw.get(field_name) or []
        if not isinstance(items, list):
            raise RecordError(field_name, f"expected a list, got {_shown(items)}")
        for item in items:
            term = item.get(key) if key and isinstance(item, dict) else item
            if isinstance(term, dict):
                yield field_name, term


def _rows_for_term(term: dict, table: dict[str, list[TaxonomyRow]]) -> list[TaxonomyRow]:
    vocabulary = normalise(str(term.get("vocabulary") or term.get("taxonomy") or ""))
    for label_key in ("term", "name"):
        label = term.get(label_key)
        rows = table.get(normalise(label)) if isinstance(label, str) else None
        if rows:
            return [r for r in rows if r.vocabulary == "*" or normalise(r.vocabulary) in vocabulary]
    return []


def _needs(raw: dict, name: str, description: str, record: Record, context: Context) -> tuple[list[str], list[str]]:
    table = taxonomy_table(context.mappings_dir)
    rows: list[TaxonomyRow] = []
    seen_terms: list[str] = []
    field_name = "attributes"
    for field_name, term in _terms(raw):  # noqa: B007 - the last field name is used in the message
        seen_terms.append(str(term.get("term") or term.get("name") or term.get("id")))
        rows.extend(_rows_for_term(term, table))
    needs = list(dict.fromkeys(r.need for r in rows if r.need))
    if not needs and context.needs_from_text:
        words = f" {normalise(name + ' ' + description)} "
        found = [rows_ for label, rows_ in table.items() if f" {label} " in words]
        text_rows = [r for group in found for r in group if r.need]
        needs = list(dict.fromkeys(r.need for r in text_rows))
        if needs:
            rows.extend(text_rows)
            terms = ", ".join(sorted({f"'{r.term}'" for r in text_rows}))
            record.note(field_name, f"no taxonomy term maps to a need, so the needs come from words in the name and "
                                    f"description ({terms}) through data/mappings/taxonomy-needs.csv")
    if not needs:
        shown_terms = ", ".join(f"'{t}'" for t in seen_terms) or "none"
        raise RecordError(field_name, f"no taxonomy term maps to one of our needs (terms: {shown_terms}); add the "
                                      "term to data/mappings/taxonomy-needs.csv")
    sectors = list(dict.fromkeys(r.sector for r in rows if r.sector))
    if not sectors:
        kinds = set().union(*(context.vocabulary.need_kinds.get(n, set()) for n in needs))
        sectors = ["health"] if kinds & {"HealthNeed", "AdultNeed"} else ["education"]
        record.note("attributes", f"no taxonomy term gives a sector: recorded as {sectors[0]}, from its needs")
    return needs, sectors


def _areas(raw: dict, record: Record, context: Context) -> None:
    vocabulary, council = context.vocabulary, node("area", context.council)
    served: list[str] = []
    for area in _list(raw, "service_areas"):
        for key in ("service_area", "name", "description", "extent"):
            served.extend(vocabulary.areas_mentioned(area.get(key) if isinstance(area.get(key), str) else None))
    for iri in dict.fromkeys(served) or [str(council)]:
        record.add(record.iri, LOV.servesArea, rdflib.URIRef(iri))
    if not served:
        record.note("service_areas", f"no SE7 council or district named: recorded as serving {context.council}")
    located: list[str] = []
    for place in _list(raw, "service_at_locations"):
        location = place.get("location") if isinstance(place.get("location"), dict) else {}
        for address in _list(location, "addresses") + _list(location, "physical_addresses"):
            for key in ("city", "address_3", "address_2", "region", "state_province"):
                match = vocabulary.area_named(address.get(key) if isinstance(address.get(key), str) else None)
                if match:
                    located.append(match)
                    break
        match = vocabulary.area_named(location.get("name") if isinstance(location.get("name"), str) else None)
        if match:
            located.append(match)
    for iri in dict.fromkeys(located) or [str(council)]:
        record.add(record.iri, LOV.locatedIn, rdflib.URIRef(iri))


def _access(raw: dict, record: Record) -> None:
    access = str(raw.get("attending_access") or "").lower()
    level = {"drop-in": "universal"}.get(access, "targeted")
    route = {"referral": "professional-referral"}.get(access, "self-referral")
    if not access:
        record.note("attending_access", "not given: recorded as targeted, and families can contact it themselves")
    record.add(record.iri, LOV.accessLevel, node("access-level", level))
    record.add(record.iri, LOV.referralRoute, node("referral-route", route))


def _cost(raw: dict, record: Record) -> None:
    parts: list[str] = []
    routes: set[str] = set()
    for option in _list(raw, "cost_options"):
        amount = option.get("amount")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
            raise RecordError("cost_options", f"expected an amount in pounds, got {_shown(amount)}")
        if amount is None:
            parts.append(_cost_words(option))
        else:
            routes.add("charge" if amount > 0 else "free")
            price = "Free" if amount == 0 else f"£{amount:,.2f}".replace(".00", "")
            parts.append(f"{price} {_cost_words(option)}".strip())
    fees = _text(raw, "fees")
    if fees:
        parts.append(fees)
        if re.search(r"\bfree\b", fees, re.IGNORECASE) and not routes:
            routes.add("free")
    if not routes:
        routes.add("free")
        record.note("cost_options", "no cost given: recorded as free; the cost text says the source does not say")
        parts.append("The source does not say what it costs: check with the service.")
    record.add(record.iri, LOV.cost, rdflib.Literal("; ".join(p for p in parts if p)))
    for route in sorted(routes):
        record.add(record.iri, LOV.fundingRoute, node("funding-route", route))


def _cost_words(option: dict) -> str:
    """'per 1 hour session (Under 18s and Over 60s)' from amount_description and option."""
    words = str(option.get("amount_description") or "")
    if option.get("option"):
        words += f" ({option['option']})" if words else str(option["option"])
    return words


def _contacts(raw: dict, record: Record, name: str, website: rdflib.URIRef | None, reviewed: date,
              slug: str) -> None:
    email = _text(raw, "email")
    phones = [p for p in (_phone(x) for x in _list(raw, "phones")) if p]
    contacts = 0
    if email or website or phones:
        contacts += _contact(record, f"{slug}-enquiries", f"{name}: enquiries", email, phones, website, reviewed)
    for position, person in enumerate(_list(raw, "contacts"), start=1):
        # a contact's role, never a person's name: the graph is published openly
        role = _text(person, "title") or _text(person, "department") or "contact"
        person_phones = [p for p in (_phone(x) for x in _list(person, "phones")) if p]
        person_id = slugify(str(person.get("id") or position))
        added = _contact(record, f"{slug}-{person_id}", f"{name}: {role}", _text(person, "email"), person_phones,
                         None, reviewed)
        if not added:
            record.note("contacts", f"contact {person.get('id') or position} has no phone number or email: left out")
        contacts += added
    if not contacts:
        raise RecordError("contacts", "no phone number, email address or web page to contact the service")


def _contact(record: Record, slug: str, label: str, email: str | None, phones: list[str],
             url: rdflib.URIRef | None, reviewed: date) -> int:
    if not (email or phones or url):
        return 0
    contact = node("contact", slug)
    record.add(record.iri, LOV.hasContact, contact)
    record.add(contact, RDF.type, LOV.Contact)
    record.add(contact, RDFS.label, en(label))
    record.add(contact, SCH.email, rdflib.Literal(email) if email else None)
    for phone in phones:
        record.add(contact, SCH.telephone, rdflib.Literal(phone))
    record.add(contact, SCH.url, url)
    record.add(contact, LOV.lastReviewed, day(reviewed))
    return 1


def _phone(raw: Any) -> str | None:
    if isinstance(raw, dict):
        number = raw.get("number")
        return str(number).strip() if isinstance(number, str | int) and str(number).strip() else None
    return None


def _schedule(raw: dict) -> str:
    """Plain English from ORUK schedules (RFC 5545 parts): the description if given, else the days and times."""
    sentences: list[str] = []
    for item in _list(raw, "schedules") + _list(raw, "regular_schedules"):
        text = _text(item, "description")
        if not text:
            days = [WEEKDAYS.get(d.strip()[-2:].upper(), d.strip()) for d in str(item.get("byday") or "").split(",")
                    if d.strip()]
            if item.get("weekday"):
                days.append(str(item["weekday"]))
            times = ""
            if item.get("opens_at") and item.get("closes_at"):
                times = f" from {str(item['opens_at'])[:5]} to {str(item['closes_at'])[:5]}"
            text = f"Open {_join(days)}{times}." if days or times else ""
        notes = _text(item, "notes")
        sentences.extend(t for t in (text, notes) if t)
    return " ".join(dict.fromkeys(sentences))


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def _term_note(term: dict, context: Context) -> list[str]:
    kind = "taxonomy" if term.get("__taxonomy__") else "taxonomy term"
    if kind == "taxonomy":
        return [f"taxonomy {term.get('id')}: '{term.get('name')}' read: a taxonomy holds no records to import; its "
                "terms are matched by name through data/mappings/taxonomy-needs.csv"]
    rows = _rows_for_term(term, taxonomy_table(context.mappings_dir))
    label = term.get("term") or term.get("name")
    needs = sorted({r.need for r in rows if r.need})
    if needs:
        return [f"taxonomy term {term.get('id')}: '{label}' maps to need {', '.join(needs)}"]
    return [f"taxonomy term {term.get('id')}: '{label}' maps to none of our needs "
            "(add it to data/mappings/taxonomy-needs.csv if it should)"]


# ---------------------------------------------------------------- values


def slugify(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")[:150]


def _id(raw: dict) -> str:
    value = raw.get("id")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordError("id", "missing: every record needs an id")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise RecordError("id", f"expected text, got {_shown(value)}")
    if not slugify(str(value)):
        raise RecordError("id", f"{str(value)!r} has no letters or digits to make a web address from")
    return str(value).strip()


def _text(raw: dict, key: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(key, "missing")
        return None
    if not isinstance(value, str):
        raise RecordError(key, f"expected text, got {_shown(value)}")
    plain = html.unescape(re.sub(r"<[^>]+>", " ", value))  # descriptions may hold HTML markup
    return " ".join(plain.split())


def _url(raw: dict, key: str, record: Record) -> rdflib.URIRef | None:
    value = _text(raw, key)
    if value is None:
        return None
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value):
        record.note(key, f"{value[:60]!r} is not a web address starting with http:// or https://: left out")
        return None
    return rdflib.URIRef(value)


def _number(raw: dict, key: str) -> int | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(key, f"expected a whole number, got {_shown(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    raise RecordError(key, f"expected a whole number, got {_shown(value)}")


def _date(raw: dict, key: str) -> date | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise RecordError(key, f"expected a date such as 2025-01-31, got {_shown(value)}")


def _list(raw: dict, key: str) -> list[dict]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(key, f"expected a list, got {_shown(value)}")
    return [item for item in value if isinstance(item, dict)]


def _shown(value: Any) -> str:
    """A value as a message shows it: text in quotes, anything else as JSON would write it."""
    if isinstance(value, str):
        return repr(value[:60])
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return str(value)
