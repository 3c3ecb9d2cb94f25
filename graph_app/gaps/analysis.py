"""Named gap analyses for joint commissioning: the `.rq` files in queries/gaps/, run and shaped into
a table and chart data.

Each analysis is an ordinary named query (a commissioner can read, copy and run it anywhere) whose
header also says how to show it:

    #+ columns: area=Council; need=Need; services=Services   (shown columns, in order, with headings)
    #+ chart: heatmap group=area row=need column=age_band value=services
    #+ chart: bars group=area label=need value=perThousand   (value=count counts rows per label)
    #+ empty: No published comments yet.                      (what to say when nothing is found)
    #+ sort: area -records oldest                             (order rows by these columns' shown text,
                                                               numbers as numbers; "-" for largest first)
    #+ narrows: area need age_band                            (choosing one of these parameters only keeps
                                                               the rows whose column of that name is the
                                                               chosen node: the app answers it from the
                                                               rows for all, worked out once)

A column holding a node is a link to it. Its name comes from a `<name>Label` partner variable when the
query has one; otherwise the names are fetched afterwards in one query for the nodes in the result only
(queries/navigate/labels.rq): looking labels up for every row before grouping can cost more than the
analysis itself at scale. A query that leaves the names out says in `#+ sort:` how to order the rows.
This module knows nothing of Flask: `run_gap(store, library, name, **params)` works from a script, a
test or the web app. It stays one module (a little over 350 lines) because reading the header, running the
query and shaping its rows are one contract with the `.rq` files; charts.py holds the drawing.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from ..namespaces import XSD
from ..queries import NamedQuery, QueryError, QueryLibrary
from ..store import GraphStore, Row
from .charts import Bar, BarGroup, Chart, ChartSpec, HeatCell, HeatGroup, HeatRow, cell_text, grouped, make_chart

FOLDER = "gaps"
# the order of the list (pages and reports show them so); a new file goes at the end
ORDER = (
    "coverage_matrix",
    "specialist_only",
    "care_pathways_without_adult_pathway",
    "unanswered_questions",
    "not_reviewed",
    "no_contact_or_referral",
    "out_of_area",
    "unlinked_duties",
    "comments_by_topic",
    "sufficiency",
    "council_content",
    "waiting_times",
    "places",
    "not_inspected",  # issue 19: quality and outcomes
)
# a page of a result shows at most this many rows (whole groups: every council's rows stay together): the
# seven SE7 councils' coverage matrix (1,610 rows) fits on one page, all 150 English councils' does not
ROWS_PER_PAGE = 2000
_HEADER = re.compile(r"^#\+\s*(columns|chart|empty|sort|narrows)\s*:\s*(.*)$")
LABELS_QUERY = "navigate/labels"
_NUMERIC = {XSD + t: "integer" for t in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger")}
_NUMERIC |= {XSD + "decimal": "decimal", XSD + "double": "decimal", XSD + "float": "decimal"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class GapAnalysis:
    """A gap analysis as its query file describes it."""

    name: str  # the query name without the folder: "coverage_matrix"
    title: str
    description: str
    query: NamedQuery
    columns: tuple[Column, ...]
    chart: ChartSpec | None
    empty: str
    sort: tuple[str, ...] = ()  # column keys, "-key" for descending, applied after names are fetched
    narrows: tuple[str, ...] = ()  # parameters that only pick rows by the column of the same name

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.query.params]

    @property
    def uses_today(self) -> bool:
        """Whether the answer depends on today's date (so a stored answer holds for one day only)."""
        return "NOW()" in self.query.text.upper()


@dataclass
class GapResult:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]  # key -> int, float, bool, str, or {"iri", "label"} for a node
    chart: Chart | None
    params: dict[str, str] = field(default_factory=dict)
    computed_at: str | None = None  # when a stored result was worked out (graph_app/gaps_cache.py)

    def text_rows(self) -> list[list[str]]:
        """The table as the words a reader sees, one list per row (the CSV holds the same)."""
        return [[cell_text(row.get(c.key)) for c in self.columns] for row in self.rows]


