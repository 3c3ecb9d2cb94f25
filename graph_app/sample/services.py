"""Invented services for one council's Local Offer, with their contacts, criteria and answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Triple

from . import terms as t
from .answers_service import service_answers
from .capacity import sample_numbers
from .catalogue import KIND_BY_KEY, KINDS, Kind
from .gaps import blocked_needs, clamp_ages
from .names import VENUE_KINDS
from .records import Ctx, answers, contact, email_for, owned, sentence_case
from .vocab import SECTION_OF_SECTOR
from .wording import ACCESS_SENTENCES, COSTS, DAYS, DECIDED_BY, ELIGIBILITY, WAITING, description, who

SERVICE_ANSWER_SHARE = 0.25  # share of services that also answer the SE7 service questions
OUT_OF_AREA_SHARE = 0.07
_WEIGHTS = [k.weight for k in KINDS]
_SESSIONS = ("leisure", "social-care", "preparation-for-adulthood")  # sectors that run sessions
_DEFAULT_PFA = {
    "leisure": "community-participation",
    "health": "health",
    "education": "information-advice-guidance",
    "social-care": "independent-living",
}


@dataclass(frozen=True)
class Council:
    slug: str
    districts: tuple[str, ...]
    neighbours: tuple[str, ...]

    @property
    def places(self) -> tuple[str, ...]:
        """Where a record can be located: its districts, or the council itself if unitary."""
        return self.districts or (self.slug,)


@dataclass(frozen=True)
class Provider:
    node: NamedNode
    label: str
    org: str
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class Want:
    """What the plan needs from one service slot, so coverage and gaps are guaranteed."""

    kind: str | None = None
    need: str | None = None
    sector: str | None = None
    access: str | None = None
    referral: str | None = None


def _kind(ctx: Ctx, want: Want) -> Kind:
    if want.kind:
        return KIND_BY_KEY[want.kind]
    if want.need:
        return ctx.rng.choice([k for k in KINDS if want.need in k.needs])
    if want.sector:
        return ctx.rng.choice([k for k in KINDS if k.sector == want.sector])
    return ctx.rng.choices(KINDS, _WEIGHTS)[0]


def _needs(ctx: Ctx, kind: Kind, first: str | None) -> list[str]:
    rng, pool = ctx.rng, kind.needs
    chosen = [first] if first else []
    target = rng.choice((1, 2, 2, 3))
    for _ in range(6):
        if len(chosen) >= target:
            break
        need = pool[int(len(pool) * rng.random() ** 1.6)]  # earlier needs in the pool more often
        if need not in chosen:
            chosen.append(need)
    return chosen


def _ages(ctx: Ctx, kind: Kind) -> tuple[int, int]:
    rng = ctx.rng
    lo, hi = rng.choice(kind.ages)
    if hi - lo > 4 and rng.random() < 0.3:
        lo, hi = lo + rng.randint(0, 2), hi - rng.randint(0, 1)
    return lo, hi


def _referrals(ctx: Ctx, access: str) -> list[str]:
    if access == "universal":
        return ["self-referral"]
    if access == "targeted":
        return ctx.rng.choice(
            (["self-referral"], ["professional-referral"], ["self-referral", "professional-referral"])
        )
    return ctx.rng.choice((["assessment"], ["professional-referral"], ["professional-referral", "assessment"]))


def _funding(ctx: Ctx, kind: Kind) -> list[str]:
    rng = ctx.rng
    first = rng.choice(kind.funding)
    if first == "charge" and rng.random() < 0.35:
        return [first, "personal-budget"]
    if first == "free" and "personal-budget" in kind.funding and rng.random() < 0.5:
        return [first, "personal-budget"]
    return [first]


def _provider(ctx: Ctx, kind: Kind, providers: list[Provider]) -> Provider:
    fits = [p for p in providers if p.org in kind.orgs and kind.sector in p.sectors]
    fits = fits or [p for p in providers if p.org in kind.orgs] or providers
    return ctx.rng.choice(fits)


def service(
    ctx: Ctx, home: Council, councils: dict[str, Council], providers: list[Provider], want: Want, labels: set[str]
) -> Iterator[Triple]:
    """One lo:Service in home's Local Offer, plus its contact, criterion and maybe answers."""
    rng = ctx.rng
    kind = _kind(ctx, want)
    needs = _needs(ctx, kind, want.need)
    lo, hi = _ages(ctx, kind)
    access = want.access or rng.choice(kind.access)
    out_of_area = bool(home.neighbours) and not want.kind and rng.random() < OUT_OF_AREA_SHARE
    there = councils[rng.choice(home.neighbours)] if out_of_area else home
    place = rng.choice(there.places)
    touched = {home.slug, there.slug}
    if want.need and want.need in blocked_needs(touched, lo, hi, access):
        lo, hi = clamp_ages(want.need, touched, lo, hi) or (lo, hi)
    blocked = blocked_needs(touched, lo, hi, access)
    needs = [n for n in needs if n not in blocked]
    if not needs:  # every chosen need would fill a deliberate gap: pick one that does not
        needs = [next((n for n in kind.needs if n not in blocked), "other-difficulty")]
    referrals = [want.referral] if want.referral else _referrals(ctx, access)
    funding = _funding(ctx, kind)
    provider = _provider(ctx, kind, providers)

    town = ctx.place(place)
    venue = f"{rng.choice(ctx.venue_words)} {rng.choice(VENUE_KINDS)}"
    template = rng.choice(kind.labels)
    label = template.format(town=town, venue=venue)
    if label in labels:  # two services rarely share a name
        label = f"{label} – {provider.label}"
    labels.add(label)
    slug = ctx.slug("service", label)
    s = t.node("service", slug)
    fields = {"who": who(lo, hi, needs), "town": town, "venue": venue, "day": rng.choice(DAYS)}
    desc = description(
        rng,
        rng.choice(kind.what),
        rng.choice(kind.detail),
        fields,
        referrals[0],
        extra_where=kind.sector in _SESSIONS and "{venue}" not in template and rng.random() < 0.35,
    )
    if out_of_area:
        home_name = ctx.place(home.slug)
        desc += (
            f" It is based outside {home_name}, but {home_name} families use it, so it is "
            f"listed in the {home_name} Local Offer."
        )

    yield from t.record(s, t.C["Service"], label)
    yield Triple(s, t.DESCRIPTION, t.en(desc))
    yield Triple(s, t.P["providedBy"], provider.node)
    for need in needs:
        yield Triple(s, t.P["meetsNeed"], t.vnode("need", need))
    yield Triple(s, t.P["minAge"], t.integer(lo))
    yield Triple(s, t.P["maxAge"], t.integer(hi))
    served = [home.slug]
    if home.districts and not out_of_area and rng.random() < 0.5:
        served = sorted({place, *rng.sample(home.districts, min(2, len(home.districts)))})
    elif out_of_area and rng.random() < 0.5:
        served.append(there.slug)
    for area in served:
        yield Triple(s, t.P["servesArea"], t.vnode("area", area))
    yield Triple(s, t.P["locatedIn"], t.vnode("area", place))
    yield Triple(s, t.P["inLocalOfferOf"], t.vnode("area", home.slug))
    yield Triple(s, t.P["inSector"], t.vnode("sector", kind.sector))
    yield Triple(s, t.P["accessLevel"], t.vnode("access-level", access))
    for route in referrals:
        yield Triple(s, t.P["referralRoute"], t.vnode("referral-route", route))
    for route in funding:
        yield Triple(s, t.P["fundingRoute"], t.vnode("funding-route", route))
    cost = " ".join(rng.choice(COSTS[f]) for f in funding)
    waiting = rng.choice(WAITING[access])
    yield Triple(s, t.P["cost"], Literal(cost))
    yield Triple(s, t.P["waitingTime"], Literal(waiting))
    yield from sample_numbers(s, slug, access, waiting)
    headings = [SECTION_OF_SECTOR[kind.sector], *kind.headings]
    if out_of_area:
        headings.append("out-of-area")
    if "personal-budget" in funding and "personal-budgets" not in headings:
        headings.append("personal-budgets")
    for heading in headings:
        yield Triple(s, t.P["aboutHeading"], t.vnode("heading", heading))
    for clause in kind.clauses(lo, hi):
        yield Triple(s, t.P["legalBasis"], t.vnode("clause", clause))
    themes = kind.pfa if hi >= 14 else ()
    if not themes and lo >= 14 and kind.sector in _DEFAULT_PFA:
        themes = (_DEFAULT_PFA[kind.sector],)
    for theme in themes:
        yield Triple(s, t.P["pfaTheme"], t.vnode("pfa-theme", theme))
    yield Triple(s, t.URL, NamedNode(f"https://example.org/service/{slug}"))
    yield Triple(s, t.P["lastReviewed"], ctx.reviewed())
    # Every triple about the service comes before its criterion and contact, so Turtle writes
    # the service as one block.
    criterion = t.node("criterion", owned("service", slug, "eligibility"))
    yield Triple(s, t.P["hasEligibilityCriterion"], criterion)
    contact_slug = owned("service", slug, "enquiries")
    yield Triple(s, t.P["hasContact"], t.node("contact", contact_slug))
    answering = rng.random() < SERVICE_ANSWER_SHARE
    if answering:
        yield Triple(s, t.P["usesQuestionSet"], t.vnode("question-set", "service"))

    eligibility = rng.choice(ELIGIBILITY[access]).format(who=fields["who"], town=town)
    decided_by = rng.choice(DECIDED_BY[access])

    yield from t.record(criterion, t.C["EligibilityCriterion"], f"Who can use {label}")
    yield Triple(criterion, t.DESCRIPTION, t.en(sentence_case(eligibility)))
    yield Triple(criterion, t.P["decidedBy"], Literal(decided_by))
    phone, email = ctx.phone(), email_for(slug)

    yield from contact(ctx, contact_slug, f"{label}: enquiries", t.vnode("area", place), phone, email)

    if answering:
        facts = {
            "what": sentence_case(desc.split(". ")[0].rstrip(".") + "."),
            "detail": rng.choice(kind.detail).format(**fields),
            "town": town,
            "who": fields["who"],
            "eligibility": sentence_case(eligibility),
            "referral": rng.choice(ACCESS_SENTENCES[referrals[0]]),
            "cost": cost,
            "waiting": waiting,
            "decided_by": decided_by,
            "phone": phone,
            "email": email,
            "council": ctx.place(home.slug),
        }
        texts = service_answers(rng, facts, [ctx.place(a) for a in served])
        yield from answers(s, "service", slug, label, "service", {i + 1: x for i, x in enumerate(texts)})
