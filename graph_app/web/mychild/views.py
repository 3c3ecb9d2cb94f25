"""'My child': a personal map from age, area and needs, with nothing stored on the server.

The form is a GET form, so the result is an address a family can bookmark or share; the server keeps no
record of it (no session, no cookie, no log line of its own) and asks browsers and caches not to keep it
either. Everything on the map comes from the graph through the navigate/mychild_* queries, with the age,
area and needs bound as RDF terms after they have been checked against the known values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, make_response, request, url_for
from pyoxigraph import Literal, NamedNode

from ...namespaces import LO
from ..core.area import current_area_slug
from ..core.graph import Graph, get_graph
from ..core.i18n import translate
from ..core.labels import label_map, reader_languages
from ..core.links import Link, node_link
from ..core.twin import respond, twin_route, wants_json

mychild = Blueprint("mychild", __name__)

MIN_AGE, MAX_AGE = 0, 25
ADULTHOOD_AGE = 14  # preparing for adulthood starts in year 9 (age 13 to 14) in the SEND Code of Practice
NOT_SURE = "not-sure"
MAX_NEEDS = 60  # more ticks than the form has boxes is not a family's choice
SECTION_CAP = 10  # items per section on the map; "see all" lists the rest
PATHWAY_CAP = 5
THEME_CAP = 3
PER_PAGE = 25
HINT_WORDS = 3
SECTIONS = {
    "without-assessment": "Available without an assessment",
    "with-assessment": "Needs an assessment or referral",
    "settings": "Nurseries, schools and colleges",
    "pathways": "Care pathways",
}
GROUP_TITLES = {"other": "Other needs and health conditions", "adult": "Needs as an adult (18 to 25)"}


# --- the choices a family can make: needs and areas, from the graph, once per store version ----------------

@dataclass(frozen=True)
class NeedOption:
    slug: str
    iri: str
    label: str
    hint: str
    group: str  # the slug of its broad area of need, or "other" / "adult"
    is_broad: bool


@dataclass
class NeedGroup:
    slug: str
    title: str
    options: list[NeedOption]


@dataclass(frozen=True)
class AreaOption:
    slug: str
    iri: str
    label: str
    council_slug: str
    council_label: str

    @property
    def is_council(self) -> bool:
        return self.slug == self.council_slug


@dataclass
class FieldError:
    field: str
    message: str
    anchor: str


@dataclass
class Choice:
    age: int
    area: AreaOption
    needs: list[NeedOption]
    not_sure: bool


def _slug(iri: str, id_base: str, kind: str) -> str | None:
    prefix = f"{id_base}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else None


def family_words(words: str) -> str:
    """A few of the everyday phrases families use for a need, for the checkbox hint: phrases rather than
    acronyms and misspellings, shortest first so the hint stays one line."""
    phrases = sorted({w for w in words.split("|") if " " in w and not w.isupper()}, key=lambda w: (len(w), w))
    return ", ".join(phrases[:HINT_WORDS])


def need_groups(graph: Graph) -> list[NeedGroup]:
    """Every need, grouped under its broad area of need (the broad area first), then other and adult needs."""

    def compute() -> list[NeedGroup]:
        rows = graph.library.select(graph.store, "navigate/mychild_need_options")
        broad_areas: dict[str, set[str]] = {}
        for row in rows:
            if "broadArea" in row:
                broad_areas.setdefault(row["need"].value, set()).add(row["broadArea"].value)
        options: dict[str, NeedOption] = {}
        for row in rows:
            iri = row["need"].value
            slug = _slug(iri, graph.id_base, "need")
            if slug is None or slug in options:
                continue
            if "isBroad" in row:
                group = slug
            elif iri in broad_areas:  # a need under two broad areas is listed under the first
                group = _slug(sorted(broad_areas[iri])[0], graph.id_base, "need") or "other"
            else:
                group = "adult" if "isAdult" in row else "other"
            words = row["words"].value if "words" in row else ""
            options[slug] = NeedOption(slug, iri, row["label"].value, family_words(words), group, "isBroad" in row)
        groups = [NeedGroup(o.slug, o.label, [o]) for o in options.values() if o.is_broad]
        groups.sort(key=lambda g: g.title.lower())
        groups += [NeedGroup(slug, title, []) for slug, title in GROUP_TITLES.items()]
        by_slug = {g.slug: g for g in groups}
        for option in sorted(options.values(), key=lambda o: o.label.lower()):
            if not option.is_broad:
                by_slug[option.group].options.append(option)
        return [g for g in groups if g.options]

    return graph.memo("mychild_need_groups", compute)


def need_ancestors(graph: Graph) -> dict[str, set[str]]:
    """need IRI -> every broader need above it."""

    def compute() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for row in graph.library.select(graph.store, "navigate/mychild_need_ancestors"):
            found.setdefault(row["need"].value, set()).add(row["ancestor"].value)
        return found

    return graph.memo("mychild_need_ancestors", compute)


def area_options(graph: Graph) -> list[AreaOption]:
    """The councils, each followed by its districts."""

    def compute() -> list[AreaOption]:
        found = []
        for row in graph.library.select(graph.store, "navigate/mychild_area_options"):
            slug = _slug(row["area"].value, graph.id_base, "area")
            council = _slug(row["council"].value, graph.id_base, "area")
            if slug and council:
                found.append(AreaOption(slug, row["area"].value, row["label"].value, council,
                                        row["councilLabel"].value))
        found.sort(key=lambda a: (a.council_label.lower(), not a.is_council, a.label.lower()))
        return found

    return graph.memo("mychild_area_options", compute)


# --- checking what was asked -----------------------------------------------------------------------------

def has_query() -> bool:
    return any(name in request.args for name in ("age", "area", "need"))


def parse_choice(graph: Graph) -> tuple[Choice | None, list[FieldError], dict[str, Any]]:
    """The family's choice from the address, or the errors to show next to each field. The raw input is
    returned as typed, so the form can show it back (Jinja escapes it)."""
    raw_age = request.args.get("age", "")[:40]
    raw_area = request.args.get("area", "")[:100]
    raw_needs = request.args.getlist("need")[: MAX_NEEDS + 1]
    raw = {"age": raw_age, "area": raw_area, "need": [n[:100] for n in raw_needs]}
    errors: list[FieldError] = []

    age_text = raw_age.strip()
    age = None
    if not age_text:
        errors.append(FieldError("age", translate("Enter your child's age in years"), "age"))
    elif not re.fullmatch(r"[0-9]{1,3}", age_text):
        errors.append(FieldError("age", translate("Age must be a whole number of years, like 7"), "age"))
    elif not MIN_AGE <= int(age_text) <= MAX_AGE:
        errors.append(FieldError("age", translate("Age must be between 0 and 25"), "age"))
    else:
        age = int(age_text)

    areas = {a.slug: a for a in area_options(graph)}
    area = areas.get(raw_area.strip())
    if not raw_area.strip():
        errors.append(FieldError("area", translate("Select your council or district"), "area"))
    elif area is None:
        errors.append(FieldError("area", translate("Select a council or district from the list"), "area"))

    known = {o.slug: o for g in need_groups(graph) for o in g.options}
    chosen = [n.strip() for n in raw_needs if n.strip()]
    unknown = [n for n in chosen if n != NOT_SURE and n not in known]
    if not chosen:
        message = translate("Select your child's needs, or select \u2018I\u2019m not sure\u2019")
        errors.append(FieldError("need", message, "need"))
    elif len(chosen) > MAX_NEEDS:
        errors.append(FieldError("need", translate("Select fewer needs"), "need"))
    elif unknown:
        errors.append(FieldError("need", translate("Select needs from the list"), "need"))

    if errors or age is None or area is None:
        return None, errors, raw
    needs = [known[slug] for slug in dict.fromkeys(chosen) if slug in known]
    return Choice(age, area, needs, NOT_SURE in chosen), [], raw


# --- the personal map --------------------------------------------------------------------------------------

@dataclass
class ServiceItem:
    link: Link
    sector: Link
    access_level: Link
    needs_assessment: bool
    cost: str | None
    waiting_time: str | None
    routes: list[Link]
    needs: list[Link]
    eligibility: str | None
    decided_by: str | None
    eligibility_link: Link | None


@dataclass
class SectorGroup:
    sector: Link
    items: list[ServiceItem]


@dataclass
class Step:
    link: Link
    position: int | None
    timescale: str | None
    deadline_weeks: str | None
    responsible: str | None


@dataclass
class PathwayView:
    link: Link
    steps: list[Step]
    for_need: Link | None = None
    adult: list[PathwayView] = field(default_factory=list)


@dataclass
class SettingItem:
    link: Link
    min_age: int
    max_age: int
    specialist: bool
    needs: list[Link]
    located_in: Link | None


@dataclass
class Section:
    slug: str
    title: str
    count: int
    see_all: str | None = None


def _int(term: Any) -> int | None:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        return None


def _text(row: dict, key: str) -> str | None:
    return row[key].value if key in row and row[key].value else None


def _iris(row: dict, key: str) -> list[str]:
    return row[key].value.split() if key in row else []


def query_values(graph: Graph, choice: Choice) -> tuple[str, dict[str, Any]]:
    """Which variant of a query to run and its bound values: with the chosen needs, or, for a family not
    sure of the needs, the age and area alone."""
    values: dict[str, Any] = {"age": choice.age, "area": NamedNode(choice.area.iri)}
    if choice.needs:
        return "", values | {"need": [NamedNode(n.iri) for n in choice.needs]}
    return "_any_need", values


def pathway_needs(graph: Graph, choice: Choice) -> list[NamedNode]:
    """The needs pathways are matched on: the chosen ones, or the four broad areas for a family not sure."""
    if choice.needs:
        return [NamedNode(n.iri) for n in choice.needs]
    return [NamedNode(g.options[0].iri) for g in need_groups(graph) if g.options and g.options[0].is_broad]


class MapBuilder:
    """Runs the queries for one choice and names everything in the reader's language in one go."""

    def __init__(self, graph: Graph, choice: Choice) -> None:
        self.graph = graph
        self.choice = choice
        self.store, self.library = graph.store, graph.library
        self.languages = reader_languages()
        self._names: dict[str, str] = {}
        self._samples: set[str] = set()
        self._links: dict[str, Link] = {}

    def select(self, name: str, **values: Any) -> list[dict]:
        return self.library.select(self.store, name, **values)

    def mark_samples(self, rows: list[dict], key: str) -> None:
        """Remember which records are invented, so their links carry the sample tag."""
        self._samples.update(r[key].value for r in rows if _text(r, "isSample") == "true")

    def name(self, iris: Iterable[str]) -> None:
        missing = [i for i in iris if i not in self._names]
        if missing:
            self._names.update(label_map(self.graph, missing, self.languages))

    def link(self, iri: str) -> Link:
        # the same sector, access level or need is linked from many cards: build each link once
        if iri not in self._links:
            self._links[iri] = node_link(iri, self._names.get(iri, iri.rsplit("/", 1)[-1]), self.graph.id_base,
                                         iri in self._samples)
        return self._links[iri]

    # services, settings and pathways: the rows first, then every name on the page in one query

    def services(self) -> list[dict]:
        suffix, values = query_values(self.graph, self.choice)
        if suffix or not any(n.is_broad for n in self.choice.needs):
            rows = self.select("navigate/mychild_services" + suffix, **values)
        else:
            rows = self.services_under_broad_areas(values)
        self.mark_samples(rows, "service")
        return rows

    def services_under_broad_areas(self, values: dict[str, Any]) -> list[dict]:
        """A broad area of need covers most services: joining on each of its many narrower needs costs more
        than taking the (few) services for the age and area and keeping those under a chosen need."""
        ancestors = need_ancestors(self.graph)
        chosen = {n.iri for n in self.choice.needs}
        rows = self.select("navigate/mychild_services_any_need", age=values["age"], area=values["area"])
        kept = []
        for row in rows:
            met = [n for n in _iris(row, "metNeeds") if n in chosen or chosen & ancestors.get(n, set())]
            if met:
                kept.append(row | {"metNeeds": Literal(" ".join(met))})
        return kept

    def settings(self) -> list[dict]:
        suffix, values = query_values(self.graph, self.choice)
        rows = self.select("navigate/mychild_settings" + suffix, **values)
        self.mark_samples(rows, "setting")
        return rows

    def pathways(self) -> list[dict]:
        rows = self.select("navigate/mychild_pathways", need=pathway_needs(self.graph, self.choice))
        if self.choice.age < ADULTHOOD_AGE:  # adult pathways only matter from 14
            rows = [r for r in rows if "isAdult" not in r]
        return rows

    def step_rows(self, pathways: Iterable[str]) -> list[dict]:
        """The steps of the pathways, in one query; name them (name_rows) before step_views."""
        wanted = list(dict.fromkeys(pathways))
        if not wanted:
            return []
        return self.select("navigate/mychild_pathway_steps", pathway=[NamedNode(p) for p in wanted])

    def step_views(self, rows: list[dict]) -> dict[str, list[Step]]:
        found: dict[str, list[Step]] = {}
        for row in rows:
            weeks = _text(row, "deadlineWeeks")
            found.setdefault(row["pathway"].value, []).append(Step(
                self.link(row["step"].value), _int(row.get("position")), _text(row, "timescale"),
                weeks.rstrip("0").rstrip(".") if weeks and "." in weeks else weeks, _text(row, "responsibleParty")))
        return found

    def service_item(self, row: dict) -> ServiceItem:
        eligibility = row["eligibility"].value if "eligibility" in row else None
        return ServiceItem(
            self.link(row["service"].value), self.link(row["sector"].value), self.link(row["accessLevel"].value),
            _text(row, "needsAssessment") == "true", _text(row, "cost"), _text(row, "waitingTime"),
            [self.link(i) for i in _iris(row, "routes")], [self.link(i) for i in _iris(row, "metNeeds")],
            _text(row, "eligibilityText"), _text(row, "decidedBy"), self.link(eligibility) if eligibility else None)

    def setting_item(self, row: dict) -> SettingItem:
        where = row["locatedIn"].value if "locatedIn" in row else None
        return SettingItem(self.link(row["setting"].value), _int(row["min"]) or 0, _int(row["max"]) or 0,
                           _text(row, "specialist") == "true", [self.link(i) for i in _iris(row, "metNeeds")],
                           self.link(where) if where else None)

    def name_rows(self, service_rows: list[dict], setting_rows: list[dict], pathway_rows: list[dict],
                  extra: Iterable[str] = ()) -> None:
        iris: set[str] = set(extra)
        for row in service_rows:
            iris.update([row["service"].value, row["sector"].value, row["accessLevel"].value])
            iris.update(_iris(row, "routes") + _iris(row, "metNeeds"))
            if "eligibility" in row:
                iris.add(row["eligibility"].value)
        for row in setting_rows:
            iris.add(row["setting"].value)
            iris.update(_iris(row, "metNeeds"))
            if "locatedIn" in row:
                iris.add(row["locatedIn"].value)
        for row in pathway_rows:
            iris.update(row[k].value for k in ("pathway", "forNeed", "adultPathway", "step") if k in row)
        self.name(iris)

    def sort_services(self, rows: list[dict]) -> list[dict]:
        """By sector name, then service name, in the reader's language."""
        def key(row: dict) -> tuple[str, str]:
            return (self._names.get(row["sector"].value, "").lower(), self._names.get(row["service"].value, "").lower())
        return sorted(rows, key=key)

    def sort_settings(self, rows: list[dict]) -> list[dict]:
        """Settings for the chosen needs first, then by name."""
        return sorted(rows, key=lambda r: (not _iris(r, "metNeeds"), self._names.get(r["setting"].value, "").lower()))

    def adult_pathways(self, rows: list[dict]) -> dict[str, list[str]]:
        """The adult pathways each care pathway leads to, from 14 only."""
        adults: dict[str, list[str]] = {}
        for row in rows:
            if "adultPathway" in row and self.choice.age >= ADULTHOOD_AGE:
                adults.setdefault(row["pathway"].value, []).append(row["adultPathway"].value)
        return adults

    def pathway_views(self, rows: list[dict], steps: dict[str, list[Step]]) -> list[PathwayView]:
        adults = self.adult_pathways(rows)
        ordered = list(dict.fromkeys(r["pathway"].value for r in rows))
        for_need = {r["pathway"].value: r["forNeed"].value for r in rows}
        ordered.sort(key=lambda iri: self._names.get(iri, iri).lower())
        return [PathwayView(self.link(p), steps.get(p, []), self.link(for_need[p]),
                            [PathwayView(self.link(a), steps.get(a, [])) for a in dict.fromkeys(adults.get(p, []))])
                for p in ordered]


