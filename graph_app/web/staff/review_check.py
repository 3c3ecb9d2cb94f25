"""Honest review dates (issue 18): "Last checked" (lo:lastReviewed) is set by the app, never typed.

A shape marked los:systemSet true is no field on the form (live/forms.py), and a form that posts it anyway is
refused with a 400 naming the field: a date can only come from someone checking, so a posted one is an old
or forged form, and ignoring it quietly would let its sender believe the date was set. Adding a record, or
saving an edit after answering "Yes" to "Did you check the whole record?", sets today; "No" keeps the old
date. No save leaves a date in the future (the shapes refuse it too: los:LastChecked-notInFuture).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox
from flask import abort, current_app

from ...live import forms, records
from ...namespaces import LO, XSD
from ..core.graph import get_graph
from ..core.i18n import translate

CHECKED_KEY = "checked-whole-record"  # the radios' name: "yes" or "no"
LAST_CHECKED = LO + "lastReviewed"


def system_keys(record: records.Record) -> dict[str, str]:
    """Form key -> path of the fields of this record's kind that the app sets itself."""
    graph = get_graph()
    paths = forms.system_set_paths(current_app.config["SETTINGS"].shapes_file, graph.library, record.class_iri)
    return {forms.field_key(path): path for path in sorted(paths)}


def asks_checked(record: records.Record) -> bool:
    """Whether saving an edit asks "Did you check the whole record?" (a record whose date the app sets)."""
    return record.exists and LAST_CHECKED in system_keys(record).values()


def refuse_typed(record: records.Record, submitted: Mapping[str, str]) -> None:
    """A 400 naming the first system-set field the form posted."""
    posted = [key for key in system_keys(record) if key in submitted]
    if posted:
        abort(
            400,
            translate(
                "The field '{field}' (Last checked) cannot be sent: it is set for you when someone checks "
                "the whole record. Open the form again.",
                field=posted[0],
            ),
        )


@dataclass
class Settled:
    triples: list[ox.Triple]
    checked_on: str | None  # today when this save is a check of the whole record
    errors: dict[str, str]


def settle(record: records.Record, triples: list[ox.Triple], submitted: Mapping[str, str], today: date) -> Settled:
    """The record's statements with the date the answer gives, and the problems found (by form key)."""
    errors: dict[str, str] = {}
    checked_on = None
    if LAST_CHECKED in system_keys(record).values():
        answer = submitted.get(CHECKED_KEY, "")
        if record.new or answer == "yes":
            triples, checked_on = with_date(record.iri, triples, today), today.isoformat()
        elif answer != "no":
            errors[CHECKED_KEY] = translate('Choose "Yes" if you checked the whole record, or "No" if you did not.')
    future = in_future(triples, today)
    if future and not errors:
        key = CHECKED_KEY if LAST_CHECKED in system_keys(record).values() else forms.field_key(LAST_CHECKED)
        errors[key] = translate(
            "The date it was last checked, {day}, is in the future: a record can only have been checked today "
            'or earlier. Check the whole record and choose "Yes".',
            day=future,
        )
    return Settled(triples, checked_on, errors)


def with_date(iri: str, triples: list[ox.Triple], today: date) -> list[ox.Triple]:
    """The statements with today as the only "last checked" date."""
    day = ox.Literal(today.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    kept = [t for t in triples if not (t.subject.value == iri and t.predicate.value == LAST_CHECKED)]
    return [*kept, ox.Triple(ox.NamedNode(iri), ox.NamedNode(LAST_CHECKED), day)]


def in_future(triples: list[ox.Triple], today: date) -> str:
    """The first "last checked" date after today ("" when none): compared as text, as the shape does."""
    late = sorted(t.object.value for t in triples if t.predicate.value == LAST_CHECKED)
    return next((d for d in late if d[:10] > today.isoformat()), "")
