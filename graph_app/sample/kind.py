"""One kind of invented service: the shape of an entry in the catalogue of service kinds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """Templates use {who} (ages and needs in words), {town} (a district or council name),
    {venue} (an invented building) and {day} (when it runs)."""

    key: str
    sector: str
    access: tuple[str, ...]  # access levels it may have
    ages: tuple[tuple[int, int], ...]  # candidate (min, max) ages, inclusive
    needs: tuple[str, ...]  # needs it may be for (first ones more often)
    labels: tuple[str, ...]
    what: tuple[str, ...]  # opening sentence: what it is and who for
    detail: tuple[str, ...]  # a second sentence: what happens
    headings: tuple[str, ...]  # topic headings, besides the sector's section
    orgs: tuple[str, ...]  # organisation types that run it
    funding: tuple[str, ...]  # funding routes: free / charge / personal-budget
    legal: str = ""  # a legislation clause slug, only where the link is honest
    pfa: tuple[str, ...] = ()  # preparing-for-adulthood themes (for services open at 14+)
    weight: int = 2
