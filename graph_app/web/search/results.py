"""Shaping search hits for the page and its JSON twin: results with the query's words marked, grouped by
kind, the facets with their counts, the applied filters as removable chips, and the council's advice
service offered as the first next step when little is found."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from flask import url_for
from markupsafe import Markup, escape
from pyoxigraph import NamedNode

from ...namespaces import KINDS
from ...search import Filters, Hit, SearchIndex
from ...search.build import cut_summary
from ...search.text import is_stop, stem, words
from ..core.area import council_names
from ..core.context import context_chips
from ..core.graph import get_graph
from ..core.i18n import N_, interface_language, translate
from ..core.labels import DEFAULT_LANGUAGE, Label, label_map
from ..core.staleness import checked_map
from .params import RATED_LABELS, page_url, read_provision, read_query

FACET_TITLES = {
    "kind": N_("Kind of page"),
    "age": N_("Age"),
    "area": N_("Council area"),
    "need": N_("Need"),
    "sector": N_("Sector"),
    "rated": N_("Inspection"),
}
# the kind of page each filter's values are, so a value's IRI (and its name in the page's language) is known
FACET_KINDS = {"age": "age-band", "area": "area", "need": "need", "sector": "sector"}


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
    provision: str = ""  # "Resource base for hearing impairment, 6 places"
    iri: str = ""
    last_checked: str | None = None  # ISO date; with out_of_date, from core/staleness.py (mark_checked)
    out_of_date: bool = False
    summary_lang: str = DEFAULT_LANGUAGE  # the index's summaries are English: a Welsh page marks them
    closed_on: str = ""  # ISO day a closed service or setting closed (issue 19): marked, listed after open ones


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
    wanted = {stem(w) for w in words(query) if len(w) > 2 and not is_stop(w)}  # "for" is not what was looked for
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
    return translate("Ages {low} to {high}", low=hit.min_age, high=hit.max_age)


def as_result(hit: Hit, query: str = "") -> Result:
    names = council_names()
    return Result(
        Label(hit.label),  # the index holds English names, summaries and provision (a Welsh page marks them)
        url_for("explore.node", kind=hit.kind, slug=hit.slug),
        hit.kind,
        kind_label(hit.kind),
        hit.is_sample,
        # a Welsh or Polish name knows its language, so the page marks it (lang_attr)
        Label(hit.matched, hit.matched_lang) if hit.matched and hit.matched_lang else hit.matched,
        highlight(hit.summary, query) if query else hit.summary,
        [names.get(a, a) for a in hit.areas],
        _ages(hit),
        hit.open,
        Label(hit.provision) if hit.provision else hit.provision,
        hit.iri,
        closed_on=hit.closed_on,
    )


def mark_checked(*groups: list[Result] | Result | None) -> None:
    """Say when each result's record was last checked, and whether that is too long ago: one query for
    every result on the page (the search index holds no dates; the store is their one source)."""
    results = [r for g in groups for r in (g if isinstance(g, list) else [g]) if r is not None]
    checked = checked_map(get_graph(), [r.iri for r in results if r.iri])
    for result in results:
        found = checked.get(result.iri)
        if found:
            result.last_checked, result.out_of_date = found.last_checked, found.out_of_date


def facet_names(index: SearchIndex) -> dict[tuple[str, str], str]:
    """(facet, slug) -> the value's name in the page's language: the index holds English names only, so
    on a Welsh or Polish page they are looked up in the data (one query), English where a value has none."""
    values = index.facet_values()
    names = {(facet, v[0]): v[1] for facet, found in values.items() for v in found}
    language = interface_language()
    if language == DEFAULT_LANGUAGE:
        return names
    graph = get_graph()
    iris = {key: f"{graph.id_base}{FACET_KINDS[key[0]]}/{key[1]}" for key in names if key[0] in FACET_KINDS}
    # the same few hundred names on every results page: looked up once per store version and language
    found = graph.memo(
        f"search_facet_names:{language}", lambda: label_map(graph, iris.values(), [language, DEFAULT_LANGUAGE])
    )
    # each name knows its language (labels.Label; the index's own are English), so the page marks English
    return {key: found.get(iris[key]) or Label(name) if key in iris else name for key, name in names.items()}


def name_for_page(*groups: list[Result] | Result | None, query: str = "") -> None:
    """Name and summarise each result in the page's language where the data has it (a query each for the
    page): the index holds English names and summaries, and a Welsh or Polish name only when the words
    typed matched it."""
    language = interface_language()
    results = [r for g in groups for r in (g if isinstance(g, list) else [g]) if r is not None]
    if language == DEFAULT_LANGUAGE or not results:
        return
    summarise_for_page(results, language, query)
    names = label_map(get_graph(), [r.iri for r in results if r.iri], [language])
    for result in results:
        name = names.get(result.iri)
        if name is not None and getattr(name, "lang", None) == language:
            if result.matched == name:
                result.matched = None  # the name shown is already the one that matched
            result.label = name


def summarise_for_page(results: list[Result], language: str, query: str) -> None:
    """Give each result with a description in `language` that description's first sentences as its
    summary (cut as the index cuts English ones, the query's words marked), marked with its language."""
    graph = get_graph()
    nodes = sorted({r.iri for r in results if r.iri})
    if not nodes:
        return
    nodes_here = [NamedNode(i) for i in nodes]
    rows = graph.library.select(graph.store, "search/summaries_in_language", node=nodes_here, lang=language)
    described: dict[str, str] = {}
    for row in rows:
        described.setdefault(row["node"].value, row["text"].value)  # ordered: the same text every time
    for result in results:
        if result.iri in described:
            summary = cut_summary(described[result.iri])
            result.summary = highlight(summary, query) if query else summary
            result.summary_lang = language


def build_facets(index: SearchIndex, counts: dict[str, dict[str, int]], filters: Filters) -> list[Facet]:
    values = index.facet_values()
    names = facet_names(index)
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
            FacetOption(slug, names[(facet, slug)], counts.get(facet, {}).get(slug, 0), slug == selected[facet])
            for slug, _label, _low, _high in values.get(facet, [])
        ]
        # a choice nothing matches is left out, unless it is the one chosen
        options = [o for o in options if o.count or o.selected]
        if facet == "need":
            options.sort(key=lambda o: o.label.lower())
        facets.append(Facet(facet, FACET_TITLES[facet], options))
    rated = [
        FacetOption(value, translate(label), counts.get("rated", {}).get(value, 0), value == filters.rated)
        for value, label in RATED_LABELS.items()
    ]
    if any(o.count or o.selected for o in rated):  # only where something found has an inspection recorded
        facets.append(Facet("rated", FACET_TITLES["rated"], [o for o in rated if o.count or o.selected]))
    return facets


