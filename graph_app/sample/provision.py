"""Invented resource bases and SEN units for some sample mainstream schools (issue 14).

A separate random stream seeded by the setting's slug decides them, so adding provision does not shift
any other invented record. A school whose description already promises a resource base gets exactly
that base; about one other mainstream school in two gets a base or a unit for one or two needs."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from pyoxigraph import NamedNode, Triple

from . import terms as t
from .wording import needs_words

# The description sentences in settings.TYPES that promise a resource base: (needs, places or None).
PROMISED: dict[str, tuple[tuple[str, ...], int | None]] = {
    "It has a resourced provision for eight pupils with speech and language needs.": (
        ("speech-language-communication",),
        8,
    ),
    "It has a specialist resource base for autistic students.": (("autism",), None),
}
# Needs that mainstream resource bases and SEN units in England are commonly for.
NEEDS = (
    "hearing-impairment",
    "vision-impairment",
    "speech-language-communication",
    "autism",
    "specific-learning-difficulty",
    "physical-disability",
    "social-emotional-mental-health",
    "moderate-learning-difficulty",
)
SHARE = 0.5  # of other mainstream schools


@dataclass(frozen=True)
class Provision:
    kind: str  # "ResourceBaseProvision" or "SENUnitProvision"
    needs: tuple[str, ...]
    places: int

    def sentence(self) -> str:
        what = "a resource base" if self.kind == "ResourceBaseProvision" else "a special educational needs (SEN) unit"
        return f"It has {what} with {self.places} places for pupils with {needs_words(list(self.needs))}."


def choose(slug: str, phase: str, specialist: bool, about: str) -> Provision | None:
    """The school's resource base or unit, if it has one (schools only, mainstream only)."""
    if phase != "School" or specialist:
        return None
    rng = random.Random(f"provision:{slug}")
    if about in PROMISED:
        needs, places = PROMISED[about]
        return Provision("ResourceBaseProvision", needs, places or rng.choice((10, 12, 15, 20)))
    if rng.random() >= SHARE:
        return None
    kind = rng.choice(("ResourceBaseProvision", "SENUnitProvision"))
    needs = tuple(sorted(rng.sample(NEEDS, rng.choice((1, 1, 2)))))
    return Provision(kind, needs, rng.choice((6, 8, 10, 12, 14, 16, 20)))


def triples(setting: NamedNode, provision: Provision) -> Iterator[Triple]:
    yield Triple(setting, t.lo("specialistProvision"), t.lo(provision.kind))
    for need in provision.needs:
        yield Triple(setting, t.lo("specialistProvisionFor"), t.vnode("need", need))
    capacity = "resourceBaseCapacity" if provision.kind == "ResourceBaseProvision" else "senUnitCapacity"
    yield Triple(setting, t.lo(capacity), t.integer(provision.places))
