"""Running the 'My child' queries for one choice, and shaping their rows into the items of the map."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import Literal, NamedNode

from ..core.graph import Graph
from ..core.i18n import interface_language
from ..core.labels import label_map, literal_text, reader_languages
from ..core.links import Link, node_link
from ..core.staleness import Checked, checked_map, stamp
from .choice import (
    ADULTHOOD_AGE,
    AreaOption,
    Choice,
    area_neighbours,
    area_options,
    context_args,
    need_ancestors,
    need_groups,
)


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
class Provision:
    """A resource base or SEN unit at a setting, for the chosen needs."""

    kind: str  # its name, such as "Resource base"
    needs: list[Link]
    places: int | None


@dataclass
class SettingItem:
    link: Link
    min_age: int
    max_age: int
    specialist: bool
    needs: list[Link]
    located_in: Link | None
    in_district: bool = False  # located in the district the family chose
    other_council: str | None = None  # the council of a neighbouring district across the council border
    provision: list[Provision] = field(default_factory=list)


@dataclass
class Section:
    slug: str
    title: str
    count: int
    see_all: str | None = None


def int_of(term: Any) -> int | None:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        return None


def text_of(row: dict, key: str) -> str | None:
    """A value's text; a literal's knows its language (labels.Label), so a Welsh page marks English."""
    if key not in row or not row[key].value:
        return None
    return literal_text(row[key]) if isinstance(row[key], Literal) else row[key].value


def iris_of(row: dict, key: str) -> list[str]:
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
        # every link out of the map carries the family's council, age and needs (core/context.py reads them)
        self.context = urlencode(context_args(choice), doseq=True)
        self._provision: dict[str, list[dict]] | None = None
        self._checked: dict[str, Checked] = {}  # when each record was last checked (name_rows reads them)

    def select(self, name: str, **values: Any) -> list[dict]:
        return self.library.select(self.store, name, **values)

    def mark_samples(self, rows: list[dict], key: str) -> None:
        """Remember which records are invented, so their links carry the sample tag."""
        self._samples.update(r[key].value for r in rows if text_of(r, "isSample") == "true")

    def name(self, iris: Iterable[str]) -> None:
        missing = [i for i in iris if i not in self._names]
        if missing:
            self._names.update(label_map(self.graph, missing, self.languages))

    def link(self, iri: str) -> Link:
        # the same sector, access level or need is linked from many cards: build each link once
        if iri not in self._links:
            link = node_link(
                iri, self._names.get(iri, iri.rsplit("/", 1)[-1]), self.graph.id_base, iri in self._samples
            )
            if link.url and self.context and "?" not in link.url:
                link = replace(link, url=f"{link.url}?{self.context}")
            self._links[iri] = stamp(link, self._checked)
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
            met = [n for n in iris_of(row, "metNeeds") if n in chosen or chosen & ancestors.get(n, set())]
            if met:
                kept.append(row | {"metNeeds": Literal(" ".join(met))})
        return kept

    def places(self) -> list[AreaOption]:
        """Where 'nearby' settings come from: the chosen district, and its neighbours when widened (any
        council); empty for a whole council area that is not widened."""
        if self.choice.area.is_council and not self.choice.near:
            return []
        neighbours = area_neighbours(self.graph).get(self.choice.area.slug, []) if self.choice.near else []
        return [self.choice.area, *neighbours]

    def settings(self) -> list[dict]:
        suffix, values = query_values(self.graph, self.choice)
        places = self.places()
        rows = []
        if not places or self.choice.area.is_council:  # a unitary area widened keeps its own council's list
            rows = self.select("navigate/mychild_settings" + suffix, **values)
        if places:
            near = values | {"reach": 1 if self.choice.near else 0}
            seen = {r["setting"].value for r in rows}
            nearby = self.select("navigate/mychild_settings_nearby" + suffix, **near)
            rows += [r for r in nearby if r["setting"].value not in seen]
        if self.choice.provision_only:
            rows = [r for r in rows if r["setting"].value in self.provision_rows()]
        self.mark_samples(rows, "setting")
        return rows

    def provision_rows(self) -> dict[str, list[dict]]:
        """setting IRI -> its resource bases and SEN units for the chosen needs (any need when not sure),
        in the chosen council's Local Offer."""
        if self._provision is None:
            # nearby settings may be in another council's local offer: then any council's provision counts
            council = None if self.places() else NamedNode(f"{self.graph.id_base}area/{self.choice.area.council_slug}")
            needs = [NamedNode(n.iri) for n in self.choice.needs] or [None]
            found: dict[str, list[dict]] = {}
            for need in needs:  # a need is one optional parameter: one query per chosen need (a handful)
                values: dict[str, Any] = {"council": council} if council is not None else {}
                if need is not None:
                    values["need"] = need
                for row in self.select("navigate/settings_with_provision", **values):
                    kept = found.setdefault(row["setting"].value, [])
                    if all(k["provision"] != row["provision"] for k in kept):
                        kept.append(row)
            self._provision = found
        return self._provision

    def provision_views(self, setting: str) -> list[Provision]:
        views = []
        for row in self.provision_rows().get(setting, []):
            places = int_of(row.get("resourceBaseCapacity")) or int_of(row.get("senUnitCapacity"))
            name = literal_text(row["provisionLabel"])
            views.append(Provision(name, [self.link(i) for i in iris_of(row, "needs")], places))
        return views

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
        return self.select(
            "navigate/mychild_pathway_steps", pathway=[NamedNode(p) for p in wanted], lang=interface_language()
        )

    def step_views(self, rows: list[dict]) -> dict[str, list[Step]]:
        found: dict[str, list[Step]] = {}
        for row in rows:
            weeks = text_of(row, "deadlineWeeks")
            found.setdefault(row["pathway"].value, []).append(
                Step(
                    self.link(row["step"].value),
                    int_of(row.get("position")),
                    text_of(row, "timescale"),
                    weeks.rstrip("0").rstrip(".") if weeks and "." in weeks else weeks,
                    text_of(row, "responsibleParty"),
                )
            )
        return found

    def service_item(self, row: dict) -> ServiceItem:
        eligibility = row["eligibility"].value if "eligibility" in row else None
        return ServiceItem(
            self.link(row["service"].value),
            self.link(row["sector"].value),
            self.link(row["accessLevel"].value),
            text_of(row, "needsAssessment") == "true",
            text_of(row, "cost"),
            text_of(row, "waitingTime"),
            [self.link(i) for i in iris_of(row, "routes")],
            [self.link(i) for i in iris_of(row, "metNeeds")],
            text_of(row, "eligibilityText"),
            text_of(row, "decidedBy"),
            self.link(eligibility) if eligibility else None,
        )

    def setting_item(self, row: dict) -> SettingItem:
        where = row["locatedIn"].value if "locatedIn" in row else None
        area = next((a for a in area_options(self.graph) if a.iri == where), None)
        other = area.council_label if area and area.council_slug != self.choice.area.council_slug else None
        return SettingItem(
            self.link(row["setting"].value),
            int_of(row["min"]) or 0,
            int_of(row["max"]) or 0,
            text_of(row, "specialist") == "true",
            [self.link(i) for i in iris_of(row, "metNeeds")],
            self.link(where) if where else None,
            where == self.choice.area.iri,
            other,
            self.provision_views(row["setting"].value),
        )

    def name_rows(
        self, service_rows: list[dict], setting_rows: list[dict], pathway_rows: list[dict], extra: Iterable[str] = ()
    ) -> None:
        iris: set[str] = set(extra)
        for row in service_rows:
            iris.update([row["service"].value, row["sector"].value, row["accessLevel"].value])
            iris.update(iris_of(row, "routes") + iris_of(row, "metNeeds"))
            if "eligibility" in row:
                iris.add(row["eligibility"].value)
        for row in setting_rows:
            iris.add(row["setting"].value)
            for provision in self.provision_rows().get(row["setting"].value, []):
                iris.update(iris_of(provision, "needs"))
            iris.update(iris_of(row, "metNeeds"))
            if "locatedIn" in row:
                iris.add(row["locatedIn"].value)
        for row in pathway_rows:
            iris.update(row[k].value for k in ("pathway", "forNeed", "adultPathway", "step") if k in row)
        self.name(iris)
        # "May be out of date" on the cards: the dates of every record on the page in one query
        self._checked.update(checked_map(self.graph, iris - self._checked.keys()))

    def sort_services(self, rows: list[dict]) -> list[dict]:
        """By sector name, then service name, in the reader's language."""

        def key(row: dict) -> tuple[str, str]:
            return (self._names.get(row["sector"].value, "").lower(), self._names.get(row["service"].value, "").lower())

        return sorted(rows, key=key)

    def sort_settings(self, rows: list[dict]) -> list[dict]:
        """Settings in the chosen district first (a council's settings all serve each of its districts), then
        those for the chosen needs or with a resource base for them, then by name."""
        district = self.choice.area.iri

        def key(r: dict) -> tuple[bool, bool, str]:
            near = text_of(r, "locatedIn") == district
            fits = bool(iris_of(r, "metNeeds")) or r["setting"].value in self.provision_rows()
            return (not near, not fits, self._names.get(r["setting"].value, "").lower())

        return sorted(rows, key=key)

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
        return [
            PathwayView(
                self.link(p),
                steps.get(p, []),
                self.link(for_need[p]),
                [PathwayView(self.link(a), steps.get(a, [])) for a in dict.fromkeys(adults.get(p, []))],
            )
            for p in ordered
        ]


def group_by_sector(items: list[ServiceItem]) -> list[SectorGroup]:
    groups: dict[str, SectorGroup] = {}
    for item in items:
        groups.setdefault(item.sector.iri, SectorGroup(item.sector, [])).items.append(item)
    return list(groups.values())
