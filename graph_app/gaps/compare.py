"""The headline figure of each gap analysis for chosen councils, beside the SE7 average: the numbers of
"Compare councils" (/gaps/compare) and of the board report's one-page summary.

Each figure is read from an analysis's stored result for one council (the same result its own page and
the report show), so comparing costs no query of its own once the results are warm. A figure is a count;
where it counts records families could use (not needs, headings or sections of the law) and the council's
population of children and young people is known, it is also a rate per 10,000 of them, so a large
council and a small one can be set side by side.

The average is the mean over every council in the graph, of the counts and of the rates (a council without
a population figure has no rate and is left out of the rate's mean). It is named from the data
(average_name.py): "SE7 average" on the sample's seven councils, "average of the N councils" otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .rates import number_text, per_10000, rate_text


@dataclass(frozen=True)
class Headline:
    analysis: str  # the analysis's name, e.g. "coverage_matrix"
    key: str
    label: str
    per_child: bool  # whether a rate per 10,000 children means anything for this count
    measure: Callable[[list[dict[str, Any]]], int]


def N_(text: str) -> str:
    """Marks a label for the string catalogue (tests/test_strings_catalogue.py); pages translate it when shown."""
    return text


def _rows(rows: list[dict[str, Any]]) -> int:
    return len(rows)


def _zero_services(rows: list[dict[str, Any]]) -> int:
    return sum(1 for row in rows if not row.get("services"))


def _sum(key: str) -> Callable[[list[dict[str, Any]]], int]:
    return lambda rows: sum(int(row.get(key) or 0) for row in rows)


# one headline per analysis that can be chosen by council, in the order of the analyses' pages
HEADLINES: tuple[Headline, ...] = (
    Headline(
        "coverage_matrix", "gap_cells", N_("Need and age band combinations with no service"), False, _zero_services
    ),
    Headline("specialist_only", "needs", N_("Needs met only through a specialist assessment"), False, _rows),
    Headline("unanswered_questions", "records", N_("Settings and services with unanswered SE7 questions"), True, _rows),
    Headline("not_reviewed", "records", N_("Records not reviewed in the last 12 months"), True, _sum("records")),
    Headline(
        "no_contact_or_referral",
        "services",
        N_("Services with no way to get in touch or no referral route"),
        True,
        _rows,
    ),
    Headline("out_of_area", "records", N_("Provision outside the council's area"), True, _rows),
    Headline("unlinked_duties", "clauses", N_("Sections of the law with no linked provision"), False, _rows),
    Headline("comments_by_topic", "awaiting", N_("Comments waiting for a response"), True, _sum("awaitingResponse")),
    Headline("council_content", "headings", N_("Framework headings without a current council statement"), False, _rows),
)


@dataclass(frozen=True)
class Council:
    slug: str
    iri: str
    label: str
    population: int | None = None
    population_year: str | None = None
    population_is_sample: bool = False


@dataclass(frozen=True)
class Difference:
    """A council's figure against the average: direction 'above', 'below' or 'same', and its size."""

    direction: str
    size: float
    mark: str  # ▲, ▼ or =
    text: str  # the size as shown


@dataclass(frozen=True)
class Cell:
    count: float  # a council's count, or the average of them
    rate: float | None  # per 10,000 children and young people aged 0 to 25
    count_text: str
    rate_text: str
    count_difference: Difference | None = None
    rate_difference: Difference | None = None


@dataclass(frozen=True)
class Row:
    headline: Headline
    title: str  # the analysis's title
    cells: dict[str, Cell]  # council slug -> its figure
    average: Cell


def difference(value: float | None, average: float | None, as_rate: bool) -> Difference | None:
    """How far a figure is above or below the average (rounded as shown, so '=' means they look equal)."""
    if value is None or average is None:
        return None
    shown = (rate_text if as_rate else number_text)(value - average)
    size = value - average
    if shown == "0" or abs(size) < 1e-9:
        return Difference("same", 0.0, "=", "0")
    return Difference("above" if size > 0 else "below", abs(size), "▲" if size > 0 else "▼", shown)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def compare(
    councils: list[Council],
    every_council: list[Council],
    rows_for: Callable[[str, str], list[dict[str, Any]] | None],
    titles: dict[str, str],
) -> list[Row]:
    """The headline rows for `councils`, the average taken over `every_council`. `rows_for(analysis,
    council_iri)` gives that analysis's result rows for the council (None when the graph has no such
    analysis, and its headline is left out)."""
    table = []
    for headline in HEADLINES:
        if headline.analysis not in titles:
            continue
        figures: dict[str, Cell] = {}
        for council in every_council:
            rows = rows_for(headline.analysis, council.iri)
            count = headline.measure(rows or [])
            rate = per_10000(count, council.population) if headline.per_child else None
            figures[council.slug] = Cell(count, rate, number_text(count), rate_text(rate))
        mean_count = _mean([float(c.count) for c in figures.values()]) or 0.0
        mean_rate = _mean([c.rate for c in figures.values() if c.rate is not None]) if headline.per_child else None
        average = Cell(round(mean_count, 3), mean_rate, number_text(round(mean_count, 1)), rate_text(mean_rate))
        cells = {
            c.slug: Cell(
                figures[c.slug].count,
                figures[c.slug].rate,
                figures[c.slug].count_text,
                figures[c.slug].rate_text,
                difference(figures[c.slug].count, mean_count, as_rate=False),
                difference(figures[c.slug].rate, mean_rate, as_rate=True),
            )
            for c in councils
        }
        table.append(Row(headline, titles[headline.analysis], cells, average))
    return table


def as_json(councils: list[Council], table: list[Row]) -> dict[str, Any]:
    """The comparison as plain data: the same numbers as the page, unrounded beside the shown text."""

    def cell(c: Cell) -> dict[str, Any]:
        found: dict[str, Any] = {"count": c.count, "per_10000": None if c.rate is None else round(c.rate, 3)}
        for name, diff in (("count_vs_average", c.count_difference), ("per_10000_vs_average", c.rate_difference)):
            if diff is not None:
                found[name] = {"direction": diff.direction, "size": round(diff.size, 3)}
        return found

    return {
        "councils": [
            {
                "slug": c.slug,
                "iri": c.iri,
                "label": c.label,
                "population_aged_0_to_25": c.population,
                "population_year": c.population_year,
                "population_is_sample": c.population_is_sample,
            }
            for c in councils
        ],
        "figures": [
            {
                "analysis": row.headline.analysis.replace("_", "-"),
                "title": row.title,
                "figure": row.headline.key,
                "label": row.headline.label,
                "rate_per_10000_children": row.headline.per_child,
                "councils": {slug: cell(c) for slug, c in row.cells.items()},
                "se7_average": cell(row.average),
            }
            for row in table
        ],
    }
