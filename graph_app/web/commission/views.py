"""Gap analyses for commissioners (/gaps), each with a form, a table, a chart and CSV and JSON downloads,
and a printable joint commissioning report per council (/gaps/report/<council>).

The queries and the shaping live in graph_app/gaps/; this module only reads and checks the
parameters from the address, which are chosen from the graph's own councils, needs and age bands, so
anything else is refused with a 400 that names the parameter.

Results are worked out once per store version for all worker processes (graph_app/gaps/stored_results.py) and
kept in each process's memory after that. A background thread in every process notices a new store
version (at start-up, after a rebuild or a published edit, whichever worker published it) within
WARM_POLL_S and works out every analysis for all councils, needs and ages; a council's, need's or age
band's rows are then picked from those (`#+ narrows:`, graph_app/gaps/analysis.py), so a report or a chosen
council costs no query. A request that arrives before its result is ready waits for it (for the
process already computing it, never computing it twice) rather than being shown the previous version's
figures: commissioners act on these tables, a wait of a few seconds just after a change is rare (the
warm-up has usually finished), and one answer for one version needs no "as of" caveat.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from flask import Response, abort, current_app, request, url_for

from ...gaps.analysis import (
    GapAnalysis,
    GapResult,
    Paging,
    analyses,
    get_analysis,
    median_date,
    page_of,
)
from ...gaps.row_words import ROW_WORDS
from ...queries import QueryError
from ...slugs import SLUG
from ..core.graph import Graph, get_graph
from ..core.i18n import translate, translate_plural
from ..core.links import node_url
from ..core.twin import respond, twin_route, wants_json
from . import exports
from .average_words import average_words
from .change_since import heat_marks
from .choices import (
    FIELD_LABELS,
    FIXED_CHOICES,
    FIXED_LABELS,
    earlier_notice,
    form_fields,
    gaps,
    options,
    read_params,
    run_analysis,
)
from .editor_link import editor_link
from .names import fields_in_reader_language, in_reader_language, names_for
from .out_of_date import out_of_date_report
from .over_time import analysis_extras, change_json_for, extras_json
from .report_summary import per_10000_for_report, report_summary, summary_json
from .trends import trends_for, trends_json

log = logging.getLogger(__name__)


@gaps.before_request
def _warmer_running() -> None:
    """A server that forks workers after creating the app (gunicorn --preload) has no thread in them."""
    if current_app.config.get("WARM_GAPS", not current_app.testing):
        current_app.extensions["gap_warmer"].ensure()


def _analysis_or_404(name: str) -> GapAnalysis:
    graph = get_graph()
    if not SLUG.match(name):
        abort(404)
    try:
        return get_analysis(graph.library, name)
    except QueryError:
        abort(404, description=translate("There is no gap analysis called {name}.", name=repr(name)))


@gaps.context_processor
def link_helpers() -> dict[str, object]:
    id_base = get_graph().id_base

    def node_href(iri: str) -> str:
        """A record's page here; an outside address (such as legislation.gov.uk) as it is."""
        return node_url(iri, id_base) or iri

    return {"node_href": node_href, "gap_row_words": ROW_WORDS}


@twin_route(gaps, "/gaps")
def index() -> Response | str:
    graph = get_graph()
    listed = [
        {
            "name": a.slug,
            "title": a.title,
            "description": a.description,
            "url": url_for("gaps.analysis", name=a.slug),
            "parameters": a.param_names,
        }
        for a in analyses(graph.library)
    ]
    councils = [
        {"slug": o.slug, "label": o.label, "url": url_for("gaps.report", council=o.slug)}
        for o in options(graph)["area"]
    ]
    return respond(
        "commission/gaps_index.html",
        title=translate("Gap analyses for joint commissioning"),
        analyses=listed,
        councils=councils,
    )


@gaps.get("/gaps/<name>")
@gaps.get("/gaps/<name>.json", endpoint="analysis_json")
def analysis(name: str) -> Response | str:
    graph = get_graph()
    gap = _analysis_or_404(name)
    bound, typed = read_params(graph, gap, request.args)
    result = run_analysis(graph, gap, bound, earlier_ok=True)  # the page labels figures from before a change
    earlier = earlier_notice(graph)  # figures from before the latest change, while the new ones are worked out
    downloads = {
        kind: url_for(f"gaps.analysis_{kind}", name=gap.slug, **{k: v for k, v in typed.items() if v})
        for kind in ("csv", "json", "zip")
    }
    if wants_json():
        meta = export_context(graph, gap, typed, result).as_json()  # the same facts as the downloads carry
        change = change_json_for(gap, bound, result)  # ?since=: not kept with the result (the snapshots are private)
        extras = extras_json(graph, gap, bound)  # trend lines, searches: private figures, never kept with it
        if earlier is not None:  # never kept as this version's body
            return respond("", **result_json(gap, result, downloads), metadata=meta, updating=earlier, **extras)
        if change is not None:
            return respond("", **result_json(gap, result, downloads), metadata=meta, change_since=change, **extras)
        response = _json_response(
            graph, gap, bound, typed, lambda: respond("", **result_json(gap, result, downloads), metadata=meta)
        )
        return _with_fields(response, extras)
    shown, paging = _page(gap, result)
    extras = analysis_extras(graph, gap, bound, typed, result, shown)  # change since, trend, searches
    named = in_reader_language(graph, gap, shown)  # the downloads keep the stored English names
    return respond(
        "commission/gaps_analysis.html",
        title=translate(gap.title),
        gap=gap,
        result=named,
        heat_marks=heat_marks(gap, named.rows, extras["change"]),
        paging=paging,
        fields=fields_in_reader_language(graph, form_fields(graph, gap, typed)),
        downloads=downloads,
        population_note=_population_note(gap, result),
        editor_href=editor_link(gap, bound),
        earlier=earlier,
        **extras,
    )


