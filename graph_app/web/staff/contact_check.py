"""What the contact detail form adds to the shapes (issue 16): "I checked this against the source" marks the
value checked today; a "checked on" date in the future is refused; a checked value needs its date and a
value; a changed value or source is not checked until someone ticks the box again. The form is the
shared SHACL-driven one (record_form.py); edit_save.save calls settle() before the shapes check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ...live import records
from ...live.forms import field_key
from ...namespaces import DCTERMS, LO, RDF
from ..core.i18n import translate
from .record_form import RecordForm

CHECKED_BOX = "checked-against-source"  # the tick box's name
VALUE = field_key(RDF + "value")
SOURCE = field_key(DCTERMS + "source")
CHECKED_ON = field_key(LO + "checkedOn")
STATUS = field_key(LO + "verificationStatus")
VERIFIED, UNVERIFIED = LO + "Verified", LO + "Unverified"


def settle(form: RecordForm, submitted: Mapping[str, str], record: records.Record, today: date) -> dict[str, str]:
    """Apply the tick to the form's values; return the problems found, by field key."""
    values = form.state.values
    errors: dict[str, str] = {}
    ticked = submitted.get(CHECKED_BOX) == "yes"
    if ticked:
        values[CHECKED_ON] = [today.isoformat()]
        values[STATUS] = [VERIFIED]
    value, status = _one(values, VALUE), _one(values, STATUS)
    raw_day = _one(values, CHECKED_ON)
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            day = None  # the form's own check names the field
        if day is not None and day > today:
            errors[CHECKED_ON] = translate(
                "The date it was checked cannot be in the future. Enter today's date or an earlier one."
            )
    if status == VERIFIED:
        if not value:
            errors[VALUE] = translate('Enter the value you checked, or choose "Not checked yet".')
        if not raw_day:
            errors[CHECKED_ON] = translate(
                'Enter the date you checked it, or tick "I checked this against the source".'
            )
        changed = value != _stored(record, RDF + "value") or _one(values, SOURCE) != _stored(record, DCTERMS + "source")
        if changed and not ticked:
            errors[STATUS] = translate(
                'You changed the value or its source: tick "I checked this against the source" if you did, '
                'or choose "Not checked yet".'
            )
    return errors


def _one(values: Mapping[str, list[str]], key: str) -> str:
    return (values.get(key) or [""])[0]


def _stored(record: records.Record, path: str) -> str:
    return (record.values(path) or [""])[0]
