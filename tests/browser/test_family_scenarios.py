"""Family scenarios (issue 14, first "Done when" item): a parent or young person starts at the home page,
with their council chosen through the page's own chooser (or none), clicks only what is on screen and
must find the answer on one page within four actions.

Rules of the walk, so a scenario cannot cheat:
- the walk starts at "/" and never goes to a deep URL; the council, when the persona has one, is chosen
  through the visible chooser before the walk (the issue's "start at the home page with a council chosen")
  unless the persona tells the home page's "Tell us three things" form, which is part of the walk;
- every element is found by what a person sees (role and accessible name, label, text), never by CSS
  selectors; a locator must match something visible;
- one action is a click, a choice in a list, a ticked box, or typing into a box and pressing Enter;
- the answer is checked on the final page's visible text (closed disclosures do not count), and what a
  family needs first (how to get it, who to contact) must be on the first screen: the top 900 px at
  1280 px wide, or the top 844 px of a 390 px phone.

Expected local services come from the data (data/sample/ and data/areas.ttl, read with rdflib), not
from the page under test, so a page that lists the wrong council's services fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[2]
LO = Namespace("https://w3id.org/se7-local-offer/def#")
ID = "https://w3id.org/se7-local-offer/id/"
MAX_ACTIONS = 4
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# ---------------------------------------------------------------------------------------------------
# What the data says a family should be offered (read from the source files, independently of the app)


@cache
def facts() -> Graph:
    graph = Graph()
    for path in [
        ROOT / "data/sample/local-offer.ttl",
        ROOT / "data/areas.ttl",
        ROOT / "data/statutory-contacts.ttl",
        ROOT / "ontology/needs.ttl",
    ]:
        graph.parse(path)
    return graph


def _need_family(graph: Graph, slug: str) -> set[URIRef]:
    """The need, every broader need above it and every narrower need below it."""
    start = URIRef(ID + "need/" + slug)
    family = {start}
    for step in (lambda n: graph.objects(n, SKOS.broader), lambda n: graph.subjects(SKOS.broader, n)):
        frontier = [start]
        while frontier:
            for other in step(frontier.pop()):
                if other not in family:
                    family.add(other)
                    frontier.append(other)
    return family


def _in_council(graph: Graph, record: URIRef, council: str) -> bool:
    target = URIRef(ID + "area/" + council)
    for place in set(graph.objects(record, LO.servesArea)) | set(graph.objects(record, LO.locatedIn)):
        if place == target or (place, LO.partOfArea, target) in graph:
            return True
    return False


def _fits_age(graph: Graph, record: URIRef, age: int | None) -> bool:
    if age is None:
        return True
    low, high = graph.value(record, LO.minAge), graph.value(record, LO.maxAge)
    return low is None or high is None or int(low) <= age <= int(high)


def local_offer(
    council: str,
    age: int | None = None,
    need: str | None = None,
    heading: str | None = None,
    resource_base_for: str | None = None,
) -> set[str]:
    """Labels of the sample services and settings in a council that fit the family."""
    graph = facts()
    family = _need_family(graph, need) if need else None
    found = set()
    for kind in (LO.Service, LO.Setting):
        for record in graph.subjects(RDF.type, kind):
            if not _in_council(graph, record, council) or not _fits_age(graph, record, age):
                continue
            if family is not None and not family & set(graph.objects(record, LO.meetsNeed)):
                continue
            if heading and URIRef(ID + "heading/" + heading) not in set(graph.objects(record, LO.aboutHeading)):
                continue
            if resource_base_for and not (
                (record, LO.specialistProvision, LO.ResourceBaseProvision) in graph
                and (record, LO.specialistProvisionFor, URIRef(ID + "need/" + resource_base_for)) in graph
            ):
                continue
            found.add(str(graph.value(record, RDFS.label)))
    return found


def advice_service(slug: str) -> str:
    """The council's SEND information, advice and support service (SENDIASS), from data/areas.ttl."""
    return str(facts().value(URIRef(ID + "contact/" + slug + "-iass"), RDFS.label))


def sen_team(slug: str) -> str:
    """A pattern for the council's SEN team, the contact for EHC needs assessments (data/statutory-contacts.ttl)."""
    graph = facts()
    return re.escape(str(graph.value(graph.value(URIRef(ID + "area/" + slug), LO.senTeam), RDFS.label)))


