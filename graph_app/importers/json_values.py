"""ORUK's JSON values read as our records need them: ids, plain text (HTML markup removed), web
addresses, whole numbers, dates and lists, each refused with a message naming the field (RecordError)."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any

import rdflib

from .common import WEB_ADDRESS, slugify
from .records import Record, RecordError


def identifier(raw: dict) -> str:
    value = raw.get("id")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordError("id", "missing: every record needs an id")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise RecordError("id", f"expected text, got {shown(value)}")
    if not slugify(str(value)):
        raise RecordError("id", f"{str(value)!r} has no letters or digits to make a web address from")
    return str(value).strip()


def text(raw: dict, key: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(key, "missing")
        return None
    if not isinstance(value, str):
        raise RecordError(key, f"expected text, got {shown(value)}")
    plain = html.unescape(re.sub(r"<[^>]+>", " ", value))  # descriptions may hold HTML markup
    return " ".join(plain.split())


def url(raw: dict, key: str, record: Record) -> rdflib.URIRef | None:
    value = text(raw, key)
    if value is None:
        return None
    if not WEB_ADDRESS.match(value):
        record.note(key, f"{value[:60]!r} is not a web address starting with http:// or https://: left out")
        return None
    return rdflib.URIRef(value)


def whole_number(raw: dict, key: str) -> int | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(key, f"expected a whole number, got {shown(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    raise RecordError(key, f"expected a whole number, got {shown(value)}")


def iso_date(raw: dict, key: str) -> date | None:
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
    raise RecordError(key, f"expected a date such as 2025-01-31, got {shown(value)}")


def items_of(raw: dict, key: str) -> list[dict]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(key, f"expected a list, got {shown(value)}")
    return [item for item in value if isinstance(item, dict)]


def shown(value: Any) -> str:
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


def as_list(value: Any) -> list[Any]:
    """A field that should hold a list: anything else (a number, true, a string) counts as none."""
    return value if isinstance(value, list) else []
