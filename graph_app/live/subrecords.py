"""Repeatable sub-forms (issue 18): a record's own dependent records, such as its opening times and its
contacts, edited as repeatable fieldsets of its form. This module turns an item's statements into the
values its fieldset shows, and typed values back into statements (the web side, web/staff/subforms.py,
reads the posted form and builds the changes to publish).

How to add a sub-form (ontology/shapes.ttl; nothing else to write for ordinary fields):

    los:Service-openingTimes a sh:PropertyShape ;
        sh:path lo:hasSchedule ;                        # the record's link to each item
        sh:name "Opening times"@en ; sh:description "When the service runs ..."@en ;
        los:subForm los:ScheduleShape ;                 # each item's node shape: its property shapes are the fields
        los:itemName "Opening times"@en ;               # one item, in messages: "Opening times 2: ..."
        los:dependentKind "schedule" ; los:dependentRole "hours" ;  # item IRIs {id}schedule/service-{slug}-hours{n}
        los:mayBePrivate true ;                         # optional: each item has "show to the public?" (contacts)
        sh:group los:HowGroup ; sh:order 30 .

  then list it in the record's node shape (sh:property) and add the dependent kind to
  live/records.OWNED_DEPENDENTS (so the items load, version and roll back with the record). The item node
  shape must target the item's class (sh:targetClass): items carry that rdf:type, so the same shapes check
  them on a save and in the build. In the item shape, `los:hiddenInSubForm true` leaves a property shape
  out of the fieldset (its statements are kept as they are) and `los:widget "days"` picks a special input.
  Values are read by the field's kind: xsd:time ("9:30", "09:30", "5pm"), days (MO..SU checkboxes),
  schema:telephone (a UK number), schema:email, schema:url (https:// only), langString text (English);
  anything else as the main form reads it (forms._term).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..email_address import is_email_address
from ..namespaces import RDF, RDFS, SCHEMA, XSD
from . import dependents, forms
from .forms import Field

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY = re.compile(r"[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)(,[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU))*")  # as shapes.ttl
TIME = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE
)
NOON = {"noon", "12 noon", "midday", "12 midday"}
HTTPS = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?([/?#][^\s<>\"{}|\\^`]*)?")
MAX_ITEMS = 30  # items read from one form: a posted count above this is cut (a form never has so many)


class ValueProblem(ValueError):
    """A typed value that cannot be used: its message says what to type instead."""


@dataclass
class Item:
    """One fieldset of a sub-form: its values as typed or stored, keyed by item field key."""

    number: int  # its place on the form, from 1 (field ids, and "Opening times 2" in messages)
    iri: str | None = None  # None: a new one
    values: dict[str, list[str]] = field(default_factory=dict)
    public: bool | None = True  # None: a new item whose public choice is not made yet
    remove: bool = False

    @property
    def empty(self) -> bool:
        return not any(v.strip() for values in self.values.values() for v in values)


def id_base_of(record_iri: str) -> str:
    """{id_base}{kind}/{slug} -> {id_base}."""
    return record_iri.rsplit("/", 2)[0] + "/"


def is_own(record_iri: str, sub_form: Field, iri: str) -> bool:
    """Whether an IRI names one of this record's own items of the sub-form's dependent kind."""
    base = id_base_of(record_iri)
    parsed = dependents.split(base, iri)
    kind, slug = dependents.parent_parts(base, record_iri)
    return parsed is not None and parsed[0] == (sub_form.dependent or ("", ""))[0] and parsed[1:3] == (kind, slug)


def new_iri(record_iri: str, sub_form: Field, taken: set[str]) -> str:
    """The first free IRI {id}{kind}/{parent kind}-{slug}-{role}{n} not among `taken`."""
    kind, role = sub_form.dependent or ("", "")
    number = 1
    while True:
        iri = dependents.dependent_iri(id_base_of(record_iri), kind, record_iri, f"{role}{number}")
        if iri not in taken:
            return iri
        number += 1


def stored_items(sub_form: Field, links: list[str], parts: dict[str, list[ox.Triple]], public: set[str]) -> list[Item]:
    """The items the record has, in the order of their IRIs (hours1, hours2, ...): `links` are the IRIs it
    links to on the sub-form's path, `parts` their statements, `public` the ones in the public graph."""
    items = []
    for iri in sorted(set(links) & set(parts), key=_natural):
        values = item_values(sub_form, parts[iri])
        items.append(Item(len(items) + 1, iri, values, iri in public))
    return items


