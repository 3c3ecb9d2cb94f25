"""A printable list (issue 19, formats): any list a family has chosen (My child, search results) as one plain
page to print or save, with no PDF made and nothing stored: the family's choices are in the page's address.

Each item says its name, what it is and how to reach it; the page says what the list is for, the day it
was printed, the address of the live list, and that sample records are invented when any is on it. The
rooms (mychild/, search/) build the items from their own results; this module holds the shapes, the
contacts (one query for the whole list) and the dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import NamedNode

from ...namespaces import LO
from .graph import Graph
from .public_url import absolute

PRINT_CAP = 200  # items per section: a long list is cut here and says how many more the live list has


@dataclass
class Reach:
    telephone: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    website: list[str] = field(default_factory=list)
    unchecked: bool = False  # a contact the council has not checked yet

    @property
    def empty(self) -> bool:
        return not (self.telephone or self.email or self.website)


@dataclass
class PrintItem:
    name: str
    address: str  # the record's page, in full (a printed page cannot be clicked)
    what: str  # what it is: its kind and a few words ("Service: health, needs an assessment")
    is_sample: bool = False
    reach: Reach = field(default_factory=Reach)
    note: str | None = None  # one more line where the list has one (ages and district, a closing date)


@dataclass
class PrintSection:
    title: str
    items: list[PrintItem]
    total: int  # in the live list; more than len(items) when the list was cut at PRINT_CAP
    empty_text: str | None = None  # what to print when nothing is in it


@dataclass
class PrintList:
    title: str  # what the list is for, in words ("Support for a 7 year old in Kent with autism")
    printed_on: str  # ISO date
    address: str  # the live list's address with the family's choices, in full
    back_url: str  # the list on screen
    sections: list[PrintSection]
    has_sample: bool = False


def reach_of(graph: Graph, iris: list[str]) -> dict[str, Reach]:
    """iri -> its phone numbers, email addresses and web pages (its contacts' and its own), one query."""
    found: dict[str, Reach] = {iri: Reach() for iri in iris}
    if not iris:
        return found
    rows = graph.library.select(graph.store, "navigate/print_contacts", node=[NamedNode(i) for i in iris])
    for row in rows:
        reach = found.setdefault(row["node"].value, Reach())
        for key, values in (("telephone", reach.telephone), ("email", reach.email), ("url", reach.website)):
            if key in row and row[key].value and row[key].value not in values:
                values.append(row[key].value)
        if "status" in row and row["status"].value == LO + "Unverified":
            reach.unchecked = True
    return found


def print_list(
    title: str, address: str, back_url: str, sections: list[PrintSection], today: date | None = None
) -> PrintList:
    """The page's data: the day printed, the address in full, and whether any sample record is on it."""
    sample = any(item.is_sample for section in sections for item in section.items)
    return PrintList(title, (today or date.today()).isoformat(), absolute(address), back_url, sections, sample)


def full_address(url: str) -> str:
    """A site path ("/id/service/x") as the address to type in from paper."""
    return absolute(url) if url.startswith("/") else url