def _page(gap: GapAnalysis, result: GapResult) -> tuple[GapResult, Paging]:
    """The page of the HTML table asked for (?page=N); the JSON and CSV twins always hold every row."""
    raw = request.args.get("page", "1").strip()
    if not raw.isdigit() or len(raw) > 6:
        abort(400, description=translate("Parameter 'page': {value} is not a page number.", value=repr(raw[:60])))
    try:
        return page_of(gap, result, int(raw))
    except ValueError:
        pages = page_of(gap, result, 1)[1].count
        abort(
            400,
            description=translate_plural(
                "Parameter 'page': there is {count} page of results, not page {number}.",
                "Parameter 'page': there are {count} pages of results, not page {number}.",
                pages,
                number=int(raw),
            ),
        )


def _json_response(graph: Graph, gap: GapAnalysis, bound: dict[str, str], typed: dict[str, str], make: Any) -> Response:
    """The JSON twin, its body kept with the result: turning every council's 34,500 rows into JSON took
    longer than reading the stored result. Keyed by the checked parameters only, never the raw address."""
    if "as_of" in bound:
        return make()
    day = date.today()  # the body says the day it was made (metadata.exported), and some analyses count from today
    key = f"gaps-json-body|{gap.name}|{day}|{request.host_url}|{sorted(bound.items())}|{sorted(typed.items())}"
    body = graph.memo(key, lambda: make().get_data())
    response = Response(body, mimetype="application/json")
    response.vary.add("Accept")
    return response


def _with_fields(response: Response, fields: dict[str, Any]) -> Response:
    """The kept JSON body (one object) with more fields added at its end, without parsing it again: the
    body of every council's rows is megabytes, the trend and searches a few hundred bytes."""
    if not fields:
        return response
    body = response.get_data().rstrip()
    assert body.endswith(b"}"), "a JSON twin is one object"
    added = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))[1:]
    response.set_data(body[:-1] + (b"," if body != b"{}" else b"") + added.encode("utf-8"))
    return response


def _export(name: str) -> tuple[GapAnalysis, GapResult, exports.ExportContext]:
    graph = get_graph()
    gap = _analysis_or_404(name)
    _bound, typed = read_params(graph, gap, request.args)
    result = run_analysis(graph, gap, _bound)
    return gap, result, export_context(graph, gap, typed, result)


def export_context(graph: Graph, gap: GapAnalysis, typed: dict[str, str], result: GapResult) -> exports.ExportContext:
    """What a download must say about itself: the page, the choices, the build, today, sample or not."""
    choices = options(graph)
    filters = []
    for name in [n for n in FIELD_LABELS if n in gap.param_names]:  # area, need, age band, months, date
        value = typed.get(name)
        if not value:
            continue
        chosen = next((o for o in choices.get(name, []) if o.slug == value), None)
        label = FIELD_LABELS.get(name, (name, ""))[0]
        filters.append(
            exports.Filter(name, label, chosen.label if chosen else value, value, chosen.iri if chosen else None)
        )
    for name in [n for n in FIXED_CHOICES if n in gap.param_names and typed.get(n)]:  # when a record counts, settings
        fixed = next(o for o in FIXED_CHOICES[name] if o.slug == typed[name])  # read_params let only these through
        filters.append(exports.Filter(name, FIXED_LABELS[name][0], fixed.label, fixed.slug))
    build = graph.memo("gaps:build", lambda: graph.library.select(graph.store, "gaps/report/build_date"))
    found = build[0] if build else {}
    sample = graph.memo("has_sample", lambda: graph.library.ask(graph.store, "navigate/has_sample_data"))
    return exports.ExportContext(
        analysis=gap.slug,
        title=gap.title,
        description=gap.description,
        source=url_for("gaps.analysis", name=gap.slug, _external=True, **{k: v for k, v in typed.items() if v}),
        build_id=found["buildId"].value if "buildId" in found else graph.store.version(),
        built=found["built"].value if "built" in found else None,
        exported=date.today(),
        sample_data=bool(sample),
        population_is_sample=_population_note(gap, result),
        filters=tuple(filters),
    )