def mediation_adviser(slug: str) -> str:
    """A pattern for the independent mediation adviser the council arranges (data/statutory-contacts.ttl)."""
    graph = facts()
    return re.escape(str(graph.value(graph.value(URIRef(ID + "area/" + slug), LO.mediationService), RDFS.label)))


def council_name(slug: str) -> str:
    return str(facts().value(URIRef(ID + "area/" + slug), RDFS.label) or Literal(slug))


# ---------------------------------------------------------------------------------------------------
# Steps a person takes; each is one action


@dataclass(frozen=True)
class Search:
    """Type words into the search box on screen and press Enter."""

    words: str


@dataclass(frozen=True)
class Click:
    """Click the visible link or button whose accessible name matches."""

    name: str
    role: str = "link"


@dataclass(frozen=True)
class Choose:
    """Choose an option in the visible list labelled so (inside the page's main content)."""

    label: str
    option: str


@dataclass(frozen=True)
class Tick:
    """Tick the visible box labelled so (inside the page's main content)."""

    label: str


@dataclass(frozen=True)
class TypeAndEnter:
    """Type into the visible box labelled so (inside the page's main content) and press Enter."""

    label: str
    text: str


Step = Search | Click | Choose | Tick | TypeAndEnter


@dataclass(frozen=True)
class Scenario:
    slug: str
    persona: str
    council: str | None  # chosen through the header chooser before the walk; None: no council chosen
    steps: tuple[Step, ...]
    must_see: tuple[str, ...] = ()  # regular expressions, anywhere in the final page's visible text
    # regular expressions (or functions giving one from the data) that must be visible in the page's main
    # content above the fold
    first_screen: tuple[str | Callable[[], str], ...] = ()
    must_link: Callable[[], set[str]] | None = None  # at least one of these must be a visible link
    must_link_first_screen: bool = False


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "surrey-4-not-talking",
        "My 4-year-old in Surrey isn't talking yet: what nursery support and speech and language therapy is there?",
        None,
        (
            Choose(r"where", "Surrey"),
            Choose(r"need", "Speech, language and communication needs"),
            TypeAndEnter(r"old|age", "4"),
        ),
        must_see=(r"Surrey", r"speech and language therap", r"nurser"),
        first_screen=(r"Surrey",),
        must_link=lambda: local_offer("surrey", 4, "speech-language-communication"),
    ),
    Scenario(
        "kent-19-plan-ends",
        (
            "I'm 19 in Kent with a learning disability: what happens when my EHC plan ends, "
            "and what are supported internships?"
        ),
        "kent",
        (Search("what happens when my EHC plan ends"), Click(r"end of an EHC plan|EHC plan ends|when my EHCP ends")),
        must_see=(r"Kent", r"supported internship", r"\b25\b"),
        first_screen=(r"plan ends|end of an EHC plan",),
    ),
    Scenario(
        "kent-19-for-me-front-door",
        "The same 19-year-old in Kent, telling the home page about themselves: 'me (16 to 25)', 19, Kent, "
        "moderate learning difficulty. Supported internships near me, and when does my EHC plan end?",
        None,
        (
            Tick("me (16 to 25)"),
            Choose(r"where", "Kent"),
            Choose(r"need", "Moderate learning difficulty"),
            TypeAndEnter(r"old|age", "19"),
        ),
        must_see=(r"Kent", r"(plan|EHCP) ends|end of (an|your) EHC plan"),
        must_link=lambda: {
            name
            for name in local_offer("kent", 19, "moderate-learning-difficulty")
            if "supported internship" in name.lower()
        },
    ),
    Scenario(
        "none-ask-for-ehc-assessment",
        (
            "We haven't said where we live. How do I ask for an EHC needs assessment, who do I write to, "
            "how long does it take?"
        ),
        None,
        (
            Search("how do I ask for an EHC needs assessment"),
            Click(r"^Education, health and care \(EHC\) needs assessment and plan"),
        ),
        must_see=(r"20 weeks", r"6 weeks", r"Ask for an EHC needs assessment"),
        first_screen=(r"choose your council", r"20 weeks"),
    ),
    Scenario(
        "medway-who-to-write-to",
        "We live in Medway and think our 6-year-old needs an EHC plan: who in Medway do I write to?",
        "medway",
        (
            Search("request an EHC needs assessment"),
            Click(r"^Education, health and care \(EHC\) needs assessment and plan"),
        ),
        must_see=(r"20 weeks",),
        first_screen=(lambda: sen_team("medway"),),
    ),
    Scenario(
        "east-sussex-refused-assessment",
        "East Sussex refused to assess my son: how do I get mediation and appeal to the tribunal, and by when?",
        "east-sussex",
        (Search("the council refused to assess my son how do I appeal"), Click(r"^Appeal to the SEND Tribunal")),
        must_see=(r"mediation certificate", r"1 month|one month", r"GOV\.UK"),
        first_screen=(r"2 months|two months", lambda: mediation_adviser("east-sussex")),
    ),
    Scenario(
        "medway-8-wheelchair-transport",
        "My 8-year-old in Medway uses a wheelchair: can she get transport to school?",
        "medway",
        (Search("school transport"), Click(r"^Travel and transport")),
        must_see=(r"Medway",),
        must_link=lambda: local_offer("medway", 8, heading="travel"),
        must_link_first_screen=True,
    ),
    Scenario(
        "west-sussex-12-autism-short-breaks",
        "My 12-year-old in West Sussex is autistic and we are exhausted: what short breaks are there?",
        "west-sussex",
        (Search("short breaks"), Click(r"^Short breaks$")),
        must_see=(r"West Sussex",),
        must_link=lambda: local_offer("west-sussex", 12, heading="short-breaks"),
        must_link_first_screen=True,
    ),
    Scenario(
        "brighton-15-adhd-personal-budget",
        "My 15-year-old in Brighton and Hove has ADHD and an EHC plan: can we have a personal budget?",
        "brighton-and-hove",
        (Search("personal budget"), Click(r"^Personal budgets$")),
        must_see=(r"Brighton and Hove", r"direct payment", r"EHC"),
        first_screen=(lambda: re.escape(advice_service("brighton-and-hove")),),
    ),
    Scenario(
        "surrey-moving-with-plan",
        "We are moving from Kent to Surrey and my daughter has an EHC plan: what happens to it and who do we tell?",
        "surrey",
        (Search("moving area with an EHC plan"), Click(r"^Moving to a new area")),
        must_see=(r"transfer", r"6 weeks"),
        first_screen=(lambda: sen_team("surrey"),),
    ),
    Scenario(
        "medway-hearing-resource-base",
        "My 10-year-old in Medway is deaf: which schools in Medway have a resource base for hearing impairment?",
        "medway",
        (Search("resource base for hearing impairment"),),
        must_see=(r"Medway",),
        must_link=lambda: local_offer("medway", None, resource_base_for="hearing-impairment"),
        must_link_first_screen=True,
    ),
    Scenario(
        "none-14-self-harm-urgent",
        "My 14-year-old is self-harming and I'm frightened tonight: who do I call?",
        None,
        (Search("my 14 year old is self harming"), Click(r"^Mental health$")),
        must_see=(r"Samaritans",),
        first_screen=(r"\b999\b", r"\b111\b"),
    ),
    Scenario(
        "west-sussex-9-dyslexia",
        "My 9-year-old in West Sussex has dyslexia: what help is there near us?",
        None,
        (Choose(r"where", "West Sussex"), Choose(r"need", "Dyslexia"), TypeAndEnter(r"old|age", "9")),
        must_see=(r"West Sussex", r"EHC"),
        must_link=lambda: local_offer("west-sussex", 9, "dyslexia"),
    ),
    Scenario(
        "surrey-13-anxiety",
        "My 13-year-old in Surrey is too anxious to go to school: what mental health support is there?",
        "surrey",
        (Search("anxiety"), Click(r"^Anxiety$")),
        must_see=(r"Surrey", r"Care pathway: mental health"),
        must_link=lambda: local_offer("surrey", 13, "anxiety"),
    ),
    Scenario(
        "hampshire-1-hearing",
        "Our 1-year-old in Hampshire has just been found to have hearing loss: who helps us? (The sample lists "
        "nothing for hearing in Hampshire, so the page must say so and point to the pathway and local advice.)",
        None,
        (Choose(r"where", "Hampshire"), Choose(r"need", "Hearing impairment"), TypeAndEnter(r"old|age", "1")),
        must_see=(r"Hampshire", r"Care pathway: sensory impairments"),
        must_link=lambda: {advice_service("hampshire")},
    ),
    Scenario(
        "west-sussex-22-physical-for-me",
        "I'm 22, I live in West Sussex and use a wheelchair: what help is there for me as an adult?",
        None,
        (
            Tick("me (16 to 25)"),
            Choose(r"where", "West Sussex"),
            Choose(r"need", "Physical disability"),
            TypeAndEnter(r"old|age", "22"),
        ),
        must_see=(r"West Sussex", r"Adult pathway: physical disabilities"),
        must_link=lambda: local_offer("west-sussex", 22, "physical-disability"),
    ),
)

