"""The read-only review behind "Still correct" (issue 18): every field of the record's editing form, with
the values it holds in words (a choice's label, not its IRI), and its answers to the SE7 questions. The
form's fields, not the public page's summary, because the summary leaves out facts (codes, flags) an
editor must still confirm."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...live.forms import Field
from . import subforms
from .record_form import RecordForm


@dataclass
class ReviewRow:
    label: str
    values: list[str] = field(default_factory=list)
    is_field: bool = True  # a shape's sh:name (in the catalogue), else a question's own words


def review_rows(form: RecordForm) -> list[ReviewRow]:
    """One row per field and per question, in the form's order; an empty one shows as "Not given"."""
    rows = []
    for item in form.fields:
        names = {c.value: c.label for c in item.choices}
        rows.append(ReviewRow(item.label, [_said(v, names, item) for v in form.state.values.get(item.key, [])]))
    for question in form.questions:
        answer = form.state.answers.get(question.key, "")
        rows.append(ReviewRow(question.label, [answer] if answer else [], is_field=False))
    return rows


def _said(value: object, names: dict[str, str], item: Field) -> str:
    """A value in words: a choice's label; a sub-form's item (opening times, a contact) in a line."""
    if isinstance(value, str):
        return names.get(value, value)
    return subforms.item_words(item, value)  # live.subrecords.Item
