"""Invented early years settings, schools and colleges, each answering its SE7 question set."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyoxigraph import NamedNode, Triple

from . import provision as resource
from . import terms as t
from .answers_parent import PARENT_CARER
from .answers_young import YOUNG_PERSON
from .gaps import blocked_needs
from .names import SETTING_NAMING
from .providers import provider
from .records import Ctx, answers, contact, email_for, owned, sentence_case
from .services import Council
from .wording import needs_words


@dataclass(frozen=True)
class SettingType:
    phase: str  # lo: phase class
    specialist: bool
    ages: tuple[tuple[int, int], ...]
    question_sets: tuple[str, ...]  # the first is used most
    parent_group: str  # answer wording group in answers_parent
    young_group: str  # ... and in answers_young
    lead: str  # who leads on SEND there
    about: tuple[str, ...]  # description sentences after the first
    needs: tuple[str, ...] = ()


SENCO = "our SENCO (special educational needs co-ordinator)"
TYPES: dict[str, SettingType] = {
    "early-years": SettingType(
        "EarlyYearsSetting",
        False,
        ((0, 4), (2, 4), (1, 4)),
        ("parent-carer",),
        "ey",
        "school",
        SENCO,
        (
            "Funded early education places are available for two-, three- and four-year-olds.",
            "Open 8am to 6pm, 51 weeks a year, with a garden children use every day.",
            "A term-time pre-school run by a parent committee.",
        ),
    ),
    "specialist-early-years": SettingType(
        "EarlyYearsSetting",
        True,
        ((0, 4), (2, 4)),
        ("parent-carer",),
        "ey",
        "school",
        SENCO,
        (
            "Therapists work alongside nursery staff every week.",
            "Children can attend part time alongside a mainstream nursery place.",
        ),
        (
            "global-developmental-delay",
            "speech-language-communication",
            "autism",
            "physical-disability",
            "complex-health-needs",
        ),
    ),
    "primary": SettingType(
        "School",
        False,
        ((4, 11), (4, 7), (7, 11)),
        ("parent-carer",),
        "school",
        "school",
        SENCO,
        (
            "It has a resourced provision for eight pupils with speech and language needs.",
            "The school has a nurture group and a sensory room.",
            "About one pupil in six gets SEN support (special educational needs support).",
        ),
    ),
    "secondary": SettingType(
        "School",
        False,
        ((11, 16), (11, 18)),
        ("young-person", "parent-carer"),
        "school",
        "school",
        SENCO,
        (
            "It has a specialist resource base for autistic students.",
            "A learning support department works with students across all year groups.",
            "There is a sixth form on site, and a quiet base students can use at breaks.",
        ),
    ),
    "special": SettingType(
        "School",
        True,
        ((4, 19), (11, 19), (2, 19), (4, 11)),
        ("parent-carer",),
        "special",
        "specialist",
        "the deputy headteacher",
        (
            "All pupils have an EHC plan (education, health and care plan); places are agreed by the council.",
            "Most pupils travel on council transport.",
            "There is a hydrotherapy pool and a sensory garden.",
        ),
        (
            "autism",
            "severe-learning-difficulty",
            "profound-and-multiple-learning-difficulty",
            "social-emotional-mental-health",
            "physical-disability",
            "hearing-impairment",
            "speech-language-communication",
            "moderate-learning-difficulty",
            "multi-sensory-impairment",
            "complex-health-needs",
            "vision-impairment",
        ),
    ),
    "college": SettingType(
        "College",
        False,
        ((16, 25), (16, 19)),
        ("young-person",),
        "school",
        "college",
        "the Learning Support manager",
        (
            "Learning support is available on every course.",
            "Foundation courses prepare students for work and independent living.",
        ),
    ),
    "specialist-college": SettingType(
        "College",
        True,
        ((16, 25), (18, 25)),
        ("young-person",),
        "special",
        "specialist",
        "your key worker",
        (
            "Some students live on site during the week.",
            "Courses focus on communication, independence and work skills.",
        ),
        (
            "severe-learning-difficulty",
            "autism",
            "adult-learning-disabilities",
            "physical-disability",
            "profound-and-multiple-learning-difficulty",
            "adult-sensory-impairment",
            "acquired-brain-injury",
        ),
    ),
}
_FIRST = {
    "early-years": "A nursery for children aged {ages} in {town}.",
    "specialist-early-years": "A specialist nursery for children aged {ages} with {needs}, in {town}.",
    "primary": "A mainstream primary school for children aged {ages} in {town}.",
    "secondary": "A mainstream secondary school for young people aged {ages} in {town}.",
    "special": "A special school for pupils aged {ages} with {needs}, in {town}.",
    "college": "A general further education college for students aged {ages} in {town}.",
    "specialist-college": "A specialist college for young people aged {ages} with {needs}, in {town}.",
}
# The mix of settings in a council, in order; at scale 1 each council takes the first 11 (the
# second half swaps a nursery for a specialist nursery), larger scales cycle through it.
PATTERN = (
    "primary",
    "early-years",
    "secondary",
    "special",
    "primary",
    "college",
    "early-years",
    "primary",
    "special",
    "secondary",
    "specialist-college",
    "primary",
    "early-years",
    "secondary",
    "special",
    "primary",
    "college",
    "specialist-early-years",
    "primary",
    "special",
    "secondary",
    "specialist-college",
)
_RUNS = {
    "early-years": "nurseries and pre-schools",
    "specialist-early-years": "specialist nurseries",
    "primary": "primary schools",
    "secondary": "secondary schools",
    "special": "special schools",
    "college": "further education colleges",
    "specialist-college": "specialist colleges",
}
INCOMPLETE_EVERY = 16  # every 16th setting leaves a few questions unanswered (for gap analysis)
SETTINGS_PER_PROVIDER = 3


class SettingMaker:
    """Makes one council's settings; shares a running count so 'incomplete' ones are spread."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.count = 0
        self._runners: dict[tuple[str, str], list[NamedNode]] = {}

    def _runner(self, council: Council, kind: str, place: str) -> tuple[NamedNode, list[Triple]]:
        """The provider that runs a setting: a new one about every third setting, else a sibling."""
        ctx, pool = self.ctx, self._runners.setdefault((council.slug, kind), [])
        if pool and ctx.rng.random() >= 1 / SETTINGS_PER_PROVIDER:
            return ctx.rng.choice(pool), []
        _, endings, org = SETTING_NAMING[kind]
        label = f"{ctx.provider_names.take()} {ctx.rng.choice(endings)}"
        node = t.node("provider", ctx.slug("provider", label))
        pool.append(node)
        return node, list(provider(ctx, node, label, org, place, ("education",), _RUNS[kind]))

    def setting(
        self, home: Council, councils: dict[str, Council], kind: str, out_of_area: Council | None
    ) -> Iterator[Triple]:
        ctx, rng, spec = self.ctx, self.ctx.rng, TYPES[kind]
        self.count += 1
        there = out_of_area or home
        place = rng.choice(there.places)
        lo, hi = rng.choice(spec.ages)
        needs: list[str] = []
        if spec.specialist:
            blocked = blocked_needs({home.slug, there.slug}, lo, hi, None)
            pool = [n for n in spec.needs if n not in blocked]
            needs = rng.sample(pool, min(len(pool), rng.choice((1, 2, 2, 3))))
        runner, runner_triples = self._runner(home, kind, place)
        yield from runner_triples

        name_endings = SETTING_NAMING[kind][0]
        label = f"{ctx.setting_names.take()} {rng.choice(name_endings)}"
        slug = ctx.slug("setting", label)
        s = t.node("setting", slug)
        town, home_name = ctx.place(place), ctx.place(home.slug)
        fields = {"ages": f"{lo} to {hi}", "town": town, "needs": needs_words(needs) if needs else ""}
        about = rng.choice(spec.about)
        desc = [_FIRST[kind].format(**fields), about]
        extra = resource.choose(slug, spec.phase, spec.specialist, about)
        if extra is not None and about not in resource.PROMISED:
            desc.append(extra.sentence())
        if out_of_area:
            who = "students" if spec.phase == "College" else "pupils"
            desc.append(
                f"It is outside {home_name}, but takes {home_name} {who} and is listed in the {home_name} Local Offer."
            )
        yield from t.record(s, t.C["Setting"], label)
        yield Triple(s, t.TYPE, t.C[spec.phase])
        yield Triple(s, t.TYPE, t.C["SpecialistSetting" if spec.specialist else "MainstreamSetting"])
        yield Triple(s, t.DESCRIPTION, t.en(" ".join(desc)))
        for need in needs:
            yield Triple(s, t.P["meetsNeed"], t.vnode("need", need))
        if extra is not None:
            yield from resource.triples(s, extra)
        yield Triple(s, t.P["minAge"], t.integer(lo))
        yield Triple(s, t.P["maxAge"], t.integer(hi))
        yield Triple(s, t.P["locatedIn"], t.vnode("area", place))
        for area in dict.fromkeys((home.slug, there.slug)):
            yield Triple(s, t.P["servesArea"], t.vnode("area", area))
        yield Triple(s, t.P["inLocalOfferOf"], t.vnode("area", home.slug))
        yield Triple(s, t.P["runBy"], runner)
        heading = "childcare" if spec.phase == "EarlyYearsSetting" else "education"
        yield Triple(s, t.P["aboutHeading"], t.vnode("heading", heading))
        if out_of_area:
            yield Triple(s, t.P["aboutHeading"], t.vnode("heading", "out-of-area"))
        if spec.specialist:
            yield Triple(s, t.P["aboutHeading"], t.vnode("heading", "specialist-providers"))
        qset = spec.question_sets[0] if rng.random() < 0.6 else spec.question_sets[-1]
        yield Triple(s, t.P["usesQuestionSet"], t.vnode("question-set", qset))
        yield Triple(s, t.URL, NamedNode(f"https://example.org/setting/{slug}"))
        yield Triple(s, t.P["lastReviewed"], ctx.reviewed())
        phone, email = ctx.phone(), email_for(slug)
        contact_slug = owned("setting", slug, "send")
        yield Triple(s, t.P["hasContact"], t.node("contact", contact_slug))
        yield from contact(
            ctx, contact_slug, f"{label}: special educational needs enquiries", t.vnode("area", place), phone, email
        )

        values = {
            "name": label,
            "lead": spec.lead,
            "needs": fields["needs"],
            "phone": phone,
            "email": email,
            "council": home_name,
        }
        texts = self._answers(qset, spec, values)
        yield from answers(s, "setting", slug, label, qset, texts)

    def _answers(self, qset: str, spec: SettingType, values: dict[str, str]) -> dict[int, str]:
        rng = self.ctx.rng
        table, group = (PARENT_CARER, spec.parent_group) if qset == "parent-carer" else (YOUNG_PERSON, spec.young_group)
        texts: dict[int, str] = {}
        for number, entry in enumerate(table, start=1):
            own = list(entry[group])
            sentences = [own.pop(rng.randrange(len(own)))]
            if own and rng.random() < 0.4:
                sentences.append(rng.choice(own))
            sentences.append(rng.choice(entry["any"]))
            texts[number] = " ".join(sentence_case(x.format(**values)) for x in sentences)
        if self.count % INCOMPLETE_EVERY == 5:  # a designated few leave 2 or 3 questions out
            for number in rng.sample(range(1, len(table)), rng.choice((2, 3))):
                del texts[number]
        return texts
