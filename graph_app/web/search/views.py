"""Search in families' own words (graph_app/search/): the results page with its filters and need-led
panel, its JSON twin, and the autocomplete endpoint. Every filter is a GET parameter, so the page works
without JavaScript; every parameter is checked and a bad one gets a 400 naming it."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, request, url_for

from ...namespaces import KINDS
from ...search import Filters, Hit, SearchIndex
from ..core.graph import get_graph
from ..core.twin import respond, twin_route

search = Blueprint("search", __name__)

PER_PAGE = 20
MAX_QUERY = 300
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("", "0", "false", "no", "off")
FACET_TITLES = {"kind": "Kind of page", "age": "Age", "area": "Council area", "need": "Need",
                "sector": "Sector"}


@dataclass
class Result:
    label: str
    url: str
    kind: str
    kind_label: str
    is_sample: bool
    matched: str | None = None


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


def as_result(hit: Hit) -> Result:
    return Result(hit.label, url_for("explore.node", kind=hit.kind, slug=hit.slug), hit.kind, kind_label(hit.kind),
                  hit.is_sample, hit.matched)


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
    age_raw = request.args.get("age", "").strip()
    age_band, age = None, None
    if age_raw.isdigit() and len(age_raw) <= 3:
        age = int(age_raw)
        if age > 25:
            abort(400, "The 'age' parameter must be an age from 0 to 25 or an age band such as 5-10.")
    elif age_raw:
        age_band = _choice("age", slugs["age"], "an age from 0 to 25 or an age band (" + ", ".join(slugs["age"]) + ")")
    area = _choice("area", slugs["area"], "a council: " + ", ".join(slugs["area"]))
    need = _choice("need", slugs["need"], "the name of a need in the address form, such as autism")
    sector = _choice("sector", slugs["sector"], "a sector: " + ", ".join(slugs["sector"]))
    raw_open = request.args.get("no_assessment", "").strip().lower()
    if raw_open not in TRUE_WORDS + FALSE_WORDS:
        abort(400, "The 'no_assessment' parameter must be 1 (only what needs no specialist assessment) or 0.")
    return Filters(kind=kind, age_band=age_band, age=age, area=area, need=need, sector=sector,
                   open_only=raw_open in TRUE_WORDS)


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
    """This search's address with some parameters changed (None removes one)."""
    args = {k: v for k, v in request.args.items() if v}
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = str(value)
    return url_for("search.results") + ("?" + urlencode(args) if args else "")


def build_facets(index: SearchIndex, counts: dict[str, dict[str, int]], filters: Filters) -> list[Facet]:
    values = index.facet_values()
    facets = []
    selected = {"kind": filters.kind, "age": filters.age_band, "area": filters.area, "need": filters.need,
                "sector": filters.sector}
    kinds = sorted(counts.get("kind", {}).items(), key=lambda item: (-item[1], item[0]))
    facets.append(Facet("kind", FACET_TITLES["kind"], [
        FacetOption(k, KINDS.get(k, ("", k, k))[2], n, k == filters.kind) for k, n in kinds]))
    for facet in ("age", "area", "need", "sector"):
        options = [FacetOption(slug, label, counts.get(facet, {}).get(slug, 0), slug == selected[facet])
                   for slug, label, _low, _high in values.get(facet, [])]
        # a choice nothing matches is left out, unless it is the one chosen
        options = [o for o in options if o.count or o.selected]
        if facet == "need":
            options.sort(key=lambda o: o.label.lower())
        facets.append(Facet(facet, FACET_TITLES[facet], options))
    return facets


@twin_route(search, "/search")
def results() -> object:
    index = _index()
    text = read_query()
    filters = read_filters(index)
    page = read_page()
    found = index.search(text, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, filters=filters,
                         counts=bool(text) or not filters.is_empty())
    needs, need_services, need_services_total = [], [], 0
    if text and page == 1:
        matched_needs = index.matching_needs(text)
        needs = [as_result(h) for h in matched_needs]
        if matched_needs:
            need_services_total, hits = index.services_for_need(matched_needs[0].slug, filters, limit=6,
                                                                text=text)
            need_services = [as_result(h) for h in hits]
    facets = build_facets(index, found.facet_counts, filters) if found.facet_counts else []
    open_count = found.facet_counts.get("open", {}).get("yes", 0)
    pages = max(1, -(-found.total // PER_PAGE))
    results_here = [as_result(h) for h in found.hits]
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
        if needs else None,
        facets=facets,
        no_assessment=filters.open_only,
        no_assessment_count=open_count,
        age=filters.age,
        filters={"kind": filters.kind, "age": filters.age_band or filters.age, "area": filters.area,
                 "need": filters.need, "sector": filters.sector, "no_assessment": filters.open_only},
        clear_url=url_for("search.results", q=text) if not filters.is_empty() else None,
    )


@search.route("/search/suggest")
def suggest() -> object:
    """Autocomplete: names and family words starting like what is typed, as a JSON list of
    {label, kind, kind_label, url, iri, matched, sample} (the mind map's path form uses it too)."""
    text = read_query()
    hits = _index().suggest(text) if len(text) >= 2 else []
    response = jsonify([
        {"label": h.label, "kind": h.kind, "kind_label": kind_label(h.kind),
         "url": url_for("explore.node", kind=h.kind, slug=h.slug), "iri": h.iri, "matched": h.matched,
         "sample": h.is_sample}
        for h in hits])
    response.cache_control.max_age = 300
    return response
