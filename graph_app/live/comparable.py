"""Statements compared by what they mean, not how they are spelt: the one definition of "a real change".

A version saved from the form and the record as the data files gave it can say the same thing in
different spellings: "Free." and "Free."@en (the data leaves a language off, the form writes English),
"5.0" and "5" as decimals, a web address as an IRI or as an xsd:anyURI literal, a textarea's CRLF line
ends, or statements the build's rules derive again after every change (age bands, change history).
Comparing raw triples showed each as "removed" and "added" (the false "Cost changed"); comparing the
keys made here shows only what a reader would call a change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..namespaces import LO

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# derived again by the rules after every change, so never a change in themselves
DERIVED = frozenset({LO + "forAgeBand", LO + "changeHistory"})
_NUMBERS = frozenset(
    XSD + t
    for t in (
        "integer decimal double float long int short byte nonNegativeInteger positiveInteger "
        "nonPositiveInteger negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
)
Key = tuple[str, str, tuple[str, ...]]
# text whichever way typed: a plain literal is xsd:string in RDF 1.1, and these are strings too
_TEXT = frozenset({XSD + "string", XSD + "normalizedString", XSD + "token", RDF_LANG_STRING})


def text_key(text: str) -> str:
    """Text as a reader compares it: one composed form of each accented letter (a form may send "é" as e and
    an accent), any run of spaces, line ends or non-breaking spaces as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def language_key(tag: str | None) -> str:
    """A language tag as the data means it: none is English (the data's convention), any case, and a region
    or script subtag ("en-GB", "cy-GB") the same language as its base ("en", "cy")."""
    return (tag or "en").lower().split("-", 1)[0]


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def subject_of(triple: ox.Triple) -> str:
    """The subject's IRI (its N-Triples form for a blank node or a quoted triple, which records never have)."""
    subject = triple.subject
    return subject.value if isinstance(subject, ox.NamedNode) else str(subject)


def value_key(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple) -> tuple[str, ...]:
    """A term's meaning as a comparable tuple: text by its words and language (none means English, the
    data's convention), numbers and booleans by value, web addresses as IRIs whichever way written."""
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode | ox.Triple):
        return ("blank",)  # never in a published change (changes.parse_change refuses them)
    datatype = term.datatype.value
    if term.language or datatype in _TEXT:
        return ("text", text_key(term.value), language_key(term.language))
    if datatype == XSD + "anyURI":
        return ("iri", term.value.strip())
    if datatype in _NUMBERS:
        try:
            return ("number", format(Decimal(term.value.strip()).normalize(), "f"))
        except InvalidOperation:
            pass
    if datatype == XSD + "boolean":
        return ("boolean", str(term.value.strip() in ("true", "1")).lower())
    return ("typed", term.value.strip(), datatype)


def key(triple: ox.Triple) -> Key:
    return (subject_of(triple), triple.predicate.value, value_key(triple.object))


def real_changes(old: Iterable[ox.Triple], new: Iterable[ox.Triple]) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(added, removed): the new statements whose meaning the old ones lack, and the old ones whose meaning
    the new ones lack, each sorted; derived statements are left out of both."""
    old = [t for t in old if t.predicate.value not in DERIVED]
    new = [t for t in new if t.predicate.value not in DERIVED]
    old_keys, new_keys = {key(t) for t in old}, {key(t) for t in new}
    added = sorted({t for t in new if key(t) not in old_keys}, key=str)
    removed = sorted({t for t in old if key(t) not in new_keys}, key=str)
    return added, removed


def changed_properties(old: Iterable[ox.Triple], new: Iterable[ox.Triple], record_iri: str) -> list[str]:
    """The properties whose values really changed, as IRIs, sorted (the record's own first, then its
    answers' - other subjects in a version - such as lo:answerText)."""
    old, new = list(old), list(new)
    added, removed = real_changes(old, new)
    # a part of the record it links to (its opening times, its own contact): named by the link, "opening
    # times", not by the part's inner properties ("opens at", schema:telephone)
    links = {
        t.object.value: t.predicate.value
        for t in [*old, *new]
        if subject_of(t) == record_iri and isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE
    }
    own = {t.predicate.value for t in [*added, *removed] if subject_of(t) == record_iri}
    own |= {links[subject_of(t)] for t in [*added, *removed] if subject_of(t) in links}
    others = {
        t.predicate.value for t in [*added, *removed] if subject_of(t) not in links and subject_of(t) != record_iri
    }
    return sorted(own) + sorted(others - own)
