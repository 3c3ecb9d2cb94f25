"""A record's opening times (lo:Schedule) in plain words for its page ("Mondays and Wednesdays, 9:30am to
3pm. Term time only"), and as schema.org OpeningHoursSpecification values for its JSON-LD (hoursAvailable on
a service)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...live.subrecords import DAYS, time_words
from ...weekdays import DAY_NAMES
from .graph import Graph
from .i18n import translate
from .request_rows import record_rows

DAY_PLURALS = {
    "MO": "Mondays",
    "TU": "Tuesdays",
    "WE": "Wednesdays",
    "TH": "Thursdays",
    "FR": "Fridays",
    "SA": "Saturdays",
    "SU": "Sundays",
}
SCHEMA_DAYS = DAY_NAMES  # schema.org DayOfWeek names: https://schema.org/Monday …
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "-1": "last"}


@dataclass(frozen=True)
class Times:
    days: list[str]  # calendar codes as stored (MO, 1MO)
    opens: str | None  # xsd:time
    closes: str | None
    notes: str | None


def schedules(graph: Graph, node: str) -> list[Times]:
    found: dict[str, Times] = {}
    for row in record_rows(graph, "navigate/record_schedules", node):
        iri = row["schedule"].value
        if iri not in found:  # one row each: a second English note or time is the data's mistake, not shown twice
            found[iri] = Times(
                row["days"].value.split(",") if "days" in row else [],
                row["opens"].value if "opens" in row else None,
                row["closes"].value if "closes" in row else None,
                row["notes"].value if "notes" in row else None,
            )
    return list(found.values())


def in_words(times: Times) -> str:
    """ "Mondays and Wednesdays, 9:30am to 3pm. Term time only" (what is missing is left out)."""
    parts = []
    days = day_words(times.days)
    hours = ""
    if times.opens and times.closes:
        hours = translate("{opens} to {closes}", opens=time_words(times.opens), closes=time_words(times.closes))
    elif times.opens:
        hours = translate("from {opens}", opens=time_words(times.opens))
    elif times.closes:
        hours = translate("until {closes}", closes=time_words(times.closes))
    parts.append(", ".join(p for p in (days, hours) if p))
    if times.notes:
        parts.append(times.notes)
    return ". ".join(p for p in parts if p)


def day_words(codes: list[str]) -> str:
    """MO,WE -> "Mondays and Wednesdays"; MO,TU,WE,TH,FR -> "Mondays to Fridays"; 1MO -> "the first Monday
    of the month"."""
    plain = [c for c in codes if c in DAYS]
    words = []
    if plain:
        indexes = sorted(DAYS.index(c) for c in plain)
        if len(indexes) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
            words.append(
                translate(
                    "{first} to {last}",
                    first=translate(DAY_PLURALS[DAYS[indexes[0]]]),
                    last=translate(DAY_PLURALS[DAYS[indexes[-1]]]),
                )
            )
        else:
            words += [translate(DAY_PLURALS[DAYS[i]]) for i in indexes]
    for code in codes:
        found = re.fullmatch(r"([+-]?\d{1,2})(MO|TU|WE|TH|FR|SA|SU)", code)
        if found and found[1].lstrip("+") in ORDINALS:
            words.append(
                translate(
                    "the {nth} {day} of the month",
                    nth=translate(ORDINALS[found[1].lstrip("+")]),
                    day=translate(SCHEMA_DAYS[found[2]]),
                )
            )
    if len(words) > 1:
        return translate("{some} and {last}", some=", ".join(words[:-1]), last=words[-1])
    return words[0] if words else ""


def opening_hours_specification(graph: Graph, node: str) -> list[dict]:
    """schema.org OpeningHoursSpecification of each set of times (days with a number before them, such as
    the first Monday of a month, have no schema.org day: they are in the description)."""
    found = []
    for times in schedules(graph, node):
        spec: dict = {"@type": "OpeningHoursSpecification"}
        days = [f"https://schema.org/{SCHEMA_DAYS[c]}" for c in times.days if c in SCHEMA_DAYS]
        if days:
            spec["dayOfWeek"] = days
        if times.opens:
            spec["opens"] = times.opens
        if times.closes:
            spec["closes"] = times.closes
        if times.notes or any(c not in SCHEMA_DAYS for c in times.days):
            spec["description"] = in_words(times)
        if len(spec) > 1:
            found.append(spec)
    return found