PHONE_SCENARIOS = ("medway-who-to-write-to", "east-sussex-refused-assessment", "none-14-self-harm-urgent")
NO_SCRIPT_SCENARIOS = ("kent-19-for-me-front-door", "medway-who-to-write-to")


# ---------------------------------------------------------------------------------------------------
# The walk


class Walk:
    """One person's walk through the site, counting their actions."""

    def __init__(self, page, base: str, fold: int) -> None:
        self.page, self.base, self.fold, self.actions = page, base, fold, 0
        self.trail: list[str] = []

    def visible(self, locator, what: str):
        """The first visible match, or a failure naming what the person could not see."""
        for index in range(min(locator.count(), 50)):
            candidate = locator.nth(index)
            if candidate.is_visible():
                return candidate
        pytest.fail(f"not on screen at {self.page.url}: {what}\n trail: {self.trail}")

    def settle(self) -> None:
        self.page.wait_for_load_state()
        self.trail.append(self.page.url.removeprefix(self.base))

    def choose_council(self, slug: str) -> None:
        """Setup, not counted: pick the council in the header's chooser, as a family would once."""
        name = council_name(slug)
        header = self.page.get_by_role("banner")
        chooser = header.get_by_label(re.compile(r"council|area", re.I)).filter(has_text=name)
        if not any(chooser.nth(i).is_visible() for i in range(chooser.count())):
            self.visible(
                header.get_by_text(re.compile(r"^Choose your (area|council)$", re.I)), "the council chooser"
            ).click()
        self.visible(chooser, f"a list of councils with {name}").select_option(label=name)
        self.visible(
            header.get_by_role("button", name=re.compile(r"^(save|choose|use)", re.I)), "the chooser's save button"
        ).click()
        self.page.wait_for_load_state()
        if self.page.url.rstrip("/") != self.base:
            self.page.goto(self.base + "/")  # back to the start page the scenario walks from

    def do(self, step: Step) -> None:
        page, main = self.page, self.page.get_by_role("main")
        self.actions += 1
        if isinstance(step, Search):
            box = self.visible(page.get_by_role("searchbox"), "a search box")
            box.fill(step.words)
            box.press("Enter")
        elif isinstance(step, Click):
            pattern = re.compile(step.name, re.I)
            self.visible(page.get_by_role(step.role, name=pattern), f"a {step.role} named /{step.name}/").click()
        elif isinstance(step, Choose):
            field_ = self.visible(
                main.get_by_label(re.compile(step.label, re.I)).filter(has_text=step.option),
                f"a list labelled /{step.label}/ offering {step.option!r} (the home page's "
                "'Tell us three things' form)",
            )
            options = [o.strip() for o in field_.locator("option").all_inner_texts()]
            wanted = next((o for o in options if o == step.option), None) or next(
                (o for o in options if o.startswith(step.option)), step.option
            )
            field_.select_option(label=wanted)
            return
        elif isinstance(step, Tick):
            self.visible(main.get_by_label(step.label, exact=True), f"a box to tick labelled {step.label!r}").check()
            return
        elif isinstance(step, TypeAndEnter):
            box = self.visible(
                main.get_by_label(re.compile(step.label, re.I)).and_(main.get_by_role("textbox")),
                f"a box labelled /{step.label}/ (the home page's 'Tell us three things' form)",
            )
            box.fill(step.text)
            box.press("Enter")
        self.settle()

    def visible_text(self) -> str:
        return " ".join(self.page.locator("body").inner_text().split())

    def top_of(self, pattern: str) -> float | None:
        """The page y of the first visible, deepest element whose text matches the pattern."""
        return self.page.evaluate(
            """pattern => {
                const re = new RegExp(pattern, 'i');
                let best = null;
                for (const el of document.querySelectorAll('main *')) {
                    if (!el.getClientRects().length || !re.test((el.innerText || '').replace(/\\s+/g, ' '))) continue;
                    if ([...el.children].some(c => c.getClientRects().length &&
                            re.test((c.innerText || '').replace(/\\s+/g, ' ')))) continue;
                    const top = el.getBoundingClientRect().top + window.scrollY;
                    if (best === null || top < best) best = top;
                }
                return best;
            }""",
            pattern,
        )

    def visible_links(self) -> dict[str, float]:
        return self.page.evaluate(
            """() => {
                const out = {};
                for (const a of document.querySelectorAll('a[href]')) {
                    if (!a.getClientRects().length) continue;
                    const name = a.innerText.replace(/\\s+/g, ' ').trim();
                    const top = a.getBoundingClientRect().top + window.scrollY;
                    if (!(name in out) || top < out[name]) out[name] = top;
                }
                return out;
            }"""
        )


