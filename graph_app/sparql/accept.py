"""An HTTP Accept header read as RFC 9110 says: each media range with its q, and for any media type the q of
the most specific range that matches it. Why not Werkzeug's best_match: its ties go to the server's list
order, so `Accept: */*` (curl) got the HTML editor; here a tie is decided by how specifically the client
named the type, then by the client's own order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Preference:
    """How much the client wants one media type: q, how specifically it was named (2 exact, 1 `type/*`,
    0 `*/*`) and where (earlier is better, so it is negated to sort higher)."""

    q: float
    specificity: int
    position: int

    def rank(self) -> tuple[float, int, int]:
        return (self.q, self.specificity, -self.position)


NOT_WANTED = Preference(0.0, -1, 10**6)


def parse(accept: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each range; malformed q counts as 0 (not wanted)."""
    ranges = []
    for position, item in enumerate((accept or "").split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for part in parts[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def preference(ranges: Sequence[tuple[str, float, int]], media: str) -> Preference:
    """The client's preference for `media` (a type without parameters)."""
    kind = media.split("/", 1)[0] + "/*"
    best: Preference | None = None
    for pattern, q, position in ranges:
        specificity = 2 if pattern == media else 1 if pattern == kind else 0 if pattern == "*/*" else -1
        if specificity >= 0 and (best is None or specificity > best.specificity):
            best = Preference(q, specificity, position)
    if best is None or best.q <= 0:
        return NOT_WANTED
    return best


def best(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client wants most (the server's order breaks what is left of a tie); None when
    none is acceptable."""
    ranges = parse(accept)
    chosen, chosen_rank = None, None
    for media in offered:
        wanted = preference(ranges, media)
        if wanted.q > 0 and (chosen_rank is None or wanted.rank() > chosen_rank):
            chosen, chosen_rank = media, wanted.rank()
    return chosen
