"""The ZIP download and "open in the query editor with my choices" for the district drill-down and compare
councils pages, as the council-level analyses have them (views.py, exports.py, editor_link.py).

The choices are the checked ones (slugs matched against the graph's own lists by the pages' own readers, a
bad one a 400 naming the parameter); they are bound into the editor's query as a VALUES block by
binding.bind, never pasted, and the ZIP holds the same CSV with byte-order mark, CSV on the Web metadata and
README as every other analysis's ZIP.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, url_for

from ...binding import bind
from ...gaps.analysis import Column, GapAnalysis, GapResult, analyses
from ...gaps.compare import Council, Row
from ...gaps.districts import coverage_analysis, narrow_rows
from ...gaps.rates import number_text, rate_text
from ..core.graph import Graph, get_graph
from ..core.i18n import translate
from . import exports
from .average_words import average_words
from .choices import FIXED_CHOICES, FIXED_LABELS, Option
from .editor_link import EXPLAINED

DISTRICT_PARAMS = ("area", "district", "need", "age_band")


def editor_href(gap: GapAnalysis, bound: dict[str, Any]) -> str:
    """The editor's address with the analysis's query and `bound` (IRIs; one parameter may be a list of
    them, one VALUES row each) and the query's defaults as a VALUES block."""
    terms = gap.query.terms(bound)
    return url_for("sparql.endpoint", query=EXPLAINED + bind(gap.query.text, terms), view="html")


def district_page_links(chosen: dict[str, Option | None], cover: str = "any") -> dict[str, str]:
    """For the district page: its ZIP download and its editor link, with the council, district, need and
    age band chosen there (each an Option the page has already checked) and the cover choice (checked too)."""
    picked = {name: o for name, o in chosen.items() if o is not None and name in DISTRICT_PARAMS}
    graph = get_graph()
    slugs: dict[str, Any] = {name: o.slug for name, o in picked.items()}
    return {
        "zip_url": url_for("gap_districts.districts_zip", **slugs),
        "editor_href": editor_href(
            coverage_analysis(graph.library), {**{name: o.iri for name, o in picked.items()}, "cover": cover}
        ),
    }


def district_zip(graph: Graph, chosen: dict[str, Option], rows: list[dict[str, Any]], cover: str = "any") -> Response:
    """The district rows for the choices (every council's districts when none), as the analyses' ZIP."""
    gap = coverage_analysis(graph.library)
    rows = narrow_rows(rows, {name: o.iri for name, o in chosen.items()})
    result = GapResult(gap.name, gap.title, list(gap.columns), rows, None, {k: o.iri for k, o in chosen.items()})
    labels = {
        "area": translate("Council"),
        "district": translate("District"),
        "need": translate("Need"),
        "age_band": translate("Age band"),
    }
    filters = tuple(
        exports.Filter(name, labels[name], chosen[name].label, chosen[name].slug, chosen[name].iri)
        for name in DISTRICT_PARAMS
        if name in chosen
    )
    if cover != "any":  # the choice that changes every figure, named like the coverage matrix's (views.py)
        label = next(o.label for o in FIXED_CHOICES["cover"] if o.slug == cover)
        filters += (exports.Filter("cover", FIXED_LABELS["cover"][0], label, cover),)
    context = _context(
        graph,
        "open-access-services-by-district",
        translate(gap.title),
        translate(gap.description),
        url_for("gap_districts.district_coverage", _external=True, **{k: o.slug for k, o in chosen.items()}),
        False,
        filters,
    )
    return _zip(context, result)


def compare_zip(graph: Graph, chosen: list[Council], table: list[Row]) -> Response:
    """The compare councils table (each headline figure for the chosen councils and the average, named as
    the pages name it, as counts and rates per 10,000) as the analyses' ZIP."""
    words = average_words(graph)
    columns = [Column("figure", translate("Figure"))]
    for c in chosen:
        columns.append(Column(f"{c.slug}_count", translate("{council}: count", council=c.label)))
        columns.append(Column(f"{c.slug}_per_10000", translate("{council}: per 10,000", council=c.label)))
    columns += [
        Column("average_count", translate("{council}: count", council=words["average_heading"])),
        Column("average_per_10000", translate("{council}: per 10,000", council=words["average_heading"])),
    ]
    rows: list[dict[str, Any]] = []
    for row in table:
        shaped: dict[str, Any] = {"figure": translate(row.headline.label)}
        for c in chosen:
            cell = row.cells[c.slug]
            shaped[f"{c.slug}_count"] = cell.count
            shaped[f"{c.slug}_per_10000"] = rate_text(cell.rate) if row.headline.per_child else ""
        shaped["average_count"] = number_text(round(row.average.count, 1))
        shaped["average_per_10000"] = rate_text(row.average.rate) if row.headline.per_child else ""
        rows.append(shaped)
    result = GapResult("compare_councils", translate("Compare councils"), columns, rows, None)
    context = _context(
        graph,
        "compare-councils",
        translate("Compare councils"),
        translate(
            "The headline figure of each gap analysis for the councils you choose, beside the {average} "
            "(the average of all the councils).",
            average=words["average_name"],
        ),
        url_for("gaps.compare_councils", _external=True, council=[c.slug for c in chosen]),
        any(c.population_is_sample for c in chosen),
        tuple(exports.Filter("council", translate("Council"), c.label, c.slug, c.iri) for c in chosen),
    )
    return _zip(context, result)


def compare_links(chosen: list[Council], table: list[Row]) -> dict[str, Any]:
    """For the compare page: its ZIP download, and per headline figure the editor with that analysis's
    query and the chosen councils bound (one VALUES row each)."""
    graph = get_graph()
    by_name = {a.name: a for a in analyses(graph.library)}
    iris = [c.iri for c in chosen]
    return {
        "zip_url": url_for("gaps.compare_councils_zip", council=[c.slug for c in chosen]),
        "editor_links": [
            {"label": row.headline.label, "href": editor_href(by_name[row.headline.analysis], {"area": iris})}
            for row in table
            if row.headline.analysis in by_name
        ],
    }


def _context(
    graph: Graph,
    analysis: str,
    title: str,
    description: str,
    source: str,
    population_is_sample: bool,
    filters: tuple[exports.Filter, ...],
) -> exports.ExportContext:
    """What the download says about itself, from the same store facts as views.export_context (which this
    module cannot import: views imports the pages that import this one)."""
    build = graph.memo("gaps:build", lambda: graph.library.select(graph.store, "gaps/report/build_date"))
    found = build[0] if build else {}
    sample = graph.memo("has_sample", lambda: graph.library.ask(graph.store, "navigate/has_sample_data"))
    return exports.ExportContext(
        analysis=analysis,
        title=title,
        description=description,
        source=source,
        build_id=found["buildId"].value if "buildId" in found else graph.store.version(),
        built=found["built"].value if "built" in found else None,
        exported=date.today(),
        sample_data=bool(sample),
        population_is_sample=population_is_sample,
        filters=filters,
    )


def _zip(context: exports.ExportContext, result: GapResult) -> Response:
    response = Response(exports.zip_bytes(context, result), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{exports.filename(context, "zip")}"'
    return response
