"""When a record was last checked, and "may be out of date" by the ONE rule (graph_app/staleness.py: 12 or
more whole months ago), for every page that shows a record: its own page, search results, My child, lists, the
map, the commissioning report and the editors' "Due for review" list. Lists read the dates of all their
records in one query (`checked_map`), never one query per record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from flask import Flask
from pyoxigraph import NamedNode

from ...staleness import is_out_of_date
from .graph import Graph
from .i18n import N_, translate
from .labels import is_iri
from .links import Link
from .version_lru import node_answers

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)  # translated when shown: a Welsh or Polish page gets its own month names


@dataclass
class Review:
    date: str  # ISO date
    words: str  # "2 July 2026"
    out_of_date: bool


@dataclass(frozen=True)
class Checked:
    """What a list item says about its record: the date it was last checked and whether that is too long ago."""

    last_checked: str  # ISO date
    out_of_date: bool


def latest(dates: Iterable[str]) -> date | None:
    """The most recent of some ISO dates (a record may carry more than one), or None if none is a date."""
    found = []
    for text in dates:
        try:
            found.append(date.fromisoformat(text[:10]))
        except ValueError:
            continue
    return max(found, default=None)


def long_date(iso: str | date | None) -> str:
    """ "3 March 2025" from an ISO date; '' for no date (a template filter)."""
    if not iso:
        return ""
    day = iso if isinstance(iso, date) else date.fromisoformat(str(iso)[:10])
    return f"{day.day} {translate(MONTHS[day.month - 1])} {day.year}"


def review(dates: list[str] | None, today: date) -> Review | None:
    """The last review date in words, flagged when it is more than a year old (a record's own page)."""
    checked = latest(dates or [])
    if checked is None:
        return None
    return Review(checked.isoformat(), long_date(checked), is_out_of_date(checked, today))


def checked_map(graph: Graph, iris: Iterable[str], today: date | None = None) -> dict[str, Checked]:
    """IRI -> when it was last checked, for every record of a list that has a date, in one query."""
    wanted = [i for i in sorted(set(iris)) if is_iri(i)]
    if not wanted:
        return {}
    kept = node_answers(graph, "review_dates")  # a record's dates, kept per store version (issue 20)
    dates, missing = kept.lookup(wanted)
    if missing:
        found: dict[str, list[str]] = {}
        for row in graph.library.select(graph.store, "navigate/last_checked", record=[NamedNode(i) for i in missing]):
            found.setdefault(row["record"].value, []).append(row["reviewed"].value)
        kept.keep({iri: found.get(iri, []) for iri in missing})
        dates.update(found)
    today = today or date.today()  # out of date is worked out each time: the kept dates do not age
    out = {}
    for iri, texts in dates.items():
        checked = latest(texts)
        if checked is not None:
            out[iri] = Checked(checked.isoformat(), is_out_of_date(checked, today))
    return out


def stamp(link: Link, checked: dict[str, Checked]) -> Link:
    """The link with its record's last-checked date, when it has one."""
    found = checked.get(link.iri)
    return replace(link, last_checked=found.last_checked, out_of_date=found.out_of_date) if found else link


def stamp_all(graph: Graph, links: list[Link]) -> list[Link]:
    """Every link of a list with its record's last-checked date (one query for the whole list)."""
    checked = checked_map(graph, [link.iri for link in links])
    return [stamp(link, checked) for link in links]


def init_app(app: Flask) -> None:
    app.add_template_filter(long_date, "long_date")
