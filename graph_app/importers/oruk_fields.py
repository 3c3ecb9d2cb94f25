"""The parts of an ORUK service record: ages, needs and sectors (through data/mappings), areas, access,
cost, contacts and opening times, each with a note where ORUK does not say what our shapes need; and the
Context every record of one import shares (oruk.py maps the documents and records)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import rdflib

from ..weekdays import DAY_NAMES
from . import json_values as read
from .common import add_contact, slugify
from .records import LOV, RDFS, Record, RecordError, en, node
from .tables import TaxonomyRow, taxonomy_table
from .vocabulary import Vocabulary, normalise

WEEKDAYS = DAY_NAMES


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


def ages(raw: dict, record: Record) -> None:
    low = read.whole_number(raw, "minimum_age")
    high = read.whole_number(raw, "maximum_age")
    for rule in read.as_list(raw.get("eligibilitys") or raw.get("eligibility")):  # ORUK v1
        if isinstance(rule, dict):
            rule_low, rule_high = read.whole_number(rule, "minimum_age"), read.whole_number(rule, "maximum_age")
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
        record.add(
            record.iri,
            RDFS.comment,
            en(
                f"The source gives ages {_age(given_low, 0)} to {_age(given_high, 25)}; the SE7 local offer "
                f"covers ages 0 to 25, so this record says {clamped_low} to {clamped_high}."
            ),
        )
        record.note(
            "maximum_age" if high != clamped_high else "minimum_age",
            f"ages {low} to {high} clamped to {clamped_low} to {clamped_high}",
        )
    record.add(record.iri, LOV.minAge, rdflib.Literal(clamped_low))
    record.add(record.iri, LOV.maxAge, rdflib.Literal(clamped_high))


def _age(value: int | None, default: int) -> int:
    return default if value is None else value


def _terms(raw: dict) -> Iterable[tuple[str, dict]]:
    """(field, term) for every taxonomy term of the service, in v3 (attributes) and v1 (service_taxonomys)."""
    for field_name, key in (
        ("attributes", "taxonomy_term"),
        ("service_taxonomys", "taxonomy"),
        ("taxonomy_terms", None),
    ):
        items = raw.get(field_name) or []
        if not isinstance(items, list):
            raise RecordError(field_name, f"expected a list, got {read.shown(items)}")
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


def needs(raw: dict, name: str, description: str, record: Record, context: Context) -> tuple[list[str], list[str]]:
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
            record.note(
                field_name,
                f"no taxonomy term maps to a need, so the needs come from words in the name and "
                f"description ({terms}) through data/mappings/taxonomy-needs.csv",
            )
    if not needs:
        shown_terms = ", ".join(f"'{t}'" for t in seen_terms) or "none"
        raise RecordError(
            field_name,
            f"no taxonomy term maps to one of our needs (terms: {shown_terms}); add the "
            "term to data/mappings/taxonomy-needs.csv",
        )
    sectors = list(dict.fromkeys(r.sector for r in rows if r.sector))
    if not sectors:
        kinds = set().union(*(context.vocabulary.need_kinds.get(n, set()) for n in needs))
        sectors = ["health"] if kinds & {"HealthNeed", "AdultNeed"} else ["education"]
        record.note("attributes", f"no taxonomy term gives a sector: recorded as {sectors[0]}, from its needs")
    return needs, sectors


def areas(raw: dict, record: Record, context: Context) -> None:
    vocabulary, council = context.vocabulary, node("area", context.council)
    served: list[str] = []
    for area in read.items_of(raw, "service_areas"):
        for key in ("service_area", "name", "description", "extent"):
            served.extend(vocabulary.areas_mentioned(area.get(key) if isinstance(area.get(key), str) else None))
    for iri in dict.fromkeys(served) or [str(council)]:
        record.add(record.iri, LOV.servesArea, rdflib.URIRef(iri))
    if not served:
        record.note("service_areas", f"no SE7 council or district named: recorded as serving {context.council}")
    located: list[str] = []
    for place in read.items_of(raw, "service_at_locations"):
        location = place.get("location") if isinstance(place.get("location"), dict) else {}
        for address in read.items_of(location, "addresses") + read.items_of(location, "physical_addresses"):
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


def access(raw: dict, record: Record) -> None:
    access = str(raw.get("attending_access") or "").lower()
    level = {"drop-in": "universal"}.get(access, "targeted")
    route = {"referral": "professional-referral"}.get(access, "self-referral")
    if not access:
        record.note("attending_access", "not given: recorded as targeted, and families can contact it themselves")
    record.add(record.iri, LOV.accessLevel, node("access-level", level))
    record.add(record.iri, LOV.referralRoute, node("referral-route", route))


PRICE = re.compile(r"£\s*\d|\b\d+(\.\d\d)?\s*pounds?\b", re.IGNORECASE)  # a price stated
FREE_WORDS = re.compile(r"\b(free|no charge|no cost|costs nothing)\b", re.IGNORECASE)


def cost(raw: dict, record: Record) -> None:
    """lo:cost in words and lo:fundingRoute from cost_options and fees. A feed that says nothing about
    cost means the cost is not known (funding-route/not-stated), never that the service is free: a
    charged service whose feed leaves cost_options out must not become "Free". Fees text decides only
    when it is plain: a price or charge in it means a charge, "free" alone means free."""
    parts: list[str] = []
    routes: set[str] = set()
    for option in read.items_of(raw, "cost_options"):
        amount = option.get("amount")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | float)):
            raise RecordError("cost_options", f"expected an amount in pounds, got {read.shown(amount)}")
        if amount is None:
            parts.append(_cost_words(option))
        else:
            routes.add("charge" if amount > 0 else "free")
            price = "Free" if amount == 0 else f"£{amount:,.2f}".replace(".00", "")
            parts.append(f"{price} {_cost_words(option)}".strip())
    fees = read.text(raw, "fees") or read.text(raw, "fees_description")
    if fees:
        # our own export's fees already hold the options' words: read back, they are not added twice
        parts = [p for p in parts if p not in fees] + [fees]
        if not routes:
            if PRICE.search(fees):
                routes.add("charge")
            elif FREE_WORDS.search(fees):
                routes.add("free")
    if not routes:
        routes.add("not-stated")
        record.note("cost_options", "no cost given: recorded as not stated (not as free)")
        if not fees:
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


def contacts(raw: dict, record: Record, name: str, website: rdflib.URIRef | None, reviewed: date, slug: str) -> None:
    email = read.text(raw, "email")
    phones = [p for p in (_phone(x) for x in read.items_of(raw, "phones")) if p]
    contacts = 0
    if email or website or phones:
        contacts += add_contact(record, f"{slug}-enquiries", f"{name}: enquiries", email, phones, website, reviewed)
    for position, person in enumerate(read.items_of(raw, "contacts"), start=1):
        # a contact's role, never a person's name: the graph is published openly
        role = read.text(person, "title") or read.text(person, "department") or "contact"
        person_phones = [p for p in (_phone(x) for x in read.items_of(person, "phones")) if p]
        person_id = slugify(str(person.get("id") or position))
        added = add_contact(
            record, f"{slug}-{person_id}", f"{name}: {role}", read.text(person, "email"), person_phones, None, reviewed
        )
        if not added:
            record.note("contacts", f"contact {person.get('id') or position} has no phone number or email: left out")
        contacts += added
    if not contacts:
        raise RecordError("contacts", "no phone number, email address or web page to contact the service")


def _phone(raw: Any) -> str | None:
    if isinstance(raw, dict):
        number = raw.get("number")
        return str(number).strip() if isinstance(number, str | int) and str(number).strip() else None
    return None


def schedule(raw: dict) -> str:
    """Plain English from ORUK schedules (RFC 5545 parts): the description if given, else the days and times."""
    sentences: list[str] = []
    for item in read.items_of(raw, "schedules") + read.items_of(raw, "regular_schedules"):
        text = read.text(item, "description")
        if not text:
            days = [
                WEEKDAYS.get(d.strip()[-2:].upper(), d.strip())
                for d in str(item.get("byday") or "").split(",")
                if d.strip()
            ]
            if item.get("weekday"):
                days.append(str(item["weekday"]))
            times = ""
            if item.get("opens_at") and item.get("closes_at"):
                times = f" from {str(item['opens_at'])[:5]} to {str(item['closes_at'])[:5]}"
            text = f"Open {_join(days)}{times}." if days or times else ""
        notes = read.text(item, "notes")
        sentences.extend(t for t in (text, notes) if t)
    return " ".join(dict.fromkeys(sentences))


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def term_note(term: dict, context: Context) -> list[str]:
    kind = "taxonomy" if term.get("__taxonomy__") else "taxonomy term"
    if kind == "taxonomy":
        return [
            f"taxonomy {term.get('id')}: '{term.get('name')}' read: a taxonomy holds no records to import; its "
            "terms are matched by name through data/mappings/taxonomy-needs.csv"
        ]
    rows = _rows_for_term(term, taxonomy_table(context.mappings_dir))
    label = term.get("term") or term.get("name")
    needs = sorted({r.need for r in rows if r.need})
    if needs:
        return [f"taxonomy term {term.get('id')}: '{label}' maps to need {', '.join(needs)}"]
    return [
        f"taxonomy term {term.get('id')}: '{label}' maps to none of our needs "
        "(add it to data/mappings/taxonomy-needs.csv if it should)"
    ]
