"""The contact details of each council's statutory contacts (SENDIASS, parent carer forum, SEN team), one
value at a time with its source and check (ontology: lo:ContactValue; data/statutory-contacts.ttl).

The one rule families depend on lives here: a value is shown to families only when it is checked
(lo:Verified), has a "checked on" date and a source. Staff see every value, each tagged with its status
and source, so they know what to check. Read once per store version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask import Flask, g, request
from werkzeug.wrappers import Response

from ...namespaces import LO, SCHEMA
from .graph import Graph, get_graph
from .i18n import N_
from .labels import label_map
from .links import node_link
from .staff_user import current_user
from .twin import respond

# which detail a value is (lo:valueField) -> (short key, the label families read), in display order
FIELDS: dict[str, tuple[str, str]] = {
    SCHEMA + "telephone": ("telephone", N_("Phone:")),
    SCHEMA + "email": ("email", N_("Email:")),
    SCHEMA + "openingHours": ("hours", N_("Opening hours:")),
    SCHEMA + "address": ("address", N_("Address:")),
}
ROLES = {
    "iass": N_("Information, advice and support (SENDIASS)"),
    "forum": N_("Parent carer forum"),
    "sen-team": N_("SEN team"),
}


@dataclass(frozen=True)
class ContactValue:
    iri: str
    contact: str
    key: str  # telephone, email, hours or address
    label: str  # "Phone:" ...
    value: str | None
    source: str | None
    checked_on: str | None  # ISO date
    status: str  # "verified" or "unverified"
    note: str | None = None

    @property
    def slug(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def shown_to_families(self) -> bool:
        """Checked against its source, on a date that has passed, with something to show."""
        return bool(
            self.status == "verified"
            and self.value
            and self.source
            and self.checked_on
            and self.checked_on <= date.today().isoformat()
        )


@dataclass
class ContactDetails:
    """One contact's details: `values` are the ones this reader may see (families: checked only)."""

    contact: str
    council: str
    role: str
    website: str | None
    values: list[ContactValue] = field(default_factory=list)
    unchecked: int = 0  # values that exist but are not shown to this reader

    @property
    def being_checked(self) -> bool:
        """Nothing checked to show families: the page says so and links to the website instead."""
        return not any(v.shown_to_families for v in self.values)


def _read(graph: Graph) -> list[tuple[str, str, str, str | None, ContactValue]]:
    rows = []
    for row in graph.library.select(graph.store, "navigate/contact_values"):
        field_iri = row["field"].value
        if field_iri not in FIELDS:
            continue
        key, label = FIELDS[field_iri]
        status = row["status"].value if "status" in row else ""
        value = ContactValue(
            iri=row["detail"].value,
            contact=row["contact"].value,
            key=key,
            label=label,
            value=row["value"].value if "value" in row else None,
            source=row["source"].value if "source" in row else None,
            checked_on=row["checked"].value if "checked" in row else None,
            status="verified" if status == LO + "Verified" else "unverified",
            note=row["note"].value if "note" in row else None,
        )
        website = row["website"].value if "website" in row else None
        rows.append((row["council"].value, row["role"].value, row["contact"].value, website, value))
    return rows


def details_by_contact(graph: Graph, staff: bool) -> dict[str, ContactDetails]:
    """contact IRI -> its details: every value for staff, the checked ones only for everyone else."""
    order = list(FIELDS.values())
    found: dict[str, ContactDetails] = {}
    for council, role, contact, website, value in _rows(graph):
        entry = found.setdefault(contact, ContactDetails(contact, council, role, website))
        if value.iri in {v.iri for v in entry.values}:
            continue  # a contact with two web pages is read twice
        if staff or value.shown_to_families:
            entry.values.append(value)
        elif value.value:
            entry.unchecked += 1
    for entry in found.values():
        entry.values.sort(key=lambda v: order.index((v.key, v.label)))
    return found


def _rows(graph: Graph) -> list[tuple[str, str, str, str | None, ContactValue]]:
    return graph.memo("contact_value_rows", lambda: _read(graph))


def contact_council(graph: Graph, contact: str) -> str | None:
    """The council whose SENDIASS, parent carer forum or SEN team this contact is (None for any other)."""
    return next((row[0] for row in _rows(graph) if row[2] == contact), None)


def contact_details_of(contact: str) -> ContactDetails | None:
    """A statutory contact's details for whoever reads this page: signed-in staff get every value (each
    tagged with its status), everyone else the checked ones only. None for any other contact."""
    if "contact_details" not in g:
        g.contact_details = details_by_contact(get_graph(), staff=current_user() is not None)
    return g.contact_details.get(contact)


VALUE_PAGE = re.compile(r"^/id/contact-value/([a-z0-9-]+?)(?:\.json|/links(?:\.json)?)?/?$")


def guard_value_pages() -> Response | str | None:
    """A contact detail's own page (and its twin and links) for a family, while the value is not checked:
    a short page naming the contact and its website, never the value. Staff, and RDF formats (answered
    before this hook, with the status in the data), get the record as it is."""
    match = VALUE_PAGE.match(request.path)
    if not match or current_user() is not None:
        return None
    graph = get_graph()
    found = next((row for row in _rows(graph) if row[4].slug == match.group(1)), None)
    if found is None or found[4].shown_to_families:
        return None  # unknown: the record view answers 404; checked: the record page shows it
    council, role, contact, website, value = found
    names = label_map(graph, [contact, value.iri])
    return respond(
        "explore/contact_value_unchecked.html",
        label=names.get(value.iri, value.slug),
        contact=node_link(contact, names.get(contact, contact), graph.id_base),
        website=website,
        role=role,
        status="being checked",
    )


def init_app(app: Flask) -> None:
    """The template global; guard_value_pages is added by create_app after the RDF negotiation hook."""
    app.add_template_global(contact_details_of)
