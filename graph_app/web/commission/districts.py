"""District drill-down for commissioners (/gaps/districts): open-access services for a need and age band,
district by district, district services and council-wide services in separate columns, with a map of the
districts beside the table; every number links to the services behind it (/gaps/districts/services).

Every choice is a slug checked against the graph's own councils, districts, needs and age bands (a bad
one is a 400 naming the parameter) and is bound into the queries as an IRI, never pasted. The analysis
itself is worked out once per store version (graph_app/gaps/districts.py) and narrowed here.

A page never works the analysis out itself (seconds of CPU at national scale): the rows are kept with the
other gap results for every worker process (graph_app/gaps/district_results.py), worked out by the
warm-up for both 'cover' choices. A page that comes first (just after a build or a publish) starts that
work in the background and answers at once with a 503 that says the figures are being worked out, with a
Retry-After header and a link to reload (no script needed). 503 rather than 200: it is not the page asked
for, so no browser, proxy or cache may keep it as if it were (caches keep 200s; core/page_cache.py keeps
nothing else either, should these pages join it), and a script or monitor reading the page or its JSON twin
sees a status it knows to retry, and when, instead of taking "being worked out" for the figures. With the warm-up
off (WARM_GAPS false: tests, one-off tools) nothing works it out in the background, so the page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, current_app, has_request_context, make_response, request, url_for

from ...gaps import district_shapes
from ...gaps.district_results import earlier_rows, ready_rows, work_out_every_cover, work_out_rows
from ...gaps.districts import (
    District,
    coverage_analysis,
    districts,
    gaps_per_district,
    local_gaps_per_district,
    narrow_rows,
    neighbours,
    services_behind,
)
from ...slugs import SLUG
from ..core.graph import Graph, get_graph
from ..core.i18n import translate
from ..core.links import node_url
from ..core.twin import respond, twin_route, wants_json
from .choices import (
    FIXED_CHOICES,
    Option,
    earlier_notice,
    options,
    page_begins,
    page_ends,
    showing_earlier_figures,
    work_out_after_this_page,
)
from .page_exports import district_page_links, district_zip

gap_districts = Blueprint("gap_districts", __name__)
RETRY_AFTER_S = 5  # the query takes 1 to 3 s of CPU at scale factors 1 to 30 (bench/results/gap_districts.md)


@dataclass(frozen=True)
class MapArea:
    """One district on the map: its outline, its number, its shade and where its number links."""

    label: str
    path: str
    x: float
    y: float
    value: int
    level: int  # 0: none (hatched), 1..3 lighter to darker
    href: str
    description: str


def _all_districts(graph: Graph) -> list[District]:
    return graph.memo("gaps:districts:list", lambda: districts(graph.store, graph.library))


def _warming() -> bool:
    return bool(current_app.config.get("WARM_GAPS", not current_app.testing))


def _rows(graph: Graph, cover: str = "any", earlier_ok: bool = False) -> list[dict[str, Any]] | None:
    """Every district row for this store version and 'cover' choice ("most" counts a service for an age band
    only where its ages cover most of it), or None while they are being worked out in the background.
    With `earlier_ok` (the page, which then says so: choices.earlier_notice) the rows of the version before
    the latest change stand in meanwhile, if kept, as for the other analyses (choices.run_analysis)."""
    store = graph.store
    if not _warming():
        return work_out_rows(graph, store, cover)
    rows = ready_rows(graph, store, cover)
    if rows is None:
        work_out_after_this_page(f"districts-{cover}", lambda: work_out_rows(graph, graph.store, cover))
        rows = earlier_rows(graph, store, cover) if earlier_ok else None
        if rows is not None:
            showing_earlier_figures()
    return rows


def _being_worked_out(page: dict[str, Any] | None) -> Response:
    """The page (or its JSON twin; plain text for a download, `page` None) saying the figures are being
    worked out, with a link to reload it."""
    again = request.full_path.rstrip("?")
    message = translate(
        "The figures for this page are being worked out for the latest data. This takes a few seconds: "
        "reload the page to see them."
    )
    if page is None:
        response = Response(message + "\n", mimetype="text/plain")
    elif wants_json():
        response = make_response(
            respond("", status="being worked out", message=message, retry_after=RETRY_AFTER_S, url=again)
        )
    else:
        html = respond("commission/gap_districts.html", **page, pending=message, reload_url=again)
        response = make_response(html)
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    response.headers["Cache-Control"] = "no-store"
    return response


def _cover() -> str:
    """The page's 'cover' choice (any overlap, the default, or most of the band); anything else is a 400."""
    raw = (request.args.get("cover") or "any").strip()
    allowed = [o.slug for o in FIXED_CHOICES["cover"]]
    if raw not in allowed:
        abort(
            400,
            description=translate(
                "Parameter '{name}': it can only be {allowed}.", name="cover", allowed=", ".join(map(repr, allowed))
            ),
        )
    return raw