def applied_filters(index: SearchIndex, filters: Filters) -> list[dict[str, object]]:
    """The filters applied, each with its name, where it came from and the address without it (the chip)."""
    names = facet_names(index)
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
                "remove_label": N_("any age"),
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
                    "label": translate(KINDS.get(value, ("", "", value))[2])
                    if param == "kind"
                    else names.get((param, value), value),
                    "remove_label": N_("remove"),
                    "source": "address",
                    "remove_url": page_url(**{param: None, "page": None}),
                }
            )
    if filters.open_only:
        chips.append(
            {
                "param": "no_assessment",
                "value": True,
                "label": translate("No assessment needed"),
                "remove_label": N_("remove"),
                "source": "address",
                "remove_url": page_url(no_assessment=None, page=None),
            }
        )
    if filters.rated:
        chips.append(
            {
                "param": "rated",
                "value": filters.rated,
                "label": translate(RATED_LABELS[filters.rated]),
                "remove_label": N_("remove"),
                "source": "address",
                "remove_url": page_url(rated=None, page=None),
            }
        )
    if filters.provision:
        chips.append(
            {
                "param": "provision",
                "value": True,
                "label": translate("Has a resource base or SEN unit"),
                "remove_label": N_("show every school and service"),
                "source": read_provision(read_query())[1] or "address",
                "remove_url": page_url(provision=0, page=None),
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
