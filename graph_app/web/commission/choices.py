"""The choices an analysis page reads from its address (councils, needs, age bands, months, a date), checked
against the graph's own lists so anything else is a 400 naming the parameter, and the analysis run with them
(stored once per store version for every process). Shared by every page of the gaps blueprint: the analyses,
the report, its summary and print stylesheet, compare councils and the districts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Response, abort, after_this_request, current_app, g, has_request_context

from ...gaps.analysis import GapAnalysis, GapResult, run_gap
from ...gaps.cached import cached_result, earlier_result, is_stored
from ...queries import QueryError
from ...slugs import SLUG
from ..core.graph import Graph
from ..core.i18n import N_, translate
from ..core.labels import literal_text

gaps = Blueprint("gaps", __name__)  # /gaps and everything under it; its routes are in this package's modules

MONTHS_RANGE = (1, 600)


@dataclass(frozen=True)
class Option:
    slug: str
    iri: str
    label: str


@dataclass(frozen=True)
class Field:
    """One form field: a parameter of the analysis, its question, its choices and the chosen value."""

    name: str
    label: str
    hint: str
    options: list[Option] | None  # None: a text input
    value: str


FIELD_LABELS = {
    "area": (N_("Council"), N_("Leave as 'All councils' to see every council.")),
    "need": (
        N_("Need"),
        N_("Includes narrower needs: choosing a broad area of need counts services for the needs in it."),
    ),
    "age_band": (N_("Age band"), N_("Leave as 'All ages' to count every age from 0 to 25.")),
    "months": (N_("Months since the last review"), N_("A whole number of months, for example 12.")),
    "as_of": (N_("Count back from this date"), N_("For example 2026-11-28. Leave empty to count back from today.")),
}  # English keys: a page shows them through _() (commission/gaps_analysis.html)
ALL_LABELS = {"area": N_("All councils"), "need": N_("All needs"), "age_band": N_("All ages")}
# Choices with a fixed list (not read from the graph), bound as the query's own string or boolean parameter:
# when a record counts for an age band, and whether settings count with the services (coverage matrix)
FIXED_LABELS = {
    "cover": (
        N_("Counts for an age band when"),
        N_(
            "'Any overlap' counts a service for every band its ages touch; 'Most of the band' only where its ages "
            "cover more than half of the band's years, so a service for ages 4 to 16 does not count for 0 to 4."
        ),
    ),
    "settings": (
        N_("Early years settings, schools and colleges"),
        N_("Count settings (special schools among them) with the services, or leave them out."),
    ),
}
FIXED_CHOICES = {
    "cover": [Option("any", "any", N_("Any overlap with the band")), Option("most", "most", N_("Most of the band"))],
    "settings": [Option("false", "false", N_("Leave them out")), Option("true", "true", N_("Count them too"))],
}


def options(graph: Graph) -> dict[str, list[Option]]:
    """The councils, needs and age bands a form offers, once per store version."""

    def compute() -> dict[str, list[Option]]:
        found: dict[str, list[Option]] = {"area": [], "need": [], "age_band": []}
        for row in graph.library.select(graph.store, "gaps/report/councils"):
            found["area"].append(_option(row["area"].value, literal_text(row["areaLabel"])))
        for row in graph.library.select(graph.store, "gaps/report/options"):
            found[row["kind"].value].append(_option(row["option"].value, literal_text(row["optionLabel"])))
        return found

    return graph.memo("gaps:options", compute)


def _option(iri: str, label: str) -> Option:
    return Option(iri.rstrip("/").rsplit("/", 1)[-1], iri, label)


def read_params(graph: Graph, analysis: GapAnalysis, args: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(values for the query, values as typed for the form); a bad value is a 400 naming the parameter."""
    choices = options(graph)
    bound: dict[str, str] = {}
    typed: dict[str, str] = {}
    for name in analysis.param_names:
        raw = (args.get(name) or "").strip()
        typed[name] = raw
        if not raw:
            continue
        if name in FIXED_CHOICES:
            if raw not in {o.slug for o in FIXED_CHOICES[name]}:
                allowed = ", ".join(repr(o.slug) for o in FIXED_CHOICES[name])
                abort(
                    400,
                    description=translate("Parameter '{name}': it can only be {allowed}.", name=name, allowed=allowed),
                )
            bound[name] = raw  # one of a fixed list, bound as the query's own string or boolean parameter
        elif name in choices:
            slug = raw.rstrip("/").rsplit("/", 1)[-1] if raw.startswith(graph.id_base) else raw
            match = next((o for o in choices[name] if o.slug == slug), None) if SLUG.match(slug) else None
            if match is None:
                abort(
                    400,
                    description=translate(
                        "Parameter '{name}': {value} is not one of the {field} choices.",
                        name=name,
                        value=repr(raw[:60]),
                        field=translate(FIELD_LABELS[name][0]).lower(),
                    ),
                )
            bound[name] = match.iri
            typed[name] = match.slug
        elif name == "months":
            if not raw.isdigit() or not MONTHS_RANGE[0] <= int(raw) <= MONTHS_RANGE[1]:
                abort(
                    400,
                    description=translate(
                        "Parameter 'months': {value} is not a whole number of months from {low} to {high}.",
                        value=repr(raw[:60]),
                        low=MONTHS_RANGE[0],
                        high=MONTHS_RANGE[1],
                    ),
                )
            bound[name] = str(int(raw))
        elif name == "as_of":
            try:
                bound[name] = date.fromisoformat(raw).isoformat()
            except ValueError:
                abort(
                    400,
                    description=translate(
                        "Parameter 'as_of': {value} is not a date like 2026-11-28.", value=repr(raw[:60])
                    ),
                )
        else:
            bound[name] = raw  # typed and bound as an RDF term by the query library
    return bound, typed


