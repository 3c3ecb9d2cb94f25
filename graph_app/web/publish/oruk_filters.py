"""The filters of the ORUK lists (/services, /service_at_locations): every parameter the Open Referral UK
profile 3.0 defines is either answered or refused with a 400 that names it, never ignored.

Answered: search (or text), minimum_age, maximum_age, taxonomy_term_id, taxonomy_id, organization_id,
page, per_page, day, start_time, end_time, postcode; format=json.

Opening times (day, start_time, end_time) are searched in the opening times an ORUK import keeps as
days and times (lo:hasSchedule). When the graph holds none (opening times only in words, as in the
SE7 sample), the answer would be "no service" for every day, which is not true: a 400 says so.

Postcodes: the graph holds no postcode directory (no postcode centroids, no postcode-to-area table).
What it does hold is the postcodes of its own records (settings from Get Information about Schools,
places ORUK imports run at) with the district or council each is in. So a postcode is answered from
its outward code (TN4 of TN4 8XA) when records in the graph have that outward code: the services that
serve those districts or councils (a service serving a council serves its districts). An outward code
the graph has not seen gets a 400 saying so, rather than a guess or every service. `proximity` needs
a postcode's position, which the graph does not hold: always a 400.

Refused (the profile defines them, not for these lists): minimal, full, full_service, modified_after,
format other than json."""

from __future__ import annotations

import re
from typing import Any

from flask import request
from pyoxigraph import Literal, NamedNode

from ..core.graph import get_graph
from . import oruk_records as shape

MAX_TEXT = 200
DAYS = {"MO": "MONDAY", "TU": "TUESDAY", "WE": "WEDNESDAY", "TH": "THURSDAY", "FR": "FRIDAY", "SA": "SATURDAY"}
DAYS["SU"] = "SUNDAY"
TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d))?")
POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})")
OUTWARD = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
REFUSED = {
    "minimal": "minimal lists are not offered: ask for pages of services (page, per_page)",
    "full": "full records are at /services/{id} and /service_at_locations/{id}; lists give one-to-one fields",
    "full_service": "full_service applies to organisations: /organizations/{id} lists their services",
    "modified_after": "the graph records when each record was last checked, not when it changed: "
    "modified_after cannot be answered",
    "proximity": "the directory holds no postcode positions (no postcode directory), so it cannot measure "
    "distance from a postcode; use postcode alone, which matches the districts and councils served",
}


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def whole_number(name: str, low: int, high: int, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"\s*\d{1,7}\s*", raw):  # up to 10**6 (page); the range check below does the rest
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}, not {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}, not {value}")
    return value


def refuse_unsupported() -> None:
    for name, why in REFUSED.items():
        if name in request.args:
            raise BadParameter(name, f"{name} is not supported here: {why}")
    wanted = request.args.get("format")
    if wanted is not None and wanted.strip().lower() not in ("", "json"):
        raise BadParameter("format", f"format must be json, the only format offered, not {wanted[:40]!r}")


def service_filters() -> dict[str, Any] | None:
    """The filters as query values; None when an id names nothing (a valid question whose answer is no
    service). Raises BadParameter for a value that is wrong or a filter that cannot be answered."""
    refuse_unsupported()
    text = request.args.get("text", request.args.get("search"))
    name = "text" if "text" in request.args else "search"
    if text is not None and len(text) > MAX_TEXT:
        raise BadParameter(name, f"{name} must be at most {MAX_TEXT} characters")
    filters: dict[str, Any] = {
        "word": text.strip() if text and text.strip() else None,
        "min_age": whole_number("minimum_age", 0, 150),
        "max_age": whole_number("maximum_age", 0, 150),
    }
    for parameter, kind, key in (
        ("taxonomy_term_id", "taxonomy_term", "need"),
        ("taxonomy_id", "taxonomy", "scheme"),
        ("organization_id", "organization", "provider"),
    ):
        given = request.args.get(parameter)
        if given is not None and given.strip():
            if len(given) > MAX_TEXT:
                raise BadParameter(parameter, f"{parameter} must be at most {MAX_TEXT} characters")
            iri = shape.lookup(kind, given)
            if iri is None:
                return None
            filters[key] = iri
    filters.update(_opening_times())
    areas = _postcode_areas()
    if areas is not None:
        filters["area"] = [NamedNode(a) for a in areas]
    return {k: v for k, v in filters.items() if v is not None}


def _opening_times() -> dict[str, Literal]:
    found: dict[str, Literal] = {}
    day = request.args.get("day")
    if day is not None and day.strip():
        word = day.strip().upper()
        code = word if word in DAYS else next((c for c, w in DAYS.items() if w == word), None)
        if code is None:
            raise BadParameter("day", f"day must be a day of the week (MO, TU... or Monday...), not {day[:40]!r}")
        found["day"] = Literal(code)
    for name in ("start_time", "end_time"):
        raw = request.args.get(name)
        if raw is None or not raw.strip():
            continue
        match = TIME.fullmatch(raw.strip())
        if match is None:
            raise BadParameter(name, f"{name} must be a time of day such as 09:30, not {raw[:40]!r}")
        found[name] = Literal(f"{match[1]}:{match[2]}:{match[4] or '00'}")
    if found and not _has_schedules():
        first = next(n for n in ("day", "start_time", "end_time") if n in found)
        raise BadParameter(
            first,
            f"{first} cannot be answered: no service in this directory gives its opening times as days and "
            "times (they are written in words), so filtering would wrongly say none is open",
        )
    return found


def _has_schedules() -> bool:
    graph = get_graph()
    return graph.memo(
        "oruk_has_schedules", lambda: bool(graph.library.select(graph.store, "export/oruk_has_schedules"))
    )


def _postcode_areas() -> list[str] | None:
    raw = request.args.get("postcode")
    if raw is None or not raw.strip():
        return None
    text = " ".join(raw.upper().split())
    full = POSTCODE.fullmatch(text)
    outward = full[1] if full else text if OUTWARD.fullmatch(text) else None
    if outward is None:
        raise BadParameter(
            "postcode", f"postcode must be a UK postcode such as TN4 8XA (or its first part, TN4), not {raw[:40]!r}"
        )
    areas = outward_areas().get(outward)
    if not areas:
        raise BadParameter(
            "postcode",
            f"postcode {outward} cannot be answered: this directory has no postcode directory, and none of its "
            "records has a postcode starting with it, so it cannot tell which council's area that is",
        )
    return sorted(areas)


def outward_areas() -> dict[str, set[str]]:
    """Outward code -> the districts and councils of the graph's records with postcodes in it."""
    graph = get_graph()

    def compute() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for row in graph.library.select(graph.store, "export/oruk_postcodes"):
            match = POSTCODE.fullmatch(" ".join(row["postcode"].value.upper().split()))
            if match:
                found.setdefault(match[1], set()).add(row["area"].value)
        return found

    return graph.memo("oruk_outward_areas", compute)
