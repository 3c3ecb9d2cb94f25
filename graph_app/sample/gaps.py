"""Deliberate gaps in the sample: combinations the generator guarantees have nothing at all.

They give the commissioner's gap analyses something true to find. A gap is a need, a council and
an age band (None: every age), optionally limited to some access levels ("no open-access
service"). A service or setting counts for a council if it is listed in that council's Local
Offer, is located in it, or serves it; it counts for an age band if its ages overlap the band.
Records for the need's broad area of need are kept out too, so a query that walks skos:broader
finds the same gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .vocab import AGE_BANDS, NEEDS


@dataclass(frozen=True)
class Gap:
    need: str
    council: str
    age_band: str | None  # None: no age at all
    access_levels: tuple[str, ...] = ()  # empty: no service of any access level (and no setting)
    note: str = ""

    def describe(self) -> str:
        ages = f"aged {self.age_band}" if self.age_band else "at any age"
        what = (
            ("no " + "/".join(self.access_levels) + " service")
            if self.access_levels
            else "no service or setting at all"
        )
        return f"need/{self.need} x area/{self.council} {ages}: {what}. {self.note}".strip()


GAPS: tuple[Gap, ...] = (
    Gap("specialist-dental", "medway", "19-25", note="Adult special care dentistry not listed."),
    Gap("acquired-brain-injury", "brighton-and-hove", "0-4"),
    Gap("selective-mutism", "hampshire", "16-18"),
    Gap("dyscalculia", "kent", "19-25"),
    Gap("multi-sensory-impairment", "east-sussex", "11-15"),
    Gap("bladder-and-bowel", "west-sussex", "16-18"),
    Gap("stammering", "surrey", "19-25"),
    Gap(
        "vision-impairment",
        "surrey",
        None,
        ("universal", "targeted"),
        "Only a specialist teaching service reached by assessment exists.",
    ),
)


def _overlaps(lo: int, hi: int, band: str | None) -> bool:
    if band is None:
        return True
    b_lo, b_hi = AGE_BANDS[band]
    return lo <= b_hi and b_lo <= hi


def blocked_needs(councils: Iterable[str], lo: int, hi: int, access: str | None) -> set[str]:
    """Needs a record touching these councils, at these ages and access level, must not have.

    access None means a setting: only whole gaps (no access-level limit) apply to it.
    """
    touched = set(councils)
    blocked: set[str] = set()
    for gap in GAPS:
        if gap.council not in touched or not _overlaps(lo, hi, gap.age_band):
            continue
        if gap.access_levels and (access is None or access not in gap.access_levels):
            continue
        blocked.add(gap.need)
        if NEEDS[gap.need][1]:
            blocked.add(NEEDS[gap.need][1])
    return blocked


def clamp_ages(need: str, councils: Iterable[str], lo: int, hi: int) -> tuple[int, int] | None:
    """Narrow an age range so that a need can stay on a record without filling a gap."""
    touched = set(councils)
    for gap in GAPS:
        if gap.access_levels or gap.council not in touched or gap.age_band is None:
            continue
        if need not in (gap.need, NEEDS[gap.need][1]) or not _overlaps(lo, hi, gap.age_band):
            continue
        b_lo, b_hi = AGE_BANDS[gap.age_band]
        lo, hi = (lo, b_lo - 1) if lo < b_lo else (b_hi + 1, hi)
        if lo > hi:
            return None
    return lo, hi


def comment_lines() -> list[str]:
    return [f"#   - {gap.describe()}" for gap in GAPS]