def form_fields(graph: Graph, analysis: GapAnalysis, typed: dict[str, str]) -> list[Field]:
    choices = options(graph)
    fields = []
    for param in analysis.query.params:
        label, hint = FIELD_LABELS.get(param.name) or FIXED_LABELS.get(param.name) or (param.name, param.description)
        value = typed.get(param.name, "") or ""
        if param.name in ("months", *FIXED_CHOICES) and not value:
            value = param.default or ""
        listed = choices.get(param.name)
        if param.name in FIXED_CHOICES:  # their words are catalogue strings, shown in the reader's language
            listed = [Option(o.slug, o.iri, translate(o.label)) for o in FIXED_CHOICES[param.name]]
        fields.append(Field(param.name, label, hint, listed, value))
    return fields


def run_analysis(graph: Graph, analysis: GapAnalysis, bound: dict[str, str], earlier_ok: bool = False) -> GapResult:
    """The result for these parameters: stored once per store version (and day, for an analysis that
    counts from today) for every process, and narrowed from the result for all where it can be. A chosen
    date is not stored: the stored results are at most councils x needs x ages x months.

    Right after a publish (or a rebuild) the new version's result is not worked out yet. Rather than wait
    for it (1 to 4 s per analysis at national scale), the page shows the previous version's result,
    labelled as from before the latest change (earlier_figures() gives the time for the label), and the
    new one is worked out in the background. Chosen over refreshing only the councils a publish touched:
    several analyses hold figures across councils (the average of all councils, ranks, neighbouring
    districts) and a record can move between councils, so a per-council refresh needs a merge rule per
    analysis, each a new way to be wrong; the previous result is right for the version it names, the
    label says so, and the warm-up replaces it within seconds whatever the analysis.

    Only a page that shows the label asks for that (`earlier_ok`): downloads, snapshots, the report's kept
    figures and comparisons are kept or recorded against the new version, so they wait for its result."""
    store = graph.store  # one store object for the version and the query, even if a publish lands meanwhile
    try:
        if "as_of" in bound:
            return run_gap(store, graph.library, analysis.name, **bound)
        if earlier_ok and _warming() and not is_stored(graph, store, analysis, bound):
            earlier = earlier_result(graph, store, analysis, bound)
            if earlier is not None:
                work_out_after_this_page(
                    f"{analysis.name}-{sorted(bound.items())}",
                    lambda: cached_result(graph, graph.store, analysis, bound),
                )
                showing_earlier_figures()
                return earlier
        return cached_result(graph, store, analysis, bound)
    except QueryError as error:
        abort(400, description=str(error))


def work_out_after_this_page(name: str, job: Callable[[], object]) -> None:
    """Hand a result this page lacks to the warm-up's single worker (GapWarmer.work_out_soon: wanted jobs are
    taken one at a time, in request order, ahead of the warm-up's own list; no thread per page), once the
    page is rendered. Why (issue 20): the job's Python work (thousands of rows turned into the stored result)
    takes turns with the pages' rendering for the one interpreter lock; started at once it doubled the first
    page's time after a publish, and a thread per page put up to 9 jobs beside the pages at scale 30. The
    page shows the earlier figures either way; outside a request it is handed over at once."""
    warmer = current_app.extensions["gap_warmer"]
    if not has_request_context():
        warmer.work_out_soon(name, job)
        return

    @after_this_request  # Flask runs these after the view has returned its rendered page
    def _start(response: Response) -> Response:
        warmer.work_out_soon(name, job)
        return response


@gaps.before_request
def page_begins() -> None:
    """Count this gap page as being served: the warm-up waits for it before its next step (yield_to_pages)."""
    if _warming() and not g.get("_gap_page_counted"):
        current_app.extensions["gap_warmer"].page_started()
        g._gap_page_counted = True


@gaps.teardown_request
def page_ends(_error: BaseException | None = None) -> None:
    if g.pop("_gap_page_counted", False):
        current_app.extensions["gap_warmer"].page_ended()


def earlier_figures() -> bool:
    """Did this request show a result from before the latest change (run_analysis, or the district rows)?"""
    return bool(g.get("gap_earlier_figures"))


def showing_earlier_figures() -> None:
    """Mark this request as showing a result from before the latest change (earlier_notice says so)."""
    g.gap_earlier_figures = True


def _warming() -> bool:
    """The background warm-up runs (off under test unless WARM_GAPS is set): only then is a result from
    before the latest change shown, since only then is the new one sure to follow."""
    return bool(current_app.config.get("WARM_GAPS", not current_app.testing))


def earlier_notice(graph: Graph) -> dict[str, str] | None:
    """What the page says when it shows figures from before the latest change (choices.run_analysis): the
    time of that change (when the live build was made, UTC) and a message; the answer is not to be kept."""
    if not earlier_figures():
        return None

    @after_this_request
    def _not_kept(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response

    build = graph.layout.current()
    changed = datetime.fromtimestamp(build.manifest_path.stat().st_mtime, UTC) if build is not None else None
    at = changed.strftime("%H:%M UTC") if changed is not None else "?"
    message = translate("Figures from before the latest change (at {time}); updating.", time=at)
    detail = translate("Reload this page in a few seconds to see the figures for the latest data.")
    changed_at = changed.isoformat() if changed is not None else ""
    return {"status": "updating", "changed_at": changed_at, "message": message, "detail": detail}