def group_by_sector(items: list[ServiceItem]) -> list[SectorGroup]:
    groups: dict[str, SectorGroup] = {}
    for item in items:
        groups.setdefault(item.sector.iri, SectorGroup(item.sector, [])).items.append(item)
    return list(groups.values())


def choice_args(choice: Choice) -> dict[str, Any]:
    needs = [n.slug for n in choice.needs] + ([NOT_SURE] if choice.not_sure else [])
    return {"age": choice.age, "area": choice.area.slug, "need": needs}


def describe(choice: Choice) -> str:
    """'a 7 year old in Kent with autism'."""
    if choice.age == 0:
        who = translate("a baby under 1 year old")
    else:
        article = "an" if choice.age in (8, 11, 18) else "a"
        who = translate("{article} {age} year old", article=article, age=choice.age)
    text = translate("{who} in {area}", who=who, area=choice.area.label)
    if choice.needs:
        names = [_lower_first(n.label) for n in choice.needs]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " " + translate("and") + " " + names[-1]
        text += " " + translate("with {needs}", needs=joined)
    return text


def _lower_first(label: str) -> str:
    # "Autism" reads as "with autism"; "ADHD (...)" keeps its capitals
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def build_map(graph: Graph, choice: Choice) -> dict[str, Any]:
    """Everything on the personal map, as plain data (the HTML page and its JSON twin share it)."""
    builder = MapBuilder(graph, choice)
    id_base = graph.id_base
    ehc = f"{id_base}pathway/ehc-needs-assessment"
    resolving = f"{id_base}pathway/resolving-disagreements"
    service_rows = builder.services()
    setting_rows = builder.settings()
    pathway_rows = builder.pathways()
    contacts = builder.select("navigate/mychild_contacts", area=NamedNode(choice.area.iri))
    stages = graph.memo("mychild_resolution", lambda: builder.select("navigate/mychild_resolution"))
    adult = choice.age >= ADULTHOOD_AGE
    theme_rows = builder.select("navigate/mychild_adulthood", age=choice.age,
                                area=NamedNode(choice.area.iri)) if adult else []
    themes = graph.memo("mychild_pfa_themes", lambda: builder.select("navigate/mychild_pfa_themes"))
    builder.mark_samples(theme_rows, "service")
    builder.mark_samples(contacts, "contact")
    broad = [g.options[0].iri for g in need_groups(graph) if g.options and g.options[0].is_broad]
    extra = [ehc, resolving, choice.area.iri] + broad
    extra += [r["contact"].value for r in contacts] + [r["council"].value for r in contacts]
    extra += [r[k].value for r in stages for k in ("stage", "step") if k in r]
    extra += [r["service"].value for r in theme_rows] + ([r["theme"].value for r in themes] if adult else [])
    adult_iris = [a for found in builder.adult_pathways(pathway_rows).values() for a in found]
    step_rows = builder.step_rows([ehc] + [r["pathway"].value for r in pathway_rows] + adult_iris)
    builder.name_rows(service_rows, setting_rows, pathway_rows + step_rows, extra)
    steps = builder.step_views(step_rows)

    open_rows = builder.sort_services([r for r in service_rows if _text(r, "needsAssessment") != "true"])
    assessed_rows = builder.sort_services([r for r in service_rows if _text(r, "needsAssessment") == "true"])
    setting_rows = builder.sort_settings(setting_rows)
    pathways = builder.pathway_views(pathway_rows, steps)
    shown_pathways = pathways[:PATHWAY_CAP]
    ehc_steps = steps.get(ehc, [])
    args = choice_args(choice)

    def see_all(slug: str, count: int, cap: int) -> str | None:
        return url_for("mychild.section", section=slug, **args) if count > cap else None

    sections = {
        "without-assessment": Section("without-assessment", SECTIONS["without-assessment"], len(open_rows),
                                      see_all("without-assessment", len(open_rows), SECTION_CAP)),
        "with-assessment": Section("with-assessment", SECTIONS["with-assessment"], len(assessed_rows),
                                   see_all("with-assessment", len(assessed_rows), SECTION_CAP)),
        "pathways": Section("pathways", SECTIONS["pathways"], len(pathways), see_all("pathways", len(pathways),
                                                                                     PATHWAY_CAP)),
        "settings": Section("settings", SECTIONS["settings"], len(setting_rows),
                            see_all("settings", len(setting_rows), SECTION_CAP)),
    }
    council = next(iter(contacts), None)
    by_theme: dict[str, list[Link]] = {}
    for row in theme_rows:
        by_theme.setdefault(row["theme"].value, []).append(builder.link(row["service"].value))
    return {
        "choice": args,
        "summary": summary_text(choice, sections),
        "sections": sections,
        "without_assessment": group_by_sector([builder.service_item(r) for r in open_rows[:SECTION_CAP]]),
        "with_assessment": group_by_sector([builder.service_item(r) for r in assessed_rows[:SECTION_CAP]]),
        "ehc": PathwayView(builder.link(ehc), ehc_steps),
        "pathways": shown_pathways,
        "council": builder.link(council["council"].value) if council else builder.link(choice.area.iri),
        "contacts": [contact_view(builder, r) for r in contacts],
        "settings": [builder.setting_item(r) for r in setting_rows[:SECTION_CAP]],
        "things_go_wrong": {"pathway": builder.link(resolving), "stages": [stage_view(builder, r) for r in stages]},
        "adulthood": [{"theme": builder.link(t["theme"].value), "definition": _text(t, "definition"),
                       "services": by_theme.get(t["theme"].value, [])[:THEME_CAP],
                       "count": len(by_theme.get(t["theme"].value, []))}
                      for t in sorted(themes, key=lambda t: builder.link(t["theme"].value).label.lower())]
        if adult else [],
        "broad_areas": [builder.link(iri) for iri in broad] if choice.not_sure else [],
    }