def parse_analysis(query: NamedQuery) -> GapAnalysis:
    """Read the display headers of a gap query (its title, description and params are the query's)."""
    headers: dict[str, str] = {}
    for line in query.text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            headers[match.group(1)] = match.group(2).strip()
    if "columns" not in headers:
        raise QueryError(f"{query.path}: a gap analysis needs a '#+ columns:' header line")
    columns = []
    for part in headers["columns"].split(";"):
        key, _, label = part.partition("=")
        if not key.strip() or not label.strip():
            raise QueryError(f"{query.path}: bad '#+ columns:' entry {part!r}; expected 'variable=Heading'")
        columns.append(Column(key.strip(), label.strip()))
    chart = None
    if headers.get("chart"):
        kind, *pairs = headers["chart"].split()
        if kind not in ("heatmap", "bars"):
            raise QueryError(f"{query.path}: chart must be heatmap or bars, not {kind!r}")
        chart = ChartSpec(kind, dict(pair.split("=", 1) for pair in pairs))
    sort = tuple(headers.get("sort", "").replace(",", " ").split())
    keys = {c.key for c in columns}
    for key in sort:
        if key.lstrip("-") not in keys:
            raise QueryError(f"{query.path}: '#+ sort:' names {key!r}, which is not one of the columns")
    narrows = tuple(headers.get("narrows", "").replace(",", " ").split())
    params = {p.name for p in query.params}
    for key in narrows:
        if key not in keys or key not in params:
            raise QueryError(f"{query.path}: '#+ narrows:' names {key!r}, which is not both a parameter and a column")
    name = query.name.removeprefix(FOLDER + "/")
    return GapAnalysis(
        name,
        query.title,
        query.description,
        query,
        tuple(columns),
        chart,
        headers.get("empty", "Nothing found."),
        sort,
        narrows,
    )


def analyses(library: QueryLibrary) -> list[GapAnalysis]:
    """Every gap analysis: the queries directly in queries/gaps/ (helpers live in sub-folders)."""
    names = [n for n in library.names() if n.startswith(FOLDER + "/") and n.count("/") == 1]
    found = [parse_analysis(library.get(n)) for n in names]
    return sorted(found, key=lambda a: (ORDER.index(a.name) if a.name in ORDER else len(ORDER), a.name))


def get_analysis(library: QueryLibrary, name: str) -> GapAnalysis:
    """By name: 'coverage_matrix', 'coverage-matrix' or 'gaps/coverage_matrix'."""
    plain = name.removeprefix(FOLDER + "/").replace("-", "_")
    if "/" in plain:
        raise QueryError(f"no gap analysis named {name!r}")
    return parse_analysis(library.get(f"{FOLDER}/{plain}"))


def run_gap(store: GraphStore, library: QueryLibrary, name: str, **params: object) -> GapResult:
    """Run a gap analysis with its parameters (bound as RDF terms, never pasted) and shape the rows.
    Unknown or badly typed parameters raise QueryError naming the parameter."""
    analysis = get_analysis(library, name)
    given = {k: v for k, v in params.items() if v is not None and v != ""}
    rows = library.select(store, analysis.query.name, **given)
    add_missing_labels(store, library, rows, analysis.columns)
    shaped = [shape_row(row, analysis.columns) for row in rows]
    if analysis.sort:
        sort_rows(shaped, analysis.sort)
    for column in analysis.columns:
        if column.key == "questions":  # a GROUP_CONCAT of numbers comes in any order
            for row in shaped:
                if isinstance(row.get(column.key), str):
                    row[column.key] = ", ".join(sorted(row[column.key].split(", "), key=_natural))
    chart = make_chart(analysis, shaped) if shaped else None
    return GapResult(
        analysis.name, analysis.title, list(analysis.columns), shaped, chart, {k: str(v) for k, v in given.items()}
    )


def add_missing_labels(store: GraphStore, library: QueryLibrary, rows: list[Row], columns: tuple[Column, ...]) -> None:
    """Give every node in a shown column without a `<key>Label` its English name (else any name), in
    one query for the distinct nodes of the result (a few hundred at most), not once per joined row."""
    wanted = [c.key for c in columns]
    nodes = {
        row[key].value
        for row in rows
        for key in wanted
        if isinstance(row.get(key), NamedNode) and key + "Label" not in row
    }
    if not nodes:
        return
    names: dict[str, Literal] = {}
    for found in library.select(store, LABELS_QUERY, node=[NamedNode(iri) for iri in sorted(nodes)]):
        label, iri = found["label"], found["node"].value
        if isinstance(label, Literal) and (iri not in names or label.language in ("en", None)):
            names[iri] = label
    for row in rows:
        for key in wanted:
            term = row.get(key)
            if isinstance(term, NamedNode) and key + "Label" not in row and term.value in names:
                row[key + "Label"] = names[term.value]


