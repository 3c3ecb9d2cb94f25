"""Family pages in Welsh and Polish say in that language what used to stay English whatever the page:
relation names ("All connections" groups and the mind map's list), search filter titles and result group
names, My child's need options, family words and ways to resolve a disagreement, and the words mindmap.js
writes. Each expected text is read from the catalogue or the data, never typed here.

The catalogues are the real ones with any string not translated yet filled as "CY " / "PL " + English, so
the page is in that language whatever the state of the translation (the completeness test is
tests/test_catalogue_complete.py); the data are the real build's."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from catalogue_fill import completed
from lxml import html as lxml_html

from graph_app.namespaces import KINDS
from graph_app.projection.relations import RELATIONS
from graph_app.search.build import cut_summary
from graph_app.web.core import i18n
from graph_app.web.core.i18n import catalogues, compile_all
from graph_app.web.search.results import FACET_TITLES

ID = "https://w3id.org/se7-local-offer/id/"
LANGUAGES = ("cy", "pl")
RELATION_TITLES = {title for r in RELATIONS for title in (r.out_title, r.in_title)}
NAMES_IN = """
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?label ?word WHERE {
  { ?node a lo:Need } UNION { ?node a lo:ResolutionStage }
  ?node rdfs:label ?label . FILTER(LANG(?label) = "%s")
  OPTIONAL { ?node skos:altLabel ?word . FILTER(LANG(?word) = "%s") }
}
"""


@pytest.fixture(scope="module")
def books() -> dict:
    found = dict(catalogues())
    for code in LANGUAGES:
        found[code] = completed(found[code], found["en"], code.upper() + " ")
    return found


@pytest.fixture(scope="module")
def web(served, make_module_app, books) -> Iterator:
    compiled = compile_all(books)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "catalogues", lambda: books)
        patch.setattr(i18n, "translations", lambda: compiled)
        yield make_module_app(served).test_client()


def said(books: dict, language: str, key: str) -> str:
    """The catalogue's text for a key in a language."""
    return books[language][key].string


def page(web, path: str, language: str) -> lxml_html.HtmlElement:
    joiner = "&" if "?" in path else "?"
    response = web.get(f"{path}{joiner}lang={language}")
    assert response.status_code == 200, f"{path}: {response.status_code}"
    document = lxml_html.document_fromstring(response.get_data(as_text=True))
    assert document.get("lang") == language, f"{path} is not a {language} page"
    return document


def heading_text(element) -> str:
    """A heading's words without its count: "Ages (3)" -> "Ages"."""
    return re.sub(r"\s*\(\d+\)\s*$", "", " ".join(element.text_content().split()))


