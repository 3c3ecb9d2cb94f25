"""What tells apart records that share a name and a kind in the path form's "which one?" list: three
"Assessment (Step)" become "Assessment: step in Care pathway: mental health" and so on. Read from the
projection's links (no query): a step's pathway, a setting's or service's place and council, a question's
set, then its provider, access level, referral route, ages, funding, needs and topics, until every name in
the group differs (true duplicates are numbered)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from ...namespaces import LO
from ...projection import Projection
from ...projection.model import PROPERTIES
from ..core.i18n import N_, translate
from .nodes import Names

# (property, read from the record "out" or into it "in", words): the most telling first
TELLERS: tuple[tuple[str, str, str], ...] = (
    (LO + "hasStep", "in", N_("step in {name}")),
    (LO + "inQuestionSet", "out", N_("in {name}")),
    (LO + "locatedIn", "out", N_("in {name}")),
    (LO + "inLocalOfferOf", "out", N_("in {name}'s local offer")),
    (LO + "providedBy", "out", N_("by {name}")),
    (LO + "runBy", "out", N_("run by {name}")),
    (LO + "accessLevel", "out", N_("{name} access")),
    (LO + "referralRoute", "out", N_("{name}")),
    (LO + "forAgeBand", "out", N_("ages: {name}")),
    (LO + "fundingRoute", "out", N_("{name}")),
    (LO + "meetsNeed", "out", N_("for {name}")),
    (LO + "aboutHeading", "out", N_("about {name}")),
)
_NUMBER = {prop: n for n, prop in enumerate(PROPERTIES)}


def _linked(p: Projection, node: int, prop: str, direction: str) -> list[str]:
    """IRIs linked to `node` by `prop`, read in `direction`, in A to Z order of their English names."""
    number = _NUMBER.get(prop)
    if number is None:
        return []
    found = []
    for link in p.incident_links(node):
        if p.link_property[link] != number:
            continue
        source, target = int(p.link_source[link]), int(p.link_target[link])
        if direction == "out" and source == node:
            found.append(target)
        elif direction == "in" and target == node:
            found.append(source)
    return [p.iris[n] for n in sorted(set(found), key=lambda n: p.labels[n].casefold())]


def told_apart(p: Projection, nodes: Sequence[int]) -> dict[int, str]:
    """node -> the words that tell it from the others in `nodes` with the same name and kind (only nodes
    that share a name get any). Tellers whose values are the same for the whole group are skipped."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n in nodes:
        groups[(p.labels[n].casefold(), p.kinds[n])].append(n)
    alike = [group for group in groups.values() if len(group) > 1]
    if not alike:
        return {}
    chosen: dict[int, list[tuple[str, list[str]]]] = {n: [] for group in alike for n in group}
    for group in alike:
        for prop, direction, words in TELLERS:
            values = {n: tuple(_linked(p, n, prop, direction)) for n in group}
            reading = {n: tuple(tuple(v) for _w, v in chosen[n]) for n in group}
            if not _splits(group, reading, values):
                continue  # the same for every pair that still reads alike: says nothing new
            for n in group:
                if values[n]:
                    chosen[n].append((words, list(values[n])))
            if len({tuple(tuple(v) for _w, v in chosen[n]) for n in group}) == len(group):
                break
    names = Names({iri for picks in chosen.values() for _w, iris in picks for iri in iris}, p)
    said = {n: "; ".join(_say(words, iris, names) for words, iris in picks) for n, picks in chosen.items()}
    # records alike in every teller (true duplicates in the data) are numbered, so each entry still differs
    for group in alike:
        readings = defaultdict(list)
        for n in group:
            readings[said[n]].append(n)
        for same in readings.values():
            if len(same) > 1:
                for number, n in enumerate(same, 1):
                    counted = translate("{number} of {count}", number=number, count=len(same))
                    said[n] = f"{said[n]}; {counted}" if said[n] else counted
    return {n: words for n, words in said.items() if words}


def _splits(group: Sequence[int], reading: dict[int, tuple], values: dict[int, tuple]) -> bool:
    """Whether `values` differ between two records that read alike so far."""
    alike: dict[tuple, set[tuple]] = defaultdict(set)
    for n in group:
        alike[reading[n]].add(values[n])
    return any(len(seen) > 1 for seen in alike.values())


def _say(words: str, iris: Iterable[str], names: Names) -> str:
    return translate(words, name=", ".join(names[iri] for iri in iris))


def with_told_apart(p: Projection, nodes: Sequence[int], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidate items (one per node, in order), each with "told_apart": its distinguishing words or ""."""
    words = told_apart(p, nodes)
    return [item | {"told_apart": words.get(n, "")} for n, item in zip(nodes, items, strict=True)]