def _chosen(context: exports.ExportContext) -> dict[str, str]:
    """The checked choices as address parameters (never the raw address)."""
    return {f.name: f.value for f in context.filters}


@gaps.get("/gaps/<name>.csv")
def analysis_csv(name: str) -> Response:
    """The table only, with a byte-order mark; its CSVW metadata is linked from the Link header."""
    gap, result, context = _export(name)
    response = Response(exports.csv_text(result).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{exports.filename(context)}"'
    metadata = url_for("gaps.analysis_csv_metadata", name=gap.slug, **_chosen(context))
    response.headers["Link"] = f'<{metadata}>; rel="describedby"; type="application/csvm+json"'
    return response


@gaps.get("/gaps/<name>.csv-metadata.json")
def analysis_csv_metadata(name: str) -> Response:
    """The CSVW metadata of the .csv download with the same choices."""
    gap, result, context = _export(name)
    csv_url = url_for("gaps.analysis_csv", name=gap.slug, _external=True, **_chosen(context))
    body = json.dumps(exports.csvw_metadata(context, result, csv_url), indent=2, ensure_ascii=False)
    return Response(body.encode("utf-8"), mimetype="application/csvm+json")


@gaps.get("/gaps/<name>.zip")
def analysis_zip(name: str) -> Response:
    """The CSV, its CSVW metadata and a README in one zip (exports.py says why this and not XLSX)."""
    _gap, result, context = _export(name)
    response = Response(exports.zip_bytes(context, result), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{exports.filename(context, "zip")}"'
    return response


def result_json(gap: GapAnalysis, result: GapResult, downloads: dict[str, str]) -> dict[str, Any]:
    return {
        "name": gap.slug,
        "title": gap.title,
        "description": gap.description,
        "query": gap.query.name,
        "parameters": result.params,
        "columns": [{"key": c.key, "label": c.label} for c in result.columns],
        "rows": result.rows,
        "table": result.text_rows(),
        "chart": result.chart,
        "downloads": downloads,
        "empty_message": gap.empty if not result.rows else None,
        "computed_at": result.computed_at,
    }


def _population_note(gap: GapAnalysis, result: GapResult) -> bool:
    """Whether the page must say its population figures are sample ones."""
    return any(row.get("populationIsSample") for row in result.rows)


@gaps.get("/gaps/report/<council>")
@gaps.get("/gaps/report/<council>.json", endpoint="report_json")
def report(council: str) -> Response | str:
    graph = get_graph()
    choice = next((o for o in options(graph)["area"] if o.slug == council), None) if SLUG.match(council) else None
    if choice is None:
        abort(404, description=translate("There is no council called {council}.", council=repr(council[:60])))
    sections = []
    for gap in analyses(graph.library):
        bound = {"area": choice.iri} if "area" in gap.param_names else {}
        result = per_10000_for_report(gap, run_analysis(graph, gap, bound))  # never a rate like 0.005
        sections.append(
            {"gap": gap, "result": result, "filtered": bool(bound), "population_note": _population_note(gap, result)}
        )
    dates = [
        row["reviewed"].value for row in graph.library.select(graph.store, "gaps/report/review_dates", area=choice.iri)
    ]
    build = graph.library.select(graph.store, "gaps/report/build_date")
    built = build[0]["built"].value[:10] if build and "built" in build[0] else None
    facts = {
        "today": date.today().isoformat(),
        "built": built,
        "records_with_review_dates": len(dates),
        "oldest_review": dates[0] if dates else None,
        "median_review": median_date(dates),
    }
    councils = [(o.slug, o.iri, o.label) for o in options(graph)["area"]]
    stale = out_of_date_report(graph, choice.iri, councils)  # core/staleness.py's rule, one query
    facts["out_of_date_records"] = len(stale["records"])
    summary = report_summary(graph, choice.slug, built, date.today())  # the one-page summary, figures kept
    if wants_json():
        return respond(
            "",
            council={"slug": choice.slug, "iri": choice.iri, "label": choice.label},
            **facts,
            summary=summary_json(summary),
            average_name=average_words(graph)["average_heading"],  # what "se7_average_count" is the average of
            trends=trends_json(trends_for(choice.iri)),  # the page's "headline figures over time"
            out_of_date=stale,
            analyses=[
                {
                    "name": s["gap"].slug,
                    "title": s["gap"].title,
                    "filtered_to_council": s["filtered"],
                    "columns": [c.label for c in s["result"].columns],
                    "table": s["result"].text_rows(),
                }
                for s in sections
            ],
        )
    names = names_for(graph, [s["result"] for s in sections])  # the JSON twin above keeps the English names
    for s in sections:
        s["result"] = in_reader_language(graph, s["gap"], s["result"], names)
    return respond(
        "commission/report.html",
        title=translate("Joint commissioning report: {council}", council=choice.label),
        council=choice,
        sections=sections,
        facts=facts,
        out_of_date=stale,
        summary=summary,
    )