@gap_districts.url_defaults
def _keep_cover(endpoint: str, values: dict[str, Any]) -> None:
    """Every link between the district pages keeps the 'most of the band' choice, so a figure opens the
    services it counted."""
    if "cover" not in values and has_request_context() and request.args.get("cover") == "most":
        values["cover"] = "most"


@gap_districts.record_once
def _warm_with_the_other_analyses(state: Any) -> None:
    state.app.extensions.setdefault("gap_warm_extras", []).append(work_out_every_cover)


gap_districts.before_request(page_begins)  # the warm-up gives way to these pages too (choices.page_begins)
gap_districts.teardown_request(page_ends)


@gap_districts.before_request
def _warmer_running() -> None:
    """A server that forks workers after creating the app (gunicorn --preload) has no thread in them."""
    if _warming():
        current_app.extensions["gap_warmer"].ensure()


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _choose(name: str, choices: list[Option], what: str) -> Option | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    match = next((o for o in choices if o.slug == raw), None) if SLUG.match(raw) else None
    if match is None:
        abort(
            400,
            description=translate(
                "Parameter '{name}': {value} is not one of the {what}.", name=name, value=repr(raw[:60]), what=what
            ),
        )
    return match


def _level(value: int, top: int) -> int:
    """0 for none; otherwise 1 to 3 by thirds of the largest figure shown (so the shades always spread)."""
    if value <= 0:
        return 0
    return min(3, 1 + (3 * (value - 1)) // max(top, 1))


@twin_route(gap_districts, "/gaps/districts")
def district_coverage() -> Any:
    graph = get_graph()
    choices = options(graph)
    every = _all_districts(graph)
    with_districts = [o for o in choices["area"] if any(d.council == o.iri for d in every)]
    council = _choose("area", with_districts, translate("councils with districts"))
    need = _choose("need", choices["need"], translate("needs"))
    age = _choose("age_band", choices["age_band"], translate("age bands"))
    only_none = (request.args.get("show") or "").strip()
    if only_none not in ("", "none"):
        abort(400, description=translate("Parameter 'show': it can only be 'none' (the districts with none)."))
    page: dict[str, Any] = {
        "title": translate("Open-access services by district"),
        "analysis": coverage_analysis(graph.library),
        "councils": [
            {
                "slug": o.slug,
                "label": o.label,
                "url": url_for(
                    ".district_coverage",
                    area=o.slug,
                    need=need.slug if need else None,
                    age_band=age.slug if age else None,
                ),
            }
            for o in with_districts
        ],
        "council": council,
        "need": need,
        "age": age,
        "show_none": only_none == "none",
        "needs": choices["need"],
        "ages": choices["age_band"],
        "attribution": district_shapes.ATTRIBUTION,
        "source_url": district_shapes.SOURCE_URL,
        "licence_url": district_shapes.LICENCE_URL,
    }
    if council is None:
        return respond("commission/gap_districts.html", **page)
    mine = [d for d in every if d.council == council.iri]
    cover = _cover()
    page["cover"] = cover
    page["cover_options"] = [Option(o.slug, o.iri, translate(o.label)) for o in FIXED_CHOICES["cover"]]
    every_row = _rows(graph, cover=cover, earlier_ok=True)
    if every_row is None:
        return _being_worked_out(page)  # the form keeps the choices; its figures come on reload
    page["earlier"] = earlier_notice(graph)  # figures from before the latest change, labelled
    rows = narrow_rows(every_row, {"area": council.iri})
    district = _choose("district", [Option(_slug(d.iri), d.iri, d.label) for d in mine], translate("districts"))
    page.update(district_page_links({"area": council, "district": district, "need": need, "age_band": age}, cover))
    if need is not None and age is not None:
        page.update(_cell_view(graph, council, need, age, mine, rows, only_none == "none"))
    elif district is not None:
        page.update(_district_view(council, district, rows, only_none == "none"))
    else:
        page.update(_overview(council, mine, rows))
    return respond("commission/gap_districts.html", **page)


def _services_url(place: str, need: Option, age: Option, specialist: bool = False) -> str:
    access = "specialist" if specialist else None  # open access is the default
    return url_for(".services", place=_slug(place), need=need.slug, age_band=age.slug, access=access)


def _cell_view(
    graph: Graph,
    council: Option,
    need: Option,
    age: Option,
    mine: list[District],
    rows: list[dict[str, Any]],
    only_none: bool,
) -> dict[str, Any]:
    """One need and age band: a row per district with its district and council-wide services."""
    rows = narrow_rows(rows, {"need": need.iri, "age_band": age.iri})
    by_district = {r["district"]["iri"]: r for r in rows}
    near = graph.memo("gaps:districts:neighbours", lambda: neighbours(graph.store, graph.library))
    labels = {d.iri: d.label for d in mine}
    table = []
    for d in mine:
        row = by_district.get(d.iri, {})
        local, wide = int(row.get("districtServices") or 0), int(row.get("councilServices") or 0)
        nearby = [
            {
                "label": labels[n],
                "count": int(by_district[n]["districtServices"] or 0),
                "url": _services_url(n, need, age),
            }
            for n in near.get(d.iri, [])
            if n in by_district and n in labels
        ]
        table.append(
            {
                "district": d,
                "href": node_url(d.iri, graph.id_base) or d.iri,
                "local": local,
                "local_url": _services_url(d.iri, need, age),
                "wide": wide,
                "wide_url": _services_url(council.iri, need, age),
                "local_specialist": int(row.get("districtSpecialist") or 0),
                "local_specialist_url": _services_url(d.iri, need, age, specialist=True),
                "wide_specialist": int(row.get("councilSpecialist") or 0),
                "wide_specialist_url": _services_url(council.iri, need, age, specialist=True),
                "nearby": [n for n in nearby if n["count"]],
            }
        )
    shown = [t for t in table if t["local"] == 0] if only_none else table
    top = max((t["local"] for t in table), default=0)
    values = {t["district"].code: (t["local"], t["local_url"]) for t in table}
    describe = {t["district"].code: _district_count(t["district"].label, t["local"]) for t in table}
    return {
        "table": shown,
        "none_count": sum(1 for t in table if t["local"] == 0),
        "district_count": len(table),
        "none_url": url_for(".district_coverage", area=council.slug, need=need.slug, age_band=age.slug, show="none"),
        "all_url": url_for(".district_coverage", area=council.slug, need=need.slug, age_band=age.slug),
        "map": _map(mine, values, describe, top),
        "map_value": translate("District services"),
    }


def _overview(council: Option, mine: list[District], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """No need or age chosen: for each district, how many need and age cells have no district service."""
    local = local_gaps_per_district(rows)
    none = gaps_per_district(rows)
    table = [
        {
            "district": d,
            "local_gaps": local.get(d.iri, 0),
            "gaps": none.get(d.iri, 0),
            "local_url": url_for(".district_coverage", area=council.slug, district=_slug(d.iri)),
            "none_url": url_for(".district_coverage", area=council.slug, district=_slug(d.iri), show="none"),
        }
        for d in mine
    ]
    top = max((t["local_gaps"] for t in table), default=0)
    values = {t["district"].code: (t["local_gaps"], t["local_url"]) for t in table}
    describe = {
        t["district"].code: translate(
            "{district}: {count} need and age combinations with no district service",
            district=t["district"].label,
            count=t["local_gaps"],
        )
        for t in table
    }
    return {
        "overview": table,
        "map": _map(mine, values, describe, top),
        "map_value": translate("Needs and ages with no district service"),
    }


def _district_view(council: Option, district: Option, rows: list[dict[str, Any]], only_none: bool) -> dict[str, Any]:
    """One district, no need or age chosen: the need and age band combinations it has no district service
    for (the overview's number), or, with show=none, none at all (no council-wide open-access one either)."""
    rows = narrow_rows(rows, {"district": district.iri})
    if only_none:
        rows = [r for r in rows if not r["districtServices"] and not r["councilServices"]]
    else:
        rows = [r for r in rows if not r["districtServices"]]
    listed = []
    for r in rows:
        need = Option(_slug(r["need"]["iri"]), r["need"]["iri"], r["need"]["label"])
        age = Option(_slug(r["age_band"]["iri"]), r["age_band"]["iri"], r["age_band"]["label"])
        listed.append(
            {
                "need": need,
                "age": age,
                "cell_url": url_for(".district_coverage", area=council.slug, need=need.slug, age_band=age.slug),
                "wide": int(r["councilServices"] or 0),
                "wide_url": _services_url(council.iri, need, age),
                "specialist": int(r["districtSpecialist"] or 0),
                "specialist_url": _services_url(district.iri, need, age, specialist=True),
            }
        )
    return {
        "district": district,
        "gap_rows": listed,
        "back_url": url_for(".district_coverage", area=council.slug),
    }


def _district_count(district: str, count: int) -> str:
    """The words for a district's figure on the map (its name, title and link)."""
    if count == 0:
        return translate("{district}: no district services", district=district)
    if count == 1:
        return translate("{district}: 1 district service", district=district)
    return translate("{district}: {count} district services", district=district, count=count)


def _map(
    mine: list[District], values: dict[str, tuple[int, str]], describe: dict[str, str], top: int
) -> dict[str, Any]:
    drawn = district_shapes.district_map(tuple(d.code for d in mine))
    areas = []
    for d in mine:
        shape = drawn.shapes.get(d.code)
        if shape is None:
            continue
        value, href = values[d.code]
        areas.append(
            MapArea(
                d.label, shape.path, shape.centre[0], shape.centre[1], value, _level(value, top), href, describe[d.code]
            )
        )
    return {
        "width": drawn.width,
        "height": drawn.height,
        "areas": areas,
        "top": top,
        "missing": [d.label for d in mine if d.code not in drawn.shapes],
    }


@gap_districts.get("/gaps/districts.zip")
def districts_zip() -> Any:
    """The district page's table as a ZIP (CSV, CSV on the Web metadata, README) with the same choices; every
    council's districts when no council is chosen."""
    graph = get_graph()
    choices = options(graph)
    every = _all_districts(graph)
    with_districts = [o for o in choices["area"] if any(d.council == o.iri for d in every)]
    chosen = {
        "area": _choose("area", with_districts, translate("councils with districts")),
        "need": _choose("need", choices["need"], translate("needs")),
        "age_band": _choose("age_band", choices["age_band"], translate("age bands")),
    }
    council = chosen["area"]
    mine = [d for d in every if council is None or d.council == council.iri]
    listed = [Option(_slug(d.iri), d.iri, d.label) for d in mine]
    chosen["district"] = _choose("district", listed, translate("districts"))
    cover = _cover()
    rows = _rows(graph, cover=cover)
    if rows is None:
        return _being_worked_out(None)
    return district_zip(graph, {k: v for k, v in chosen.items() if v is not None}, rows, cover)


@twin_route(gap_districts, "/gaps/districts/services")
def services() -> Any:
    """The services behind one figure: a district's own, or a council's council-wide ones."""
    graph = get_graph()
    choices = options(graph)
    every = _all_districts(graph)
    places = [Option(_slug(d.iri), d.iri, d.label) for d in every] + choices["area"]
    place = _choose("place", places, translate("districts or councils"))
    need = _choose("need", choices["need"], translate("needs"))
    age = _choose("age_band", choices["age_band"], translate("age bands"))
    access = (request.args.get("access") or "open").strip()
    if access not in ("open", "specialist"):
        abort(400, description=translate("Parameter 'access': it can only be 'open' or 'specialist'."))
    missing = [n for n, v in (("place", place), ("need", need), ("age_band", age)) if v is None]
    if missing:
        abort(400, description=translate("Missing parameter: {names}.", names=", ".join(missing)))
    assert place is not None and need is not None and age is not None
    specialist = access == "specialist"
    found = services_behind(graph.store, graph.library, place.iri, need.iri, age.iri, specialist, _cover())
    district = next((d for d in every if d.iri == place.iri), None)
    council_iri = district.council if district else place.iri
    council = next((o for o in choices["area"] if o.iri == council_iri), None)
    back = url_for(".district_coverage", area=council.slug, need=need.slug, age_band=age.slug) if council else None
    wide_url = _services_url(council_iri, need, age, specialist) if district and council else None
    other_url = _services_url(place.iri, need, age, not specialist)
    nearest = _nearest(graph, district, need, age, specialist) if district and not found else ([], None)
    nearby, wide = nearest or ([], None)
    return respond(
        "commission/gap_district_services.html",
        title=translate("Open-access services behind the figure"),
        place=place,
        is_district=district is not None,
        specialist=specialist,
        other_url=other_url,
        need=need,
        age=age,
        back=back,
        wide_url=wide_url,
        wide_count=wide,
        nearby=nearby,
        nearest_pending=nearest is None,
        services=[{"iri": iri, "label": label, "url": node_url(iri, graph.id_base) or iri} for iri, label in found],
    )


def _nearest(
    graph: Graph, district: District, need: Option, age: Option, specialist: bool
) -> tuple[list[dict[str, Any]], int | None] | None:
    """For a district with none: its neighbouring districts of the same council that have some for the same
    need and age band (lo:adjacentTo), and how many council-wide services there are, from the stored district
    rows (None while those are being worked out: the list itself is one quick bound query and is shown)."""
    every_row = _rows(graph, cover=_cover())
    if every_row is None:
        return None
    rows = narrow_rows(every_row, {"need": need.iri, "age_band": age.iri})
    local_key, wide_key = (
        ("districtSpecialist", "councilSpecialist") if specialist else ("districtServices", "councilServices")
    )
    by_district = {r["district"]["iri"]: r for r in rows}
    near = graph.memo("gaps:districts:neighbours", lambda: neighbours(graph.store, graph.library))
    found = []
    for iri in near.get(district.iri, []):
        row = by_district.get(iri)
        if row and row[local_key] and row["area"]["iri"] == district.council:  # the same council, as the table
            found.append(
                {
                    "label": row["district"]["label"],
                    "count": int(row[local_key]),
                    "url": _services_url(iri, need, age, specialist),
                }
            )
    own = by_district.get(district.iri)
    return found, int(own[wide_key]) if own else None


@gap_districts.app_context_processor
def district_links() -> dict[str, object]:
    """`district_drill_down(params)` for the council-level pages: a link per council with districts,
    carrying the need and age band already chosen there."""

    def district_drill_down(fields: list[Any] | None = None) -> list[dict[str, str]]:
        graph = get_graph()
        councils = {d.council for d in _all_districts(graph)}
        chosen = {f.name: f.value for f in fields or []}
        keep = {k: chosen[k] for k in ("need", "age_band") if chosen.get(k)}
        return [
            {"label": o.label, "url": url_for("gap_districts.district_coverage", area=o.slug, **keep)}
            for o in options(graph)["area"]
            if o.iri in councils
        ]

    return {"district_drill_down": district_drill_down}