def sort_rows(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Order shaped rows by the given columns: words alphabetically (any case), numbers and dates in
    order, an empty cell first; a key written "-key" puts the largest first."""
    for key in reversed(keys):  # a stable sort per key, least important first
        column = key.lstrip("-")
        rows.sort(key=lambda row, c=column: _sort_key(row.get(c)), reverse=key.startswith("-"))


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, float(value))
    return (2, cell_text(value).casefold())


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (math.inf, text)  # type: ignore[return-value]


def shape_row(row: Row, columns: tuple[Column, ...]) -> dict[str, Any]:
    shaped: dict[str, Any] = {}
    for column in columns:
        term = row.get(column.key)
        if term is None:
            shaped[column.key] = None
        elif isinstance(term, NamedNode):
            label = row.get(column.key + "Label")
            shaped[column.key] = {"iri": term.value, "label": label.value if label is not None else term.value}
        else:
            shaped[column.key] = literal_value(term)
    return shaped


def literal_value(term: Any) -> Any:
    if not isinstance(term, Literal):
        return str(term.value)
    datatype = term.datatype.value if term.datatype is not None else ""
    kind = _NUMERIC.get(datatype)
    try:
        if kind == "integer":
            return int(term.value)
        if kind == "decimal":
            return round(float(term.value), 3)
    except ValueError:
        return term.value
    if datatype == XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


def median_date(dates: list[str]) -> str | None:
    """The middle of a list of ISO dates (the earlier of the two middle ones for an even count)."""
    if not dates:
        return None
    ordered = sorted(dates)
    return ordered[(len(ordered) - 1) // 2]


def narrow(analysis: GapAnalysis, result: GapResult, chosen: dict[str, str]) -> GapResult:
    """The result for `chosen` parameters (all in `analysis.narrows`, each a node's IRI) from the result
    without them: the rows whose column of that name is the chosen node, the chart made again from them.
    The same rows, in the same order, as running the query with those parameters (tests compare both)."""
    if any(name not in analysis.narrows for name in chosen):
        raise ValueError(f"{analysis.name} cannot be narrowed by {sorted(set(chosen) - set(analysis.narrows))}")
    rows = [
        row
        for row in result.rows
        if all(isinstance(row.get(k), dict) and row[k]["iri"] == iri for k, iri in chosen.items())
    ]
    chart = make_chart(analysis, rows) if rows else None
    return GapResult(
        result.name, result.title, result.columns, rows, chart, {**result.params, **chosen}, result.computed_at
    )


def result_to_json(result: GapResult) -> dict[str, Any]:
    """A result as plain JSON data (stored once per store version and shared by every worker)."""
    chart = result.chart
    return {
        "name": result.name,
        "title": result.title,
        "params": result.params,
        "rows": result.rows,
        "columns": [[c.key, c.label] for c in result.columns],
        "chart": None
        if chart is None
        else {
            "kind": chart.kind,
            "title": chart.title,
            "value_label": chart.value_label,
            "groups": [asdict(group) for group in chart.groups],
        },
    }


def result_from_json(data: dict[str, Any]) -> GapResult:
    chart = None
    if data["chart"] is not None:
        spec = data["chart"]
        if spec["kind"] == "heatmap":
            groups: list[Any] = [
                HeatGroup(
                    g["title"],
                    g["columns"],
                    [HeatRow(r["label"], [HeatCell(**c) for c in r["cells"]]) for r in g["rows"]],
                    g["gaps"],
                )
                for g in spec["groups"]
            ]
        else:
            groups = [BarGroup(g["title"], [Bar(**b) for b in g["bars"]], g["shown_of"]) for g in spec["groups"]]
        chart = Chart(spec["kind"], spec["title"], spec["value_label"], groups)
    return GapResult(
        data["name"],
        data["title"],
        [Column(k, label) for k, label in data["columns"]],
        data["rows"],
        chart,
        data["params"],
    )


@dataclass(frozen=True)
class Paging:
    number: int  # this page, from 1
    count: int  # pages in all
    first_row: int  # this page's first and last row, counted from 1 over the whole result
    last_row: int
    total_rows: int


def page_of(
    analysis: GapAnalysis, result: GapResult, number: int, rows_per_page: int | None = None
) -> tuple[GapResult, Paging]:
    """One page of a result for the HTML view, its chart made again from that page's rows. Rows of one
    group (the chart's `group=` column, e.g. a council) are never split across pages. A page number past
    the last raises ValueError."""
    rows_per_page = rows_per_page or ROWS_PER_PAGE
    key = analysis.chart.options.get("group") if analysis.chart else None
    pages: list[list[dict[str, Any]]] = [[]]
    for members in grouped(result.rows, key).values() if key else [[row] for row in result.rows]:
        if pages[-1] and len(pages[-1]) + len(members) > rows_per_page:
            pages.append([])
        pages[-1].extend(members)
    if not 1 <= number <= len(pages):
        raise ValueError(
            f"there {'is' if len(pages) == 1 else 'are'} {len(pages)} "
            f"page{'s' if len(pages) != 1 else ''} of results, not page {number}"
        )
    if len(pages) == 1:
        return result, Paging(1, 1, 1, len(result.rows), len(result.rows))
    rows = pages[number - 1]
    first = sum(len(page) for page in pages[: number - 1]) + 1
    chart = make_chart(analysis, rows) if rows else None
    shown = GapResult(result.name, result.title, result.columns, rows, chart, result.params, result.computed_at)
    return shown, Paging(number, len(pages), first, first + len(rows) - 1, len(result.rows))
