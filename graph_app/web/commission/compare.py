"""Compare councils (/gaps/compare?council=kent&council=surrey): each analysis's headline figure for two
or more chosen councils and the SE7 average, in columns on one screen, as counts and rates per 10,000
children and young people (graph_app/gaps/compare.py works the numbers out). A form of checkboxes
chooses the councils, so the page works without JavaScript; the JSON twin holds the same numbers.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, request

from ...gaps.analysis import analyses
from ...gaps.compare import Council, Row, as_json, compare
from ...slugs import SLUG
from ..core.graph import Graph, get_graph
from ..core.i18n import translate
from ..core.twin import respond, twin_route, wants_json
from .average_words import average_words
from .choices import gaps, options, run_analysis
from .page_exports import compare_links, compare_zip


def councils_with_population(graph: Graph) -> list[Council]:
    """Every council with the latest population figure held for it (None where there is none)."""

    def compute() -> list[Council]:
        held = {row["area"].value: row for row in graph.library.select(graph.store, "gaps/report/population")}
        found = []
        for option in options(graph)["area"]:
            row = held.get(option.iri)
            if row is None:
                found.append(Council(option.slug, option.iri, option.label))
                continue
            sample = row["populationIsSample"].value in ("true", "1")
            found.append(
                Council(option.slug, option.iri, option.label, int(row["population"].value), row["year"].value, sample)
            )
        return found

    return graph.memo("gaps:councils-population", compute)


def headline_table(graph: Graph, chosen: list[Council]) -> list[Row]:
    """The headline rows for the chosen councils, from the stored result of each analysis per council."""
    by_name = {a.name: a for a in analyses(graph.library) if "area" in a.param_names}

    def rows_for(name: str, iri: str) -> list[dict[str, Any]] | None:
        return run_analysis(graph, by_name[name], {"area": iri}).rows

    return compare(chosen, councils_with_population(graph), rows_for, {n: a.title for n, a in by_name.items()})


def chosen_councils(graph: Graph, values: list[str]) -> list[Council]:
    """The councils named by the repeated `council` parameter, in the order given, each once; an unknown
    one is a 400 naming the parameter and the value."""
    every = {c.slug: c for c in councils_with_population(graph)}
    chosen: list[Council] = []
    for raw in values:
        value = raw.strip()
        slug = value.rstrip("/").rsplit("/", 1)[-1] if value.startswith(graph.id_base) else value
        if not SLUG.match(slug) or slug not in every:
            abort(
                400,
                description=translate(
                    "Parameter 'council': {value} is not one of the councils.", value=repr(value[:60])
                ),
            )
        if every[slug] not in chosen:
            chosen.append(every[slug])
    return chosen


@gaps.get("/gaps/compare.zip")
def compare_councils_zip() -> Response:
    """The comparison table as a ZIP (CSV, CSV on the Web metadata, README), for the same councils."""
    graph = get_graph()
    chosen = chosen_councils(graph, request.args.getlist("council"))
    if len(chosen) < 2:
        abort(400, description=translate("Parameter 'council': choose two or more councils to compare."))
    return compare_zip(graph, chosen, headline_table(graph, chosen))


@twin_route(gaps, "/gaps/compare")
def compare_councils() -> Response | str | tuple[Any, int]:
    graph = get_graph()
    chosen = chosen_councils(graph, request.args.getlist("council"))
    every = councils_with_population(graph)
    asked = bool(request.args.getlist("council"))
    if asked and len(chosen) < 2:
        if wants_json():
            abort(400, description=translate("Parameter 'council': choose two or more councils to compare."))
        return _page(every, chosen, [], error=True), 400
    table = headline_table(graph, chosen) if len(chosen) >= 2 else []
    if wants_json():
        average = average_words(graph)["average_heading"]  # the "se7_average" figures' name, from the data
        return respond("", **as_json(chosen, table), average_over=[c.slug for c in every], average_name=average)
    return _page(every, chosen, table)


def _page(every: list[Council], chosen: list[Council], table: list[Row], error: bool = False) -> str:
    return respond(  # type: ignore[return-value]
        "commission/compare.html",
        **(compare_links(chosen, table) if table else {}),
        title=translate("Compare councils"),
        every=every,
        chosen=chosen,
        chosen_slugs={c.slug for c in chosen},
        table=table,
        error=error,
        sample_population=any(c.population_is_sample for c in chosen),
    )
