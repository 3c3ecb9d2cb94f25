"""Quality and outcomes on a setting's or service's page (issue 19): its current inspection in one plain line
("Ofsted (the Office for Standards in Education): Good, inspected March 2024 — read the report"), marked
"(sample)" when invented and said to be more than five years old when it is; "no inspection recorded" for a
setting without one; and, for a school or college, where its leavers went as a short table with the year and
the source. The JSON twin carries the same data (every inspection, newest first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import NamedNode

from ..core.graph import get_graph
from ..core.i18n import N_, translate
from ..core.labels import label_map
from ..core.staleness import MONTHS

OLD_AFTER_YEARS = 5  # the commissioning gap analysis uses the same five years (queries/gaps/not_inspected.rq)
INSPECTORATES = {  # the names families meet, the acronym explained
    "ofsted": N_("Ofsted (the Office for Standards in Education)"),
    "cqc": N_("CQC (the Care Quality Commission)"),
}
DESTINATION_ORDER = ("education", "training", "employment", "not-sustained")
FIND_REPORTS = {"ofsted": "https://reports.ofsted.gov.uk/", "cqc": "https://www.cqc.org.uk/search/all"}


@dataclass(frozen=True)
class InspectionView:
    inspectorate: str  # "Ofsted (the Office for Standards in Education)", in the reader's language
    inspectorate_slug: str  # ofsted or cqc
    judgement: str  # "Good"; "" when the inspection gave no overall grade
    grade: str  # the shared grade's slug (good, outstanding, ...), "" when none
    day: str  # ISO date, for <time datetime>
    month_words: str  # "March 2024"
    report: str | None
    source: str | None  # where it was recorded (the register, the inspectorate's data, the sample)
    sample: bool
    old: bool  # more than OLD_AFTER_YEARS years before today


@dataclass(frozen=True)
class DestinationRow:
    destination: str  # "Education"
    slug: str
    percentage: str  # as published: "87.5"
    cohort: str  # "2022/23"
    source: str  # the source's name, else its address
    source_url: str | None
    sample: bool


@dataclass(frozen=True)
class Quality:
    inspections: list[InspectionView] = field(default_factory=list)  # newest first: the first is current
    destinations: list[DestinationRow] = field(default_factory=list)
    not_inspected: bool = False  # a setting with no inspection recorded
    find_reports: str = ""  # where a family can look for reports when none is recorded here

    def __bool__(self) -> bool:
        return bool(self.inspections or self.destinations or self.not_inspected)


def quality(record_iri: str, today: date | None = None) -> Quality:
    """The record page's quality and outcomes; empty for records that are not settings or services."""
    graph = get_graph()
    kind = record_iri.removeprefix(graph.id_base).split("/", 1)[0]
    if kind not in ("setting", "service"):
        return Quality()
    today = today or date.today()
    node = NamedNode(record_iri)
    inspection_rows = graph.library.select(graph.store, "navigate/record_inspections", node=node)
    figure_rows = graph.library.select(graph.store, "navigate/record_destinations", node=node)
    names = label_map(
        graph,
        [r[k].value for r in inspection_rows + figure_rows for k in ("judgement", "destination", "source") if k in r],
    )
    inspections = _inspections(inspection_rows, names, today)
    destinations = _destinations(figure_rows, names)
    none = kind == "setting" and not inspections
    return Quality(inspections, destinations, none, FIND_REPORTS["ofsted"] if none else "")


def _inspections(rows: list, names: dict[str, str], today: date) -> list[InspectionView]:
    found: dict[str, InspectionView] = {}
    for row in rows:
        iri = row["inspection"].value
        if iri in found:  # a second source of the same inspection: the first (ordered) is kept
            continue
        try:
            day = date.fromisoformat(row["inspectedOn"].value[:10])
        except ValueError:  # a malformed date in imported data: leave that inspection out, never guess
            continue
        slug = row["inspectorate"].value.rsplit("/", 1)[-1]
        judgement = row["judgement"].value if "judgement" in row else None
        found[iri] = InspectionView(
            inspectorate=translate(INSPECTORATES.get(slug, slug)),
            inspectorate_slug=slug,
            judgement=names.get(judgement, "") if judgement else "",
            grade=row["grade"].value.rsplit("/", 1)[-1] if "grade" in row else "",
            day=day.isoformat(),
            month_words=f"{translate(MONTHS[day.month - 1])} {day.year}",
            report=row["report"].value if "report" in row else None,
            source=names.get(row["source"].value, row["source"].value) if "source" in row else None,
            sample="sample" in row and row["sample"].value == "true",
            old=_years_before(day, today) >= OLD_AFTER_YEARS,
        )
    return list(found.values())


def _destinations(rows: list, names: dict[str, str]) -> list[DestinationRow]:
    found: dict[str, DestinationRow] = {}
    for row in rows:
        iri = row["figure"].value
        if iri in found:
            continue
        slug = row["destination"].value.rsplit("/", 1)[-1]
        source = row["source"].value if "source" in row else ""
        found[iri] = DestinationRow(
            destination=names.get(row["destination"].value, slug),
            slug=slug,
            percentage=_percent(row["percentage"].value),
            cohort=row["cohortYear"].value,
            source=names.get(source, source),
            source_url=source if source.startswith(("http://", "https://")) and "/id/dataset/" not in source else None,
            sample="sample" in row and row["sample"].value == "true",
        )
    order = {slug: n for n, slug in enumerate(DESTINATION_ORDER)}
    newest = max((r.cohort for r in found.values()), default="")
    # the newest year only: a short table, as published
    return sorted((r for r in found.values() if r.cohort == newest), key=lambda r: (order.get(r.slug, 99), r.slug))


def _percent(value: str) -> str:
    """ "87.50" -> "87.5", "90.0" -> "90": as a person writes a published share."""
    text = value.rstrip("0").rstrip(".") if "." in value else value
    return text or "0"


def _years_before(day: date, today: date) -> int:
    years = today.year - day.year
    return years - 1 if (today.month, today.day) < (day.month, day.day) else years
