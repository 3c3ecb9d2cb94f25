"""Invented places, caseload and waiting weeks for a sample service (lo:capacity, lo:caseload,
lo:waitingWeeks), so the places-per-1,000 and median-wait analyses have something to work on.

The numbers come from a hash of the service's slug, not from the generator's random stream: adding them
changed no other record of the sample. The waiting weeks are the service's own waiting sentence as a number
(wording.WAITING_WEEKS). Like every sample record, the service carries lo:isSample true, so every page and
download that uses these figures says they are invented."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from . import terms as t
from .wording import WAITING_WEEKS

# places at one time by access level: a universal service (a youth club, a library session) takes more
PLACES = {"universal": (30, 150), "targeted": (15, 60), "specialist": (8, 40)}
RECORDS_PLACES = 0.8  # share of services that give their places and caseload (the rest leave them out)


def _fraction(slug: str, salt: str) -> float:
    digest = hashlib.sha256(f"{salt}:{slug}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def sample_numbers(subject: NamedNode, slug: str, access: str, waiting: str) -> Iterator[Triple]:
    """The service's waiting weeks (always, from its sentence) and, for most services, places and caseload
    (caseload 60% to 130% of places: some services are over their numbers)."""
    weeks = WAITING_WEEKS.get(waiting)
    if weeks is not None:
        yield Triple(subject, t.P["waitingWeeks"], t.integer(weeks))
    if _fraction(slug, "records") >= RECORDS_PLACES:
        return
    low, high = PLACES.get(access, PLACES["targeted"])
    places = low + int(_fraction(slug, "places") * (high - low + 1))
    yield Triple(subject, t.P["capacity"], t.integer(places))
    yield Triple(subject, t.P["caseload"], t.integer(round(places * (0.6 + 0.7 * _fraction(slug, "caseload")))))