SUMMARY_LINES = {  # section -> what to say for none, one and many
    "without-assessment": ("nothing you can use without an assessment",
                           "{count} thing you can use without an assessment",
                           "{count} things you can use without an assessment"),
    "with-assessment": ("nothing that needs an assessment or a referral",
                        "{count} that needs an assessment or a referral",
                        "{count} that need an assessment or a referral"),
    "pathways": ("no care pathway for these needs", "{count} care pathway", "{count} care pathways"),
    "settings": ("no nursery, school or college", "{count} nursery, school or college",
                 "{count} nurseries, schools or colleges"),
}


def summary_text(choice: Choice, sections: dict[str, Section]) -> dict[str, Any]:
    """The short summary at the top, with a line per section that links to it."""
    lines = []
    for slug, (none, one, many) in SUMMARY_LINES.items():
        count = sections[slug].count
        lines.append((slug, translate(none if count == 0 else one if count == 1 else many, count=count)))
    return {"for": describe(choice), "lines": lines}


def contact_view(builder: MapBuilder, row: dict) -> dict[str, Any]:
    role = "iass" if row["role"].value == LO + "informationAdviceSupport" else "forum"
    return {"role": role, "link": builder.link(row["contact"].value), "description": _text(row, "description"),
            "url": _text(row, "url"), "telephone": _text(row, "telephone"), "email": _text(row, "email")}


