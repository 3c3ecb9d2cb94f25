"""An A to Z of every node of each kind, cut into parts small enough for one page, so that any record
is at most three clicks from the home page: home -> a kind's A to Z -> a part -> the record."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Projection

PART_SIZE = 200


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str
    is_sample: bool


@dataclass(frozen=True)
class Part:
    number: int  # from 1
    first: str
    last: str
    entries: tuple[Entry, ...]


def catalogue(projection: Projection) -> dict[str, list[Part]]:
    """kind -> its parts, by English name (case-insensitive), each holding at most PART_SIZE entries."""
    by_kind: dict[str, list[Entry]] = {}
    for n, iri in enumerate(projection.iris):
        by_kind.setdefault(projection.kinds[n], []).append(Entry(iri, projection.labels[n], projection.samples[n]))
    for iri, (kind, label, is_sample) in projection.folded.items():
        by_kind.setdefault(kind, []).append(Entry(iri, label, is_sample))
    parts: dict[str, list[Part]] = {}
    for kind, entries in by_kind.items():
        entries.sort(key=lambda e: (e.label.casefold(), e.iri))
        parts[kind] = [
            Part(number, chunk[0].label, chunk[-1].label, tuple(chunk))
            for number, chunk in enumerate(
                (entries[i : i + PART_SIZE] for i in range(0, len(entries), PART_SIZE)), start=1
            )
        ]
    return parts
