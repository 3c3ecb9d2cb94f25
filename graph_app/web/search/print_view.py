"""'Print or save this list' for search results and any filtered list (issue 19): the same search, every
result up to the print cap on one plain page, each with what it is and how to reach it. The words and the
filters stay in the address (nothing is stored); the heading says what the list is for."""

from __future__ import annotations

from flask import url_for

from ...search import SearchIndex
from ...search.provision import without_provision_words
from ..core.context import here_with
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.print_list import PRINT_CAP, PrintItem, PrintList, PrintSection, Reach, full_address, print_list, reach_of
from .params import read_filters, read_query
from .results import Result, applied_filters, as_result

REACHABLE = ("service", "setting", "provider", "contact")  # kinds whose records carry phone, email or web page


def search_print(index: SearchIndex, languages: tuple[str, ...]) -> PrintList:
    typed = read_query()
    filters = read_filters(index)
    # as the results page: with the provision filter on, the other words choose among those settings
    text = without_provision_words(typed) if filters.provision else typed
    found = index.search(text, limit=PRINT_CAP, filters=filters, languages=languages)
    results = [as_result(hit) for hit in found.hits]
    reach = reach_of(get_graph(), [r.iri for r in results if r.kind in REACHABLE and r.iri])
    items = [_item(r, reach) for r in results]
    chosen = [str(chip["label"]) for chip in applied_filters(index, filters)]
    title = translate("Search results for “{q}”", q=typed) if typed else translate("Search results")
    if chosen:
        title += " (" + ", ".join(chosen) + ")"
    on_screen = here_with(url_for("search.results"), page=None)
    section = PrintSection(translate("Results"), items, found.total, translate("Nothing matched."))
    return print_list(title, on_screen, on_screen, [section])


def _item(result: Result, reach: dict[str, Reach]) -> PrintItem:
    where = ", ".join(result.areas)
    bits = [b for b in (result.ages, where, result.provision) if b]
    what = str(result.kind_label) + (": " + str(result.summary) if result.summary else "")
    note = "; ".join(str(b) for b in bits) or None
    if result.closed_on:
        note = translate("Closed on {date}", date=result.closed_on) + ("; " + note if note else "")
    found = reach.get(result.iri) or Reach()
    return PrintItem(str(result.label), full_address(result.url), what, result.is_sample, found, note)
