"""Demand-side evidence for commissioners: how many families searched, per month, need and council, and how
many of those searches found nothing (migration 022). Counted anonymously: the words typed are never kept,
nor anything about who searched (no address, no cookie, no time finer than the month). A search counts
under a need only when that need is a term of the graph's own vocabulary: the need filter chosen, the need
search recognised ("This sounds like"), or a need's name found word for word in what was typed; otherwise
under no need. The council is the area filter (a council's slug) or none.

Shown on the gap analyses as a gap signal, with a minimum cell size: a count under MIN_CELL is never shown
as a number ("fewer than 5"), so no small group of searches can point to one family.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import date

from .db import PrivateDB

log = logging.getLogger(__name__)
MIN_CELL = 5  # counts under this are suppressed wherever they are shown
MONTHS_SHOWN = 12
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Demand:
    need: str  # a need's slug, or "" for searches with no known need
    searches: int
    found_nothing: int

    @property
    def searches_shown(self) -> int | None:
        """The count if it may be shown, else None (under the minimum cell size)."""
        return shown(self.searches)

    @property
    def found_nothing_shown(self) -> int | None:
        return shown(self.found_nothing)


def shown(count: int) -> int | None:
    return count if count >= MIN_CELL else None


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_back(day: date, months: int) -> str:
    """The first month of the `months` months that end with this day's month."""
    index = day.year * 12 + day.month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def vocabulary_need(text: str, needs: list[tuple[str, str]]) -> str | None:
    """The slug of the need whose name appears word for word in `text` (the longest such name), or None.
    `needs` is [(slug, name)] from the search index's own list of needs."""
    typed = _WORD.findall(text.lower())
    best: tuple[int, str] | None = None
    for slug, name in needs:
        words = _WORD.findall(name.lower())
        if not words or len(words) > len(typed):
            continue
        if any(typed[i : i + len(words)] == words for i in range(len(typed) - len(words) + 1)):
            if best is None or len(words) > best[0]:
                best = (len(words), slug)
    return best[1] if best else None


def count_search(db: PrivateDB, need: str | None, area: str | None, found: bool, day: date) -> None:
    """Add one search to its month's count. `need` and `area` must already be known slugs (see note_search)."""
    with db.connect(immediate=True) as conn:
        conn.execute(
            "INSERT INTO search_demand (month, need, area, outcome, count) VALUES (?, ?, ?, ?, 1)"
            " ON CONFLICT (month, need, area, outcome) DO UPDATE SET count = search_demand.count + 1",
            (month_of(day), need or "", area or "", "found" if found else "nothing"),
        )


def note_search(
    db: PrivateDB,
    text: str,
    chosen_need: str | None,
    guessed_need: str | None,
    area: str | None,
    needs: list[tuple[str, str]],
    areas: list[str],
    total: int,
    day: date,
) -> None:
    """Count one search. Only slugs from the index's own lists are kept: any other value is dropped, and the
    text is only read to find a need's name in it, never kept. A locked database skips the count."""
    known_needs = {slug for slug, _name in needs}
    need = next((n for n in (chosen_need, guessed_need) if n in known_needs), None) or vocabulary_need(text, needs)
    try:
        count_search(db, need, area if area in areas else None, total > 0, day)
    except (sqlite3.Error, OSError):  # busy, read-only or missing: the search is answered all the same
        log.warning("a search was not counted (the private database could not be written)")


def demand(db: PrivateDB, day: date, area: str | None = None, need: str | None = None) -> list[Demand]:
    """Searches in the MONTHS_SHOWN months to `day` for a council (None: every council and none), per need,
    those that found nothing most first. Raw counts: show them through `shown`."""
    where, values = ["month >= ?"], [months_back(day, MONTHS_SHOWN)]
    if area is not None:
        where.append("area = ?")
        values.append(area)
    if need is not None:
        where.append("need = ?")
        values.append(need)
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT need, SUM(count) AS searches,"
            " SUM(CASE WHEN outcome = 'nothing' THEN count ELSE 0 END) AS empty_count"
            f" FROM search_demand WHERE {' AND '.join(where)} GROUP BY need",  # noqa: S608 - fixed clauses, bound values
            values,
        ).fetchall()
    found = [Demand(row["need"], int(row["searches"]), int(row["empty_count"])) for row in rows]
    return sorted(found, key=lambda d: (-d.found_nothing, -d.searches, d.need))