def stage_view(builder: MapBuilder, row: dict) -> dict[str, Any]:
    return {"stage": builder.link(row["stage"].value), "position": _int(row.get("position")),
            "definition": _text(row, "definition"),
            "step": builder.link(row["step"].value) if "step" in row else None, "timescale": _text(row, "timescale")}


# --- the pages -----------------------------------------------------------------------------------------------

@mychild.after_request
def keep_nothing(response: Response) -> Response:
    """The answers are personal: no cache keeps them and no other site learns them from the Referer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@mychild.context_processor
def strings() -> dict[str, Any]:
    return {"_": translate}


def form_data(graph: Graph, raw: dict[str, Any], errors: list[FieldError], options: bool = True) -> dict[str, Any]:
    """What the form needs. The JSON twin of a map or an error leaves out the option lists (the twin of the
    empty form has them): they are the same for every family and would be most of the twin."""
    data: dict[str, Any] = {"raw": raw, "errors": errors, "not_sure": NOT_SURE, "min_age": MIN_AGE,
                            "max_age": MAX_AGE}
    if options or not wants_json():
        data |= {"need_groups": need_groups(graph), "areas": area_options(graph)}
    return data


def _preselected_area() -> str:
    """The council the reader chose elsewhere on the site (a cookie the browser keeps), if any."""
    return current_area_slug() or ""


@twin_route(mychild, "/my-child")
def page() -> Any:
    graph = get_graph()
    if not has_query():
        raw = {"age": "", "area": _preselected_area(), "need": []}
        return respond("mychild/mychild.html", title=translate("My child"), result=None, **form_data(graph, raw, []))
    choice, errors, raw = parse_choice(graph)
    if choice is None:
        response = make_response(respond("mychild/mychild.html", title=translate("Error: My child"), result=None,
                                         **form_data(graph, raw, errors, options=False)))
        response.status_code = 400
        return response
    return respond("mychild/mychild.html", title=translate("My child: {who}", who=describe(choice)),
                   result=build_map(graph, choice), **form_data(graph, raw, [], options=False))


@twin_route(mychild, "/my-child/<section>")
def section(section: str) -> Any:
    """Every item of one section of the map, paged: where the map's "see all" links lead."""
    if section not in SECTIONS:
        abort(404, "There is no such part of the map.")
    graph = get_graph()
    choice, errors, _raw = parse_choice(graph)
    if choice is None:
        abort(400, "; ".join(f"'{e.field}': {e.message}" for e in errors))
    page_number = _page()
    builder = MapBuilder(graph, choice)
    items: list[Any]
    if section in ("without-assessment", "with-assessment"):
        rows = builder.services()
        wanted = "true" if section == "with-assessment" else "false"
        rows = [r for r in rows if (_text(r, "needsAssessment") or "false") == wanted]
        builder.name_rows(rows, [], [])
        rows = builder.sort_services(rows)
        chunk = rows[(page_number - 1) * PER_PAGE: page_number * PER_PAGE]
        items = group_by_sector([builder.service_item(r) for r in chunk])
    elif section == "settings":
        rows = builder.settings()
        builder.name_rows([], rows, [])
        rows = builder.sort_settings(rows)
        items = [builder.setting_item(r) for r in rows[(page_number - 1) * PER_PAGE: page_number * PER_PAGE]]
    else:
        rows = builder.pathways()
        builder.name_rows([], [], rows)
        views = builder.pathway_views(rows, {})
        rows = views
        items = views[(page_number - 1) * PER_PAGE: page_number * PER_PAGE]
    total = len(rows)
    if page_number > 1 and not items:
        abort(404, "There are not that many pages.")
    return respond("mychild/mychild_section.html", title=translate(SECTIONS[section]), section=section,
                   heading=translate(SECTIONS[section]), who=describe(choice), choice=choice_args(choice),
                   items=items, count=total, page=page_number, pages=max(1, -(-total // PER_PAGE)),
                   back=url_for("mychild.page", **choice_args(choice)))


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        abort(400, "The 'page' parameter must be a whole number from 1.")
    return int(raw)
