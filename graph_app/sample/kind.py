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
    # the law behind the service itself (legislation clause slugs), never only the Local Offer duty (s.30):
    # every kind has at least one clause, for every age it can have
    legal: tuple[str, ...] = ()
    legal_by_age: tuple[tuple[str, int, int], ...] = ()  # (clause, min age, max age): cited when the ages overlap
    pfa: tuple[str, ...] = ()  # preparing-for-adulthood themes (for services open at 14+)
    weight: int = 2

    def clauses(self, lo: int, hi: int) -> tuple[str, ...]:
        """The clauses behind a service of this kind for ages lo to hi (inclusive)."""
        by_age = tuple(slug for slug, first, last in self.legal_by_age if lo <= last and first <= hi)
        return self.legal + by_age
