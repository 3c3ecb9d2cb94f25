"""A council statement on the staff form: its preview (as the heading page will show it, with a reading-age
hint, worked out on the server so it needs no script), its address for a new one, and its starting values.
The saving, versions and checks are the editor's own (editing.py, record_form.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import request, url_for

from ...live import forms
from ...namespaces import LO, RDFS
from ...readability import ReadingAge, reading_age
from ...slugs import is_slug
from ..core.graph import Graph
from ..core.labels import label_map
from ..core.plain_text import paragraphs
from ..core.staff_user import current_user
from .record_form import RecordForm

TITLE_KEY = forms.field_key(RDFS + "label")
TEXT_KEY = forms.field_key(LO + "statementText")
COUNCIL_KEY = forms.field_key(LO + "statementOf")
HEADING_KEY = forms.field_key(LO + "aboutHeading")


@dataclass
class Preview:
    title: str
    paragraphs: list[str]
    council: str
    heading: str
    reading: ReadingAge | None


def _first(form: RecordForm, key: str) -> str:
    values = form.state.values.get(key) or [""]
    return values[0]


def preview_of(form: RecordForm) -> Preview:
    """What the family would see, from the values typed (before any check: the save checks them)."""
    council, heading = _first(form, COUNCIL_KEY), _first(form, HEADING_KEY)
    known = {c.value for f in form.fields for c in f.choices}  # only chosen IRIs are looked up
    names = label_map(form.graph, [v for v in (council, heading) if v in known], ["en"])
    text = _first(form, TEXT_KEY)
    return Preview(
        _first(form, TITLE_KEY), paragraphs(text), names.get(council, ""), names.get(heading, ""), reading_age(text)
    )


def render(form: RecordForm) -> tuple[str, int]:
    """The form again, as typed, with the preview above the save button (nothing is saved)."""
    return form.render(summary=request.form.get("summary", "").strip()[:300], preview=preview_of(form))


def _slug_of(iri: str, id_base: str, kind: str) -> str | None:
    prefix = f"{id_base}{kind}/"
    slug = iri[len(prefix) :] if iri.startswith(prefix) else ""
    return slug if is_slug(slug) else None


def statement_name(submitted, id_base: str) -> str | None:  # a MultiDict
    """A new statement's slug base, "{council}-{heading}", when the form (or, for a council admin, whose
    council is not on the form, their account) names both."""
    user = current_user()
    named = (user.council_iri if user else None) or submitted.get(COUNCIL_KEY, "").strip()
    council = _slug_of(named, id_base, "area")
    heading = _slug_of(submitted.get(HEADING_KEY, "").strip(), id_base, "heading")
    return f"{council}-{heading}" if council and heading else None


def new_statement(iri: str, council: str | None, heading_slug: str, graph: Graph) -> list[ox.Triple]:
    """A new statement's starting values: the council admin's council, and the heading it was asked for
    (?heading=slug on the link from the council's list), when that is a heading."""
    subject = ox.NamedNode(iri)
    triples = []
    if council:
        triples.append(ox.Triple(subject, ox.NamedNode(LO + "statementOf"), ox.NamedNode(council)))
    if is_slug(heading_slug):
        heading = ox.NamedNode(f"{graph.id_base}heading/{heading_slug}")
        types = {r["type"].value for r in graph.library.select(graph.store, "navigate/node_types", node=heading)}
        if LO + "LocalOfferHeading" in types:
            triples.append(ox.Triple(subject, ox.NamedNode(LO + "aboutHeading"), heading))
    return triples


def list_url(council: str | None) -> str:
    """The council's list of statements (after a save)."""
    slug = council.rsplit("/", 1)[-1] if council else None
    if slug and is_slug(slug):
        return url_for("council_content.index", council=slug)
    return url_for("council_content.index")
