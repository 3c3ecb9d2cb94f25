"""Search in families' own words (graph_app/search/): the results page with its filters and need-led
panel, its JSON twin, and the autocomplete endpoint. Every filter is a GET parameter, so the page works
without JavaScript; every parameter is checked and a bad one gets a 400 naming it.

The reader's context is the default filter: the council chosen (the `area` parameter, else the area
cookie) and the age and need My child passes as `age` and `need`. Each applied filter is shown as a
removable chip ("Showing Medway · show all SE7", which sets area=all), kept in every link and in the
search form when the words change, and listed with where it came from in the JSON twin."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from flask import Blueprint, abort, jsonify, request, url_for
from markupsafe import Markup, escape
from pyoxigraph import NamedNode

from ...namespaces import KINDS
from ...search import Filters, Hit, SearchIndex
from ...search.text import stem, words
from ..core.area import council_names
from ..core.context import ALL_AREAS, context_chips, family_context, here_with
from ..core.graph import get_graph
from ..core.twin import respond, twin_route

search = Blueprint("search", __name__)

PER_PAGE = 20
THIN = 3  # fewer results than this: say so and offer next steps
MAX_QUERY = 300
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("", "0", "false", "no", "off")
FACET_TITLES = {"kind": "Kind of page", "age": "Age", "area": "Council area", "need": "Need", "sector": "Sector"}


@dataclass
class Result:
    label: str
    url: str
    kind: str
    kind_label: str
    is_sample: bool
    matched: str | None = None
    summary: Markup | str = ""  # the query's words marked (escaped first)
    areas: list[str] = field(default_factory=list)
    ages: str | None = None
    no_assessment: bool = False


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    title: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass
class ResultGroup:
    """The results of one kind on this page, in rank order, under a heading with how many there are in
    all (every page, within the filters) and, when there are more, the address of all of them."""

    kind: str
    title: str
    count: int
    results: list[Result]
    url: str | None = None


def group_results(results: list[Result], kind_counts: dict[str, int], filters: Filters) -> list[ResultGroup]:
    """This page's results under kind headings: groups in the order of their best result, results in
    rank order inside each (the ranking is the same as the flat list's, only cut by kind)."""
    groups: dict[str, ResultGroup] = {}
    for result in results:
        group = groups.get(result.kind)
        if group is None:
            title = KINDS.get(result.kind, ("", "", result.kind_label))[2]
            group = groups[result.kind] = ResultGroup(result.kind, title, kind_counts.get(result.kind, 0), [])
        group.results.append(result)
    for group in groups.values():
        group.count = max(group.count, len(group.results))
        if not filters.kind and group.count > len(group.results):
            group.url = page_url(kind=group.kind, page=None)
    return list(groups.values())


def kind_label(kind: str) -> str:
    return KINDS.get(kind, ("", kind.replace("-", " ").capitalize(), ""))[1]


def highlight(text: str, query: str) -> Markup:
    """`text` escaped, with the words that share a stem with the query's words in <mark>."""
    wanted = {stem(w) for w in words(query) if len(w) > 2}
    out = []
    for piece in re.split(r"([A-Za-z0-9’']+)", text):
        folded = words(piece)
        if folded and any(stem(w) in wanted for w in folded):
            out.append(Markup("<mark>") + escape(piece) + Markup("</mark>"))
        else:
            out.append(escape(piece))
    return Markup("").join(out)


def _ages(hit: Hit) -> str | None:
    if hit.min_age is None or (hit.min_age <= 0 and (hit.max_age or 99) >= 25):
        return None
    return f"Ages {hit.min_age} to {hit.max_age}"


def as_result(hit: Hit, query: str = "") -> Result:
    names = council_names()
    return Result(
        hit.label,
        url_for("explore.node", kind=hit.kind, slug=hit.slug),
        hit.kind,
        kind_label(hit.kind),
        hit.is_sample,
        hit.matched,
        highlight(hit.summary, query) if query else hit.summary,
        [names.get(a, a) for a in hit.areas],
        _ages(hit),
        hit.open,
    )


def _index() -> SearchIndex:
    index = get_graph().search
    if index is None:
        abort(503, "The search index is not built yet: run 'graph-app build'.")
    return index


def _choice(name: str, allowed: list[str], what: str) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if raw not in allowed:
        abort(400, f"The '{name}' parameter must be {what}; '{raw[:60]}' is not one.")
    return raw


def read_filters(index: SearchIndex) -> Filters:
    """The filters in the address, each checked against the values the index holds."""
    values = index.facet_values()
    slugs = {facet: [v[0] for v in values.get(facet, [])] for facet in ("age", "area", "need", "sector")}
    kind = _choice("kind", index.kinds(), "a kind of page such as need, service or pathway")
    context = family_context()  # area (else the cookie), age and need, checked in core/context.py
    age, age_band = context.age, None
    if context.age_band:
        age_band = _choice("age", slugs["age"], "an age from 0 to 25 or an age band (" + ", ".join(slugs["age"]) + ")")
    area = context.area_slug if context.area_slug in slugs["area"] else None
    need = context.needs[0] if context.needs else None
    sector = _choice("sector", slugs["sector"], "a sector: " + ", ".join(slugs["sector"]))
    raw_open = request.args.get("no_assessment", "").strip().lower()
    if raw_open not in TRUE_WORDS + FALSE_WORDS:
        abort(400, "The 'no_assessment' parameter must be 1 (only what needs no specialist assessment) or 0.")
    return Filters(
        kind=kind, age_band=age_band, age=age, area=area, need=need, sector=sector, open_only=raw_open in TRUE_WORDS
    )


def read_query() -> str:
    text = request.args.get("q", "")
    if len(text) > MAX_QUERY:
        abort(400, f"The 'q' parameter is too long: at most {MAX_QUERY} characters, please.")
    return " ".join(text.split())


def read_page() -> int:
    raw = request.args.get("page", "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        abort(400, "The 'page' parameter must be a whole number from 1 to 500.")
    return int(raw)


def page_url(**changes: object) -> str:
    """This search's address with some parameters changed (None removes one); the context goes into the
    link, so it works without the cookie."""
    return here_with(url_for("search.results"), **changes)


def build_facets(index: SearchIndex, counts: dict[str, dict[str, int]], filters: Filters) -> list[Facet]:
    values = index.facet_values()
    facets = []
    selected = {
        "kind": filters.kind,
        "age": filters.age_band,
        "area": filters.area,
        "need": filters.need,
        "sector": filters.sector,
    }
    kinds = sorted(counts.get("kind", {}).items(), key=lambda item: (-item[1], item[0]))
    facets.append(
        Facet(
            "kind",
            FACET_TITLES["kind"],
            [FacetOption(k, KINDS.get(k, ("", k, k))[2], n, k == filters.kind) for k, n in kinds],
        )
    )
    for facet in ("age", "area", "need", "sector"):
        options = [
            FacetOption(slug, label, counts.get(facet, {}).get(slug, 0), slug == selected[facet])
            for slug, label, _low, _high in values.get(facet, [])
        ]
        # a choice nothing matches is left out, unless it is the one chosen
        options = [o for o in options if o.count or o.selected]
        if facet == "need":
            options.sort(key=lambda o: o.label.lower())
        facets.append(Facet(facet, FACET_TITLES[facet], options))
    return facets


def applied_filters(index: SearchIndex, filters: Filters) -> list[dict[str, object]]:
    """The filters applied, each with its name, where it came from and the address without it (the chip)."""
    names = {(facet, v[0]): v[1] for facet, values in index.facet_values().items() for v in values}
    chips: list[dict[str, object]] = [
        dataclasses.asdict(chip) for chip in context_chips(lambda **changes: page_url(page=None, **changes))
    ]
    if filters.age_band:
        chips.insert(
            1 if filters.area else 0,
            {
                "param": "age",
                "value": filters.age_band,
                "label": names.get(("age", filters.age_band), filters.age_band),
                "remove_label": "any age",
                "source": "address",
                "remove_url": page_url(age=None, page=None),
            },
        )
    for param, value in (("kind", filters.kind), ("sector", filters.sector)):
        if value:
            chips.append(
                {
                    "param": param,
                    "value": value,
                    "label": KINDS.get(value, ("", "", value))[2]
                    if param == "kind"
                    else names.get((param, value), value),
                    "remove_label": "remove",
                    "source": "address",
                    "remove_url": page_url(**{param: None, "page": None}),
                }
            )
    if filters.open_only:
        chips.append(
            {
                "param": "no_assessment",
                "value": True,
                "label": "No assessment needed",
                "remove_label": "remove",
                "source": "address",
                "remove_url": page_url(no_assessment=None, page=None),
            }
        )
    return chips


def advice_service(area: str | None) -> dict[str, str] | None:
    """The chosen council's SENDIASS, from the data: the first next step when little is found."""
    if not area:
        return None
    graph = get_graph()
    rows = graph.library.select(graph.store, "search/advice_service", council=NamedNode(f"{graph.id_base}area/{area}"))
    if not rows:
        return None
    row = rows[0]
    return {key: row[key].value for key in ("label", "url", "telephone", "email") if key in row}


@twin_route(search, "/search")
def results() -> object:
    index = _index()
    text = read_query()
    filters = read_filters(index)
    page = read_page()
    found = index.search(
        text, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, filters=filters, counts=bool(text) or not filters.is_empty()
    )
    needs, need_services, need_services_total = [], [], 0
    if text and page == 1:
        guessed = index.guess_need(text, found)
        matched_needs = [guessed] if guessed else []
        needs = [as_result(h) for h in matched_needs]
        if matched_needs:
            need_services_total, hits = index.services_for_need(matched_needs[0].slug, filters, limit=6, text=text)
            need_services = [as_result(h) for h in hits]
    facets = build_facets(index, found.facet_counts, filters) if found.facet_counts else []
    open_count = found.facet_counts.get("open", {}).get("yes", 0)
    pages = max(1, -(-found.total // PER_PAGE))
    results_here = [as_result(h, found.corrected or text) for h in found.hits]
    elsewhere, elsewhere_results, other_councils = 0, [], []
    if filters.area and (text or not filters.is_empty()):
        # the rest of SE7: how many more without the council filter, the best few of them, and per council
        wider = Filters(
            kind=filters.kind,
            age_band=filters.age_band,
            age=filters.age,
            need=filters.need,
            sector=filters.sector,
            open_only=filters.open_only,
        )
        everywhere = index.search(text, limit=40, filters=wider, counts=True)
        elsewhere = max(0, everywhere.total - found.total)
        elsewhere_results = [as_result(h, text) for h in everywhere.hits if h.areas and filters.area not in h.areas][:5]
        names = council_names()
        counted = sorted(everywhere.facet_counts.get("area", {}).items())
        other_councils = [
            {"slug": a, "name": names.get(a, a), "count": n, "url": page_url(area=a, page=None)}
            for a, n in counted
            if a != filters.area and n
        ]
    thin = bool(text) and found.total < THIN
    return respond(
        "search/search.html",
        q=text,
        corrected=found.corrected,
        corrected_url=page_url(q=found.corrected, page=None) if found.corrected else None,
        total=found.total,
        page=page,
        pages=pages,
        previous_url=page_url(page=page - 1) if page > 1 else None,
        next_url=page_url(page=page + 1) if page < pages else None,
        results=results_here,
        groups=group_results(results_here, found.facet_counts.get("kind", {}), filters),
        needs=needs,
        need_services=need_services,
        need_services_total=need_services_total,
        need_services_url=page_url(q=None, page=None, kind="service", need=needs[0].url.rsplit("/", 1)[-1])
        if needs
        else None,
        facets=facets,
        no_assessment=filters.open_only,
        no_assessment_count=open_count,
        age=filters.age,
        filters={
            "kind": filters.kind,
            "age": filters.age_band or filters.age,
            "area": filters.area,
            "need": filters.need,
            "sector": filters.sector,
            "no_assessment": filters.open_only,
        },
        clear_url=url_for("search.results", q=text, area=ALL_AREAS if filters.area else None)
        if not filters.is_empty()
        else None,
        best_bet=as_result(found.best_bet, text) if found.best_bet and page == 1 else None,
        best_bet_phrase=found.best_bet_phrase if page == 1 else None,
        partial=found.partial,
        all_words=found.all_words,
        applied=applied_filters(index, filters),
        context=family_context().as_json(),
        filter_count=sum(
            1
            for v in (
                filters.kind,
                filters.age_band or filters.age,
                filters.area,
                filters.need,
                filters.sector,
                filters.open_only,
            )
            if v not in (None, False)
        ),
        hidden_filters={
            **{k: v for k, v in request.args.items() if k not in ("q", "page") and v},
            **({"area": filters.area} if filters.area else {}),
        },
        elsewhere=elsewhere,
        elsewhere_results=elsewhere_results,
        elsewhere_url=page_url(area=ALL_AREAS, page=None) if filters.area else None,
        thin=thin,
        advice=advice_service(filters.area) if thin else None,
        other_councils=other_councils if thin else [],
        gap_url=url_for("comments.new", page=page_url(page=None)) if thin else None,
    )


@search.route("/search/suggest")
def suggest() -> object:
    """Autocomplete: names and family words starting like what is typed, as a JSON list of
    {label, kind, kind_label, url, iri, matched, sample} (the mind map's path form uses it too)."""
    text = read_query()
    hits = _index().suggest(text) if len(text) >= 2 else []
    response = jsonify(
        [
            {
                "label": h.label,
                "kind": h.kind,
                "kind_label": kind_label(h.kind),
                "url": url_for("explore.node", kind=h.kind, slug=h.slug),
                "iri": h.iri,
                "matched": h.matched,
                "sample": h.is_sample,
            }
            for h in hits
        ]
    )
    response.cache_control.max_age = 300
    return response
