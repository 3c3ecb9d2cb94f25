"""'My child': a personal map from age, area and needs, with nothing stored on the server.

The form is a GET form, so the result is an address a family can bookmark or share; the server keeps no
record of it (no session, no cookie, no log line of its own) and asks browsers and caches not to keep it
either. Everything on the map comes from the graph through the navigate/mychild_* queries, with the age,
area and needs bound as RDF terms after they have been checked against the known values.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, make_response, request, url_for

from ..core.area import current_area_slug
from ..core.graph import Graph, get_graph
from ..core.i18n import translate
from ..core.twin import respond, twin_route, wants_json
from .choice import (
    MAX_AGE,
    MIN_AGE,
    NOT_SURE,
    FieldError,
    area_options,
    choice_args,
    describe,
    has_query,
    need_groups,
    parse_choice,
)
from .map_builder import MapBuilder, group_by_sector, text_of
from .personal_map import SECTIONS, build_map
from .print_view import mychild_print

mychild = Blueprint("mychild", __name__)

PER_PAGE = 25


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
    data: dict[str, Any] = {"raw": raw, "errors": errors, "not_sure": NOT_SURE, "min_age": MIN_AGE, "max_age": MAX_AGE}
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
        response = make_response(
            respond(
                "mychild/mychild.html",
                title=translate("Error: My child"),
                result=None,
                **form_data(graph, raw, errors, options=False),
            )
        )
        response.status_code = 400
        return response
    return respond(
        "mychild/mychild.html",
        title=translate("My child: {who}", who=describe(choice)),
        result=build_map(graph, choice),
        **form_data(graph, raw, [], options=False),
    )


@twin_route(mychild, "/my-child/print")
def print_page() -> Any:
    """'Print or save this list': the whole result as one plain page (the choice stays in the address)."""
    graph = get_graph()
    choice, errors, _raw = parse_choice(graph)
    if choice is None:
        said = (translate("The '{name}' parameter: {message}", name=e.field, message=e.message) for e in errors)
        abort(400, "; ".join(said))
    found = mychild_print(graph, choice)
    return respond("core/print_list.html", title=found.title, list=found)


@twin_route(mychild, "/my-child/<section>")
def section(section: str) -> Any:
    """Every item of one section of the map, paged: where the map's "see all" links lead."""
    if section not in SECTIONS:
        abort(404, translate("There is no such part of the map."))
    graph = get_graph()
    choice, errors, _raw = parse_choice(graph)
    if choice is None:
        said = (translate("The '{name}' parameter: {message}", name=e.field, message=e.message) for e in errors)
        abort(400, "; ".join(said))
    page_number = _page()
    builder = MapBuilder(graph, choice)
    items: list[Any]
    if section in ("without-assessment", "with-assessment"):
        rows = builder.services()
        wanted = "true" if section == "with-assessment" else "false"
        rows = [r for r in rows if (text_of(r, "needsAssessment") or "false") == wanted]
        builder.name_rows(rows, [], [])
        rows = builder.sort_services(rows)
        chunk = rows[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
        items = group_by_sector([builder.service_item(r) for r in chunk])
    elif section == "settings":
        rows = builder.settings()
        builder.name_rows([], rows, [])
        rows = builder.sort_settings(rows)
        items = [builder.setting_item(r) for r in rows[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]]
    else:
        rows = builder.pathways()
        builder.name_rows([], [], rows)
        views = builder.pathway_views(rows, {})
        rows = views
        items = views[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    total = len(rows)
    if page_number > 1 and not items:
        abort(404, translate("There are not that many pages."))
    return respond(
        "mychild/mychild_section.html",
        title=translate(SECTIONS[section]),
        section=section,
        heading=translate(SECTIONS[section]),
        who=describe(choice),
        choice=choice_args(choice),
        items=items,
        count=total,
        page=page_number,
        pages=max(1, -(-total // PER_PAGE)),
        back=url_for("mychild.page", **choice_args(choice)),
    )


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        abort(400, translate("The 'page' parameter must be a whole number from 1."))
    return int(raw)