def _natural(iri: str) -> tuple:
    """hours2 before hours10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri))


def item_values(sub_form: Field, triples: list[ox.Triple]) -> dict[str, list[str]]:
    """An item's values as its fieldset shows them (English text; times as "9:30am"; days as codes)."""
    values: dict[str, list[str]] = {f.key: [] for f in sub_form.item_fields}
    for triple in triples:
        item = next((f for f in sub_form.item_fields if f.path == triple.predicate.value), None)
        value = triple.object
        if item is None or (isinstance(value, ox.Literal) and value.language and not value.language.startswith("en")):
            continue
        if item.widget == "days" and BYDAY.fullmatch(value.value) and all(d in DAYS for d in value.value.split(",")):
            values[item.key] += value.value.split(",")
        elif item.widget == "time":
            values[item.key].append(time_words(value.value))
        elif item.widget == "decimal" and re.fullmatch(r"\d+\.\d", value.value):
            values[item.key].append(value.value + "0")  # pounds and pence: 7.5 is shown as 7.50
        else:
            values[item.key].append(value.value)
    return values


def item_triples(
    sub_form: Field, iri: str, item: Item, original: list[ox.Triple], label: str
) -> tuple[list[ox.Triple], dict[str, str]]:
    """The item's statements: each shown field's values replaced by what was typed, everything else kept
    (other languages, fields the sub-form hides, the source's statements); a new one gets its class and a
    name saying whose it is. Errors: item field key -> message, for values that cannot be read."""
    subject = ox.NamedNode(iri)
    shown = {f.path for f in sub_form.item_fields}
    kept = [t for t in original if t.predicate.value not in shown or _other_language(t)]
    if not original:
        kept = [ox.Triple(subject, ox.NamedNode(RDF + "type"), ox.NamedNode(sub_form.item_class or RDFS + "Resource"))]
    if not any(t.predicate.value == RDFS + "label" for t in kept) and RDFS + "label" not in shown:
        kept.append(ox.Triple(subject, ox.NamedNode(RDFS + "label"), ox.Literal(label, language="en")))
    errors: dict[str, str] = {}
    added = []
    for item_field in sub_form.item_fields:
        raw = [v.strip() for v in item.values.get(item_field.key, []) if v.strip()]
        try:
            for term in terms(item_field, raw):
                added.append(ox.Triple(subject, ox.NamedNode(item_field.path), term))
        except ValueProblem as problem:
            errors[item_field.key] = str(problem)
    return kept + added, errors


def _other_language(triple: ox.Triple) -> bool:
    value = triple.object
    return isinstance(value, ox.Literal) and bool(value.language) and not value.language.startswith("en")


def terms(item_field: Field, raw: list[str]) -> list[ox.NamedNode | ox.Literal]:
    """The RDF values of what was typed into one field of an item; ValueProblem saying what is wrong."""
    if not raw:
        return []
    widget = item_field.widget
    if widget == "days":
        return [ox.Literal(days_value(raw), datatype=ox.NamedNode(XSD + "string"))]
    if widget == "time":
        return [ox.Literal(parse_time(raw[0]), datatype=ox.NamedNode(XSD + "time"))]
    if item_field.path == SCHEMA + "telephone":
        return [ox.Literal(uk_phone(text)) for text in raw[:1]]
    if item_field.path == SCHEMA + "email":
        return [ox.Literal(email(text)) for text in raw[:1]]
    if item_field.path == SCHEMA + "url":
        return [ox.NamedNode(web_page(text)) for text in raw[:1]]
    if item_field.datatype in (RDF + "langString", None) and widget in ("text", "textarea"):
        return [ox.Literal(raw[0], language="en")]  # one English text: other languages are kept
    found = []
    for text in raw:
        term = forms._term(item_field, text, {c.value for c in item_field.choices})
        if term is None:
            raise ValueProblem(item_field.message or f"{item_field.label}: this value cannot be used")
        found.append(term)
    return found


