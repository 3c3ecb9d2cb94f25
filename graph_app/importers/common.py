"""What the ORUK and GIAS importers share: the web-address check and a contact node with its review date
(and slugify, from graph_app/slugs.py, for the slug made from a source's id)."""

from __future__ import annotations

import re
from datetime import date

import rdflib

from ..slugs import slugify
from .records import LOV, RDF, RDFS, SCH, Record, day, en, node

WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")  # http(s), no IRI-excluded characters


def add_contact(
    record: Record,
    slug: str,
    label: str,
    email: str | None,
    phones: list[str],
    url: rdflib.URIRef | None,
    reviewed: date,
) -> int:
    """A contact node of the record (1), or nothing (0) when there is no email, phone or web page."""
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


__all__ = ["WEB_ADDRESS", "add_contact", "slugify"]