def walk(page, base: str, scenario: Scenario, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    person = Walk(page, base, viewport["height"])
    page.goto(base + "/")
    person.settle()
    if scenario.council:
        person.choose_council(scenario.council)
    for step in scenario.steps:
        person.do(step)
    assert person.actions <= MAX_ACTIONS, f"{person.actions} actions: {person.trail}"
    if os.environ.get("SCENARIO_SHOTS"):  # the final page's first screen, to look at when a walk fails
        page.screenshot(path=str(Path(os.environ["SCENARIO_SHOTS"]) / f"{scenario.slug}-{viewport['width']}.png"))
    where = f"on {page.url.removeprefix(base)} after {person.actions} action(s) (trail {person.trail})"

    text = person.visible_text()
    missing = [p for p in scenario.must_see if not re.search(p, text, re.I)]
    assert not missing, f"the page does not show {missing} {where}"

    if scenario.council:
        main_text = " ".join(page.get_by_role("main").inner_text().split())
        assert council_name(scenario.council) in main_text, f"the chosen council is not named in the page {where}"

    late = {}
    for wanted in scenario.first_screen:
        pattern = wanted() if callable(wanted) else wanted
        top = person.top_of(pattern)
        if top is None or top > person.fold:
            late[pattern] = top
    assert not late, f"not on the first screen ({person.fold} px): {late} (None = not shown at all) {where}"

    if scenario.must_link:
        expected = scenario.must_link()
        assert expected, f"scenario {scenario.slug} is ill-posed: the data has nothing for this family"
        links = person.visible_links()
        shown = {name: top for name, top in links.items() if name in expected}
        assert shown, f"none of the family's local services/settings {sorted(expected)[:8]} is linked {where}"
        if scenario.must_link_first_screen:
            assert min(shown.values()) <= person.fold, (
                f"the first of {sorted(shown)} is at {min(shown.values()):.0f} px, below the first screen "
                f"({person.fold} px) {where}"
            )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.slug for s in SCENARIOS])