def data_names(store, language: str) -> dict[str, tuple[str, set[str]]]:
    """Need and resolution-stage IRI -> (its name, its family words) in the language, from the store."""
    found: dict[str, tuple[str, set[str]]] = {}
    for row in store.select(NAMES_IN % (language, language)):
        name, words = found.get(row["node"].value, (row["label"].value, set()))
        if "word" in row:
            words.add(row["word"].value)
        found[row["node"].value] = (name, words)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_relation_groups_are_named_in_the_page_language(web, books, language):
    """The record's link groups and the mind map's list: where the English page says a relation's title,
    the same group on the Welsh or Polish page says the catalogue's translation of it."""
    path = "/id/need/autism"
    english, theirs = page(web, path, "en"), page(web, path, language)
    checked = 0
    for xpath in ("//*[starts-with(@id, 'group-')]", "//*[@data-map-group]/*[1]"):
        pairs = list(zip(english.xpath(xpath), theirs.xpath(xpath), strict=True))
        for ours, translated in pairs:
            title = heading_text(ours)
            if title in RELATION_TITLES:
                assert heading_text(translated) == said(books, language, title), f"{path}: {title}"
                checked += 1
    assert checked >= 4, f"only {checked} relation groups found on {path}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_filters_and_result_groups_are_named_in_the_page_language(web, books, embedded_store, language):
    document = page(web, "/search?q=autism", language)
    for param, title in FACET_TITLES.items():
        (label,) = document.xpath(f"//label[@for='filter-{param}']")
        assert label.text_content().strip() == said(books, language, title), param
    groups = document.xpath("//*[starts-with(@id, 'search-group-')]")
    assert len(groups) >= 3
    for group in groups:
        kind = group.get("id").removeprefix("search-group-")
        assert heading_text(group) == said(books, language, KINDS[kind][2]), kind
    # the need filter's choices are the data's names in the page's language
    names = data_names(embedded_store, language)
    (autism,) = document.xpath("//select[@id='filter-need']/option[@value='autism']")
    assert heading_text(autism) == names[ID + "need/autism"][0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_results_are_summarised_in_the_page_language(web, embedded_store, language):
    """A result whose description the data has in the page's language is summarised in it (cut as the index
    cuts English summaries), not marked as English; on the English page the same result stays English."""
    (row,) = embedded_store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?text WHERE { "
        f"<{ID}need/autism> skos:definition ?text FILTER(LANG(?text) = '{language}') }}"
    )
    expected = cut_summary(row["text"].value)
    english = page(web, "/search?q=autism", "en")
    document = page(web, "/search?q=autism", language)
    shown = {
        " ".join(p.text_content().split()): p.get("lang")
        for p in document.xpath("//p[contains(@class, 'search-result__summary')]")
    }
    assert shown.get(expected, "missing") is None, (expected, list(shown)[:3])  # shown, in the page's language
    english_summaries = [
        " ".join(p.text_content().split()) for p in english.xpath("//p[contains(@class, 'search-result__summary')]")
    ]
    assert expected not in english_summaries


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_child_choices_and_stages_are_in_the_page_language(web, books, embedded_store, language):
    names = data_names(embedded_store, language)
    needs = {iri: found for iri, found in names.items() if "/need/" in iri}
    assert len(needs) > 20, f"only {len(needs)} needs named in {language} in the data"
    form = page(web, "/my-child", language)
    checked = 0
    for iri, (name, words) in needs.items():
        boxes = form.xpath(f"//input[@name='need' and @value='{iri.rsplit('/', 1)[1]}']")
        if not boxes:
            continue  # a need the form does not offer
        (label,) = form.xpath(f"//label[@for='{boxes[0].get('id')}']")
        shown = " ".join(label.text_content().split())
        broad = said(books, language, "{need}: any need in this area").replace("{need}", name)
        assert shown in (name, broad), f"{iri}: {shown!r}"
        if words:  # the hint lists the family words in this language, not the English ones
            (hint,) = form.xpath(f"//*[@id='need-{iri.rsplit('/', 1)[1]}-hint']")
            assert any(word in hint.text_content() for word in words), f"{iri}: {hint.text_content()!r}"
        checked += 1
    assert checked >= 20
    mine = page(web, "/my-child?age=7&area=kent&need=autism", language)
    text = " ".join(mine.text_content().split())
    stages = [name for iri, (name, _w) in names.items() if "/resolution-stage/" in iri]
    assert len(stages) == 4 and all(stage in text for stage in stages), stages


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mind_map_writes_the_catalogues_words(web, books, language):
    """mindmap.js reads its words from the script tag: the catalogue's, counted ones in each sample's form."""
    (script,) = page(web, "/", language).xpath("//script[@data-strings]")
    words = json.loads(script.get("data-strings"))
    assert words["showLinks"] == said(books, language, "Show links")
    assert words["explore"] == said(books, language, "Explore the map")
    assert words["ofName"] == said(books, language, "of {name}")
    compiled = compile_all(books)[language]
    for n, form in zip(words["samples"], words["andMore"], strict=True):
        assert form == compiled.ngettext("and {count} more", "and {count} more", n), n
    # one sample at least in every plural form the language has (Welsh six, Polish three)
    forms = {compiled.ngettext("+{count} more", "+{count} more", n) for n in words["samples"]}
    assert forms == {compiled.ngettext("+{count} more", "+{count} more", n) for n in range(200)}


ONTOLOGY_AND_LAW_IN = """
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?kind ?summary WHERE {
  lo:SENType rdfs:label ?kind . FILTER(LANG(?kind) = "%s")
  <https://w3id.org/se7-local-offer/id/clause/cfa-2014-s30> dcterms:description ?summary .
  FILTER(LANG(?summary) = "%s")
}
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_kind_names_and_the_law_are_in_the_page_language(web, embedded_store, language):
    """A need's kind is the ontology class's name in the page's language, and the law behind it says
    what it says in that language (data/translations/*.ttl)."""
    (row,) = embedded_store.select(ONTOLOGY_AND_LAW_IN % (language, language))
    text = " ".join(page(web, "/id/need/autism", language).text_content().split())
    kind, summary = row["kind"].value, row["summary"].value
    assert kind[:1].upper() + kind[1:] in text and "Special educational need" not in text
    assert summary[:60] in text  # long summaries may be folded after their first sentence
