"""Invented providers: organisations with invented names that run services and settings."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Triple

from . import terms as t
from .names import PROVIDER_TYPES
from .records import Ctx, contact, email_for, owned
from .services import Council, Provider

_ORG_WORDS = {"statutory": "public-sector", "voluntary-community": "charity", "private": "company"}
_SECTOR_WORDS = {
    "education": "education",
    "health": "health",
    "social-care": "social care",
    "preparation-for-adulthood": "preparing for adulthood",
    "leisure": "leisure",
    "employment": "employment",
    "housing": "housing",
}


def provider(
    ctx: Ctx, p: NamedNode, label: str, org: str, place: str, sectors: tuple[str, ...], what: str = ""
) -> Iterator[Triple]:
    """A lo:Provider with its organisation type, base, contact and review date."""
    slug = p.value.rsplit("/", 1)[1]
    town = ctx.place(place)
    if not what:
        words = [_SECTOR_WORDS[s] for s in sectors]
        what = " and ".join(filter(None, (", ".join(words[:-1]), words[-1]))) + " services"
    yield from t.record(p, t.lo("Provider"), label)
    yield Triple(
        p,
        t.DESCRIPTION,
        t.en(
            f"A {_ORG_WORDS[org]} based in {town}, running {what} for children and young people "
            "with special educational needs and disabilities."
        ),
    )
    yield Triple(p, t.P["organisationType"], t.vnode("organisation-type", org))
    yield Triple(p, t.P["locatedIn"], t.vnode("area", place))
    yield Triple(p, t.URL, NamedNode(f"https://example.org/provider/{slug}"))
    yield Triple(p, t.P["lastReviewed"], ctx.reviewed())
    contact_slug = owned("provider", slug, "office")
    yield Triple(p, t.P["hasContact"], t.node("contact", contact_slug))
    yield from contact(ctx, contact_slug, f"{label}: main office", t.vnode("area", place), ctx.phone(), email_for(slug))


def service_providers(ctx: Ctx, council: Council, n: int, out: list[Provider]) -> Iterator[Triple]:
    """n providers for a council's services, cycling through every kind of organisation so that
    each sector has a statutory, a voluntary and a private option where one makes sense."""
    offset = ctx.rng.randrange(len(PROVIDER_TYPES))
    for i in range(n):
        org, ending, sectors = PROVIDER_TYPES[(offset + i) % len(PROVIDER_TYPES)]
        label = f"{ctx.provider_names.take()} {ending}"
        place = ctx.rng.choice(council.places)
        node = t.node("provider", ctx.slug("provider", label))
        out.append(Provider(node, label, org, sectors))
        yield from provider(ctx, node, label, org, place, sectors)