def test_family_finds_the_answer_at_desktop_width(live_server, page, scenario):
    walk(page, live_server, scenario, DESKTOP)


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.slug in PHONE_SCENARIOS], ids=list(PHONE_SCENARIOS))
def test_family_finds_the_answer_on_a_phone(live_server, page, scenario):
    walk(page, live_server, scenario, PHONE)


@pytest.mark.parametrize(
    "scenario", [s for s in SCENARIOS if s.slug in NO_SCRIPT_SCENARIOS], ids=list(NO_SCRIPT_SCENARIOS)
)
def test_family_finds_the_answer_without_javascript(live_server, page_no_js, scenario):
    walk(page_no_js, live_server, scenario, DESKTOP)


def test_the_scenarios_cover_every_council_and_no_council():
    """The set itself: all seven councils, none chosen, ages 0 to 25 and a spread of needs."""
    councils = {s.council for s in SCENARIOS}
    for s in SCENARIOS:
        for step in s.steps:
            if isinstance(step, Choose) and step.label == r"where":
                councils.add(next(slug for slug in COUNCILS if council_name(slug) == step.option))
    assert councils >= set(COUNCILS) | {None}
    assert len(SCENARIOS) >= 12


COUNCILS = ("brighton-and-hove", "east-sussex", "hampshire", "kent", "medway", "surrey", "west-sussex")
