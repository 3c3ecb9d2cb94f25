"""Search in families' own words (graph_app/search/): the results page with its filters and need-led
panel, its JSON twin, and the autocomplete endpoint. Every filter is a GET parameter, so the page works
without JavaScript; every parameter is checked and a bad one gets a 400 naming it.

The reader's context is the default filter: the council chosen (the `area` parameter, else the area
cookie) and the age and need My child passes as `age` and `need`. Each applied filter is shown as a
removable chip ("Showing Medway · show all SE7", which sets area=all), kept in every link and in the
search form when the words change, and listed with where it came from in the JSON twin.

Reading the address is in params.py; shaping the hits (results, groups, facets, chips) in results.py."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, request, url_for

from ...private.search_demand import note_search
from ...search import Filters, SearchIndex
from ...search.languages import has_analyser
from ...search.provision import without_provision_words
from ..core.area import council_names
from ..core.context import ALL_AREAS, family_context, here_with, with_context
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.labels import reader_languages
from ..core.ontology_names import family_kind_name
from ..core.twin import respond, twin_route
from .context_order import SUGGEST_POOL, SUGGESTIONS, in_context
from .following import before_search
from .params import page_url, read_filters, read_page, read_provision, read_query
from .print_view import search_print
from .results import (
    advice_service,
    applied_filters,
    as_result,
    build_facets,
    group_results,
    mark_checked,
    name_for_page,
)

search = Blueprint("search", __name__)
search.before_request(before_search)  # an edit published on another machine is in this one's index first

PER_PAGE = 20
THIN = 3  # fewer results than this: say so and offer next steps


def search_languages() -> tuple[str, ...]:
    """The reader's languages (?lang=, the language chosen on an earlier page, the browser's) that search
    analyses besides English: each word typed is tried in those too (graph_app/search/languages.py)."""
    return tuple(lang for lang in reader_languages() if has_analyser(lang))


def _index() -> SearchIndex:
    index = get_graph().search
    if index is None:
        abort(503, "The search index is not built yet: run 'graph-app build'.")
    return index


@twin_route(search, "/search")
def results() -> object:
    index = _index()
    text = read_query()
    filters = read_filters(index)
    page = read_page()
    typed = text
    if filters.provision:
        # the filter says "resource base or SEN unit": the rest of the words ("hearing impairment") choose
        # among them, so an SEN unit for the need is found as well as a resource base
        text = without_provision_words(text)
    languages = search_languages()
    found = index.search(
        text,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
        filters=filters,
        counts=bool(text) or not filters.is_empty(),
        languages=languages,
    )
    needs, need_services, need_services_total = [], [], 0
    if text and page == 1:
        guessed = index.guess_need(text, found, languages)
        matched_needs = [guessed] if guessed else []
        needs = [as_result(h) for h in matched_needs]
        if matched_needs:
            need_services_total, hits = index.services_for_need(
                matched_needs[0].slug, filters, limit=6, text=text, languages=languages
            )
            need_services = [as_result(h) for h in hits]
    if page == 1 and (text or filters.need):  # counted anonymously for commissioners (private/search_demand.py)
        guessed_need = needs[0].url.rsplit("/", 1)[-1] if needs else None
        note_request(index, typed, filters.need, guessed_need, filters.area, found.total)
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
            provision=filters.provision,
            rated=filters.rated,
        )
        everywhere = index.search(text, limit=40, filters=wider, counts=True, languages=languages)
        elsewhere = max(0, everywhere.total - found.total)
        elsewhere_results = [as_result(h, text) for h in everywhere.hits if h.areas and filters.area not in h.areas][:5]
        names = council_names()
        counted = sorted(everywhere.facet_counts.get("area", {}).items())
        other_councils = [
            {"slug": a, "name": names.get(a, a), "count": n, "url": page_url(area=a, page=None)}
            for a, n in counted
            if a != filters.area and n
        ]
    thin = bool(typed) and found.total < THIN
    best_bet = as_result(found.best_bet, text) if found.best_bet and page == 1 else None
    mark_checked(results_here, needs, need_services, elsewhere_results, best_bet)
    name_for_page(results_here, needs, need_services, elsewhere_results, best_bet, query=text)
    return respond(
        "search/search.html",
        q=typed,
        corrected=found.corrected,
        corrected_url=page_url(q=found.corrected, page=None, provision=1 if filters.provision else None)
        if found.corrected
        else None,
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
        provision=filters.provision,
        provision_count=found.facet_counts.get("provision", {}).get("yes", 0),
        provision_from_words=read_provision(typed)[1] == "your words",
        age=filters.age,
        filters={
            "kind": filters.kind,
            "age": filters.age_band or filters.age,
            "area": filters.area,
            "need": filters.need,
            "sector": filters.sector,
            "no_assessment": filters.open_only,
            "provision": filters.provision,
            "rated": filters.rated,
        },
        clear_url=url_for("search.results", q=typed, area=ALL_AREAS if filters.area else None)
        if not filters.is_empty()
        else None,
        best_bet=best_bet,
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
                filters.provision,
                filters.rated,
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
        print_url=here_with_print() if found.total else None,
    )


@twin_route(search, "/search/print")
def print_page() -> object:
    """'Print or save this list': the same search and filters, every result up to the cap on one plain page."""
    found = search_print(_index(), search_languages())
    return respond("core/print_list.html", title=found.title, list=found)


def here_with_print() -> str:
    """This search's printable list: the same words and filters (page left out: it prints them all)."""
    return here_with(url_for("search.print_page"), page=None)


@search.route("/search/suggest")
def suggest() -> object:
    """Autocomplete: names and family words starting like what is typed, as JSON {suggestions: [{label,
    kind, kind_label, url, iri, matched, sample, where, need_linked}], context} (the mind map's path form
    uses it too). With a family context (the page passes its area, age and need), what links to the needs
    comes first, then the chosen council's and those for the child's age; `context` says what was applied."""
    text = read_query()
    context = family_context()
    wanted = SUGGESTIONS * SUGGEST_POOL if not context.is_empty() else SUGGESTIONS
    languages = search_languages()
    hits = in_context(_index().suggest(text, limit=wanted, languages=languages))[:SUGGESTIONS] if len(text) >= 2 else []
    response = jsonify(
        {
            "suggestions": [
                {
                    "label": h.label,
                    "kind": h.kind,
                    "kind_label": family_kind_name(h.kind),
                    "url": with_context(url_for("explore.node", kind=h.kind, slug=h.slug)),
                    "iri": h.iri,
                    "matched": h.matched,
                    "sample": h.is_sample,
                    "where": where,
                    "need_linked": linked,
                }
                for h, where, linked in hits
            ],
            "context": context.as_json(),
        }
    )
    response.cache_control.max_age = 300
    return response


def note_request(index: object, text: str, need: str | None, guessed: str | None, area: str | None, total: int) -> None:
    """Count the search being answered, anonymously (private/search_demand.py keeps counts, never words)."""
    values = index.facet_values()  # type: ignore[attr-defined]
    needs = [(v[0], v[1]) for v in values.get("need", [])]
    areas = [v[0] for v in values.get("area", [])]
    note_search(get_private_db(), text, need, guessed, area, needs, areas, total, date.today())