def days_value(raw: list[str]) -> str:
    """Ticked day codes in week order ("WE", "MO" -> "MO,WE"), or one calendar code typed as it is."""
    if len(raw) == 1 and BYDAY.fullmatch(raw[0].upper().replace(" ", "")) and raw[0] not in DAYS:
        return raw[0].upper().replace(" ", "")  # kept from an import, such as 1MO (the first Monday)
    if any(d not in DAYS for d in raw):
        raise ValueProblem("Choose the days from the list")
    return ",".join(d for d in DAYS if d in raw)


def parse_time(text: str) -> str:
    """A time of day as people type it ("9:30", "09:30", "5pm", "5.30pm", "noon") as xsd:time hh:mm:ss."""
    clean = text.strip().lower()
    if clean in NOON:
        return "12:00:00"
    found = TIME.fullmatch(clean)
    if found is None or (found["m"] is None and found["half"] is None):  # "5": morning or afternoon?
        raise ValueProblem("Enter a time such as 9:30am, 5pm or 17:00")
    hour, minute, second = int(found["h"]), int(found["m"] or 0), int(found["s"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise ValueProblem("Enter a time such as 9:30am, 5pm or 17:00")
        hour = hour % 12 + (12 if found["half"].startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem("Enter a time such as 9:30am, 5pm or 17:00")
    return f"{hour:02d}:{minute:02d}:{second:02d}"


def time_words(value: str) -> str:
    """xsd:time as people say it: 09:30:00 -> 9:30am, 15:00:00 -> 3pm, 12:00:00 -> 12 noon."""
    found = re.fullmatch(r"(\d{2}):(\d{2})(?::(\d{2}))?.*", value)
    if found is None:
        return value
    hour, minute = int(found[1]), int(found[2])
    if (hour, minute) == (12, 0):
        return "12 noon"
    half = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{half}" if minute == 0 else f"{shown}:{minute:02d}{half}"


def uk_phone(text: str) -> str:
    """A UK phone number as typed ("01273 123456", "+44 (0)7700 900123"); ValueProblem otherwise."""
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("+44") or digits.startswith("0044"):
        digits = "0" + digits.removeprefix("+44").removeprefix("0044").removeprefix("0")
    if not re.fullmatch(r"0\d{9,10}", digits) and digits not in ("111", "999", "112"):
        raise ValueProblem("Enter a UK phone number, like 01273 123456 or 07700 900123")
    return text.strip()


def email(text: str) -> str:
    address = text.strip().removeprefix("mailto:")
    if not is_email_address(address):
        raise ValueProblem("Enter an email address in the correct format, like name@example.org.uk")
    return address


def web_page(text: str) -> str:
    if not HTTPS.fullmatch(text.strip()):
        raise ValueProblem("Enter a web page address starting with https://, like https://www.example.org.uk/contact")
    return text.strip()


def links(record_iri: str, sub_form: Field, triples: list[ox.Triple]) -> list[str]:
    """The record's own items the record links to on the sub-form's path."""
    subject, path = record_iri, sub_form.path
    return [
        t.object.value
        for t in triples
        if t.subject.value == subject
        and t.predicate.value == path
        and isinstance(t.object, ox.NamedNode)
        and is_own(record_iri, sub_form, t.object.value)
    ]
