"""Pieces every invented record shares: unique slugs, review dates, contacts and answers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date as Date
from datetime import timedelta

from pyoxigraph import Literal, NamedNode, Triple

from ..slugs import slugify
from . import terms as t
from .names import NamePool, area_name
from .vocab import REFERENCE_DATE

_REFERENCE = Date(*REFERENCE_DATE)
STALE_SHARE = 0.15  # about this share of records were last checked more than 12 months ago


class Ctx:
    """Generation state: the one random source, slugs already used and invented-name pools."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._used: dict[str, int] = {}
        self.provider_names = NamePool(random.Random(seed + 1))
        self.setting_names = NamePool(random.Random(seed + 2))
        self.venue_words = NamePool(random.Random(seed + 3))._words
        self.area_names = NamePool(random.Random(seed + 4))
        self.area_labels: dict[str, str] = {}  # invented councils' names (real ones come from slugs)

    def place(self, area: str) -> str:
        """An area's name in words: 'Tunbridge Wells', or an invented council's invented name."""
        return self.area_labels.get(area) or area_name(area)

    def slug(self, kind: str, label: str) -> str:
        """A slug from the label, made unique within its kind with -2, -3, ..."""
        base = slugify(label)
        key = f"{kind}/{base}"
        n = self._used.get(key, 0) + 1
        self._used[key] = n
        return base if n == 1 else f"{base}-{n}"

    def reviewed(self) -> Literal:
        """A review date in the 30 months before the fixed reference date (never the clock)."""
        rng = self.rng
        days = rng.randint(366, 912) if rng.random() < STALE_SHARE else rng.randint(7, 365)
        return t.date((_REFERENCE - timedelta(days=days)).isoformat())

    def phone(self) -> str:
        # Ofcom's drama range: numbers that never reach a real person.
        return f"01632 960{self.rng.randrange(1000):03d}"


def email_for(slug: str) -> str:
    return slug[:48].strip("-") + "@example.org"


def contact(ctx: Ctx, slug: str, label: str, area: NamedNode, phone: str, email: str) -> Iterator[Triple]:
    """A lo:Contact: always an email and a web page, and a phone number for most."""
    c = t.node("contact", slug)
    yield from t.record(c, t.C["Contact"], label)
    if ctx.rng.random() < 0.9:
        yield Triple(c, t.TELEPHONE, Literal(phone))
    yield Triple(c, t.EMAIL, Literal(email))
    yield Triple(c, t.URL, NamedNode(f"https://example.org/contact/{slug}"))
    yield Triple(c, t.P["locatedIn"], area)
    yield Triple(c, t.P["lastReviewed"], ctx.reviewed())


def owned(kind: str, slug: str, role: str) -> str:
    """The local name of a record's dependent (contact, criterion, answer): unique to the record, its kind
    included (graph_app/live/dependents.py says why it cannot collide)."""
    return f"{kind}-{slug}-{role}"


def answers(
    owner: NamedNode, owner_kind: str, owner_slug: str, owner_label: str, qset: str, texts: dict[int, str]
) -> Iterator[Triple]:
    """lo:Answer nodes answer/{owner-kind}-{owner-slug}-q{question without hyphens}, one per answered
    question number."""
    set_words = qset.replace("-", " ")
    for number, text in texts.items():
        q_slug = f"{qset}-{number:02d}"
        a = t.node("answer", owned(owner_kind, owner_slug, "q" + q_slug.replace("-", "")))
        yield from t.record(a, t.C["Answer"], f"{owner_label}: answer to {set_words} question {number}")
        yield Triple(a, t.P["answers"], t.vnode("question", q_slug))
        yield Triple(a, t.P["answerOf"], owner)
        yield Triple(a, t.P["answerText"], t.en(text))


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
