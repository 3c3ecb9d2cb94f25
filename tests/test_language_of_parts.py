"""Language of parts (WCAG 2.2 SC 3.1.2, issue 16): on a Welsh or Polish page, text from the data that
exists only in English (names, definitions, descriptions, summaries, statements...) sits inside an element
that says lang="en", so a screen reader reads it with English sounds; on an English page no lang="en" is
sprinkled inside <html lang="en">.

The English-only texts are read from the built store (a literal tagged @en or untagged, with no @cy or @pl
literal for the same subject and property), and every page kind a family meets is fetched in Welsh and in
Polish through the real app and parsed with lxml."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from catalogue_fill import completed
from lxml import html as lxml_html

from graph_app.web.core import i18n
from graph_app.web.core.i18n import catalogues, compile_all

# properties whose literals are words for people (names, explanations), not codes, numbers or addresses
TEXT_PROPERTIES = """
    rdfs:label skos:prefLabel skos:altLabel skos:definition skos:scopeNote dcterms:description dcterms:title
    rdfs:comment lo:statementText lo:answerText lo:timescale lo:responsibleParty lo:ifThingsGoWrong lo:waitingTime
    lo:cost lo:summary lo:plainSummary lo:openingHours schema:name schema:description schema:hoursAvailable
    prov:value
"""
ENGLISH_ONLY = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX lo: <https://w3id.org/se7-local-offer/def#>
SELECT DISTINCT ?text WHERE {{
  VALUES ?p {{ {TEXT_PROPERTIES} }}
  ?s ?p ?text .
  FILTER(isLiteral(?text) && (LANG(?text) = "en" || LANG(?text) = ""))
  FILTER NOT EXISTS {{ ?s ?p ?other . FILTER(LANG(?other) IN ("cy", "pl")) }}
}}
"""
WORDS = re.compile(r"[^\W\d_]{3,}")  # a text with a word in it (not a code, a number or a date)
LONG = 40  # a text this long is looked for inside longer text nodes too (a shorter one only as a whole element)
PROBE = 24  # the length of the prefix the search for long texts is keyed by
HIDDEN = {"script", "style", "template", "head", "title", "noscript"}

# one page of every kind a family meets: /kinds/<kind>'s first record is added for each kind (fixture below)
PAGES = [
    "/id/heading/social-care-short-breaks-statement?area=kent",  # a heading with a council chosen: its statements
    "/id/heading/short-breaks?area=kent",
    "/search?q=autism",
    "/search?q=speech+therapy&area=kent",
    "/search?q=transport",
    "/my-child?age=7&area=kent&need=autism",
    "/glossary",
    "/get-involved?area=kent",  # issue 19: English sample records and notes on a translated page
    "/a-z/service",
    "/a-z/need",
    "/gaps",
    "/gaps/council-content?area=kent",
    "/gaps/coverage-matrix?area=kent",
    "/id/pathway/resolving-disagreements?area=kent",
    "/id/area/kent",
    "/",
    "/area",
    "/professionals",
    "/related?node=https://w3id.org/se7-local-offer/id/need/autism&area=kent",
    "/map/neighbourhood?node=https://w3id.org/se7-local-offer/id/need/autism",
    "/path?from=/id/need/autism&to=/id/need/broad-communication-and-interaction",
    "/id/need/autism/links?direction=in&property=https://w3id.org/se7-local-offer/def%23meetsNeed",
    "/id/area/kent/links?direction=in&property=https://w3id.org/se7-local-offer/def%23servesArea",
    "/gaps/districts?area=kent&need=autism&age_band=11-15",
    "/gaps/report/kent",
    "/gaps/compare?area=kent&area=medway",
    "/def",
    "/.well-known/void",
    "/about-the-data",
]
KINDS = [
    "service", "setting", "provider", "need", "age-band", "area", "pathway", "step", "clause", "legislation",
    "question", "question-set", "answer", "heading", "expectation", "pfa-theme", "resolution-stage", "sector",
    "organisation-type", "access-level", "referral-route", "funding-route", "criterion", "contact",
    "council-statement",
]  # fmt: skip


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def english_only(embedded_store) -> set[str]:
    texts = {normalised(row["text"].value) for row in embedded_store.select(ENGLISH_ONLY)}
    found = {t for t in texts if WORDS.search(t)}
    assert len(found) > 500, f"only {len(found)} English-only texts read from the store"
    return found


@pytest.fixture(scope="module")
def books() -> dict:
    found = dict(catalogues())
    for code in ("cy", "pl"):
        found[code] = completed(found[code], found["en"], code.upper() + " ")
    return found


@pytest.fixture(scope="module")
def web(served, make_module_app, books) -> Iterator:
    compiled = compile_all(books)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "catalogues", lambda: books)
        patch.setattr(i18n, "translations", lambda: compiled)
        yield make_module_app(served).test_client()


@pytest.fixture(scope="module")
def pages(web) -> list[str]:
    """The fixed pages and the first record of every kind's list."""
    found = list(PAGES)
    for kind in KINDS:
        listing = web.get(f"/kinds/{kind}?lang=en")
        assert listing.status_code == 200, kind
        first = re.search(rf'href="(/id/{kind}/[^"?#]+)', listing.get_data(as_text=True))
        assert first, f"no record listed on /kinds/{kind}"
        found.append(first.group(1))
    return found


def _fetch(web, path: str, language: str) -> lxml_html.HtmlElement:
    joiner = "&" if "?" in path else "?"
    response = web.get(f"{path}{joiner}lang={language}", headers={"Accept": "text/html"})
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return lxml_html.document_fromstring(response.get_data(as_text=True))


def _language(element) -> str | None:
    """The language of an element's content: its own lang, else its nearest ancestor's."""
    while element is not None:
        if isinstance(element.tag, str) and element.get("lang") is not None:
            return element.get("lang")
        element = element.getparent()
    return None


def _unmarked(element) -> bool:
    """Whether any of the element's text is not in English (its own, or its descendants' without lang)."""
    for text in element.xpath(".//text()"):
        holder = text.getparent().getparent() if text.is_tail and text is not element.tail else text.getparent()
        if text.strip() and _language(holder) != "en":
            return True
    return False


def _shown(element) -> bool:
    return not any(isinstance(e.tag, str) and e.tag in HIDDEN for e in (element, *element.iterancestors()))


class Finder:
    """Finds English-only texts in a text node: whole (any length) or inside it (long ones)."""

    def __init__(self, texts: set[str]) -> None:
        self.texts = texts
        self.by_probe: dict[str, list[str]] = {}
        for text in texts:
            if len(text) >= LONG:
                self.by_probe.setdefault(text[:PROBE], []).append(text)

    def within(self, text: str) -> list[str]:
        if text in self.texts:
            return [text]
        found = []
        for start in range(len(text) - LONG + 1):
            for candidate in self.by_probe.get(text[start : start + PROBE], ()):
                # an English gloss in brackets inside a translation is part of the translated text
                after = start + len(candidate)
                glossed = text[start - 1 : start] == "(" and text[after : after + 1] == ")"
                if text.startswith(candidate, start) and not glossed:
                    found.append(candidate)
        return found


def misplaced_english(document, finder: Finder) -> list[str]:
    """Each English-only text shown in an element whose language is not English, with the language it gets."""
    wrong = []
    body = document.find("body")
    for element in body.iter():
        if not isinstance(element.tag, str) or not _shown(element):
            continue
        whole = normalised(element.text_content())
        if whole in finder.texts and _unmarked(element):  # a name split by <abbr> counts whole
            wrong.append(f"<{element.tag}> {whole!r} in lang={_language(element)!r}")
            continue
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if not text or holder is None or not text.strip():
                continue
            for english in finder.within(normalised(text)):
                if _language(holder) != "en":
                    wrong.append(f"<{holder.tag}> …{english!r} in lang={_language(holder)!r}")
    return wrong


@pytest.mark.parametrize("language", ["cy", "pl"])
def test_english_data_is_marked_english_on_welsh_and_polish_pages(web, pages, english_only, books, language):
    # a word the page's own catalogue uses is a word of the page's language ("Sector" is Welsh too)
    own = {normalised(m.string) for m in books[language] if m.id and isinstance(m.string, str)}
    finder = Finder(english_only - own)
    failures: dict[str, list[str]] = {}
    checked = 0
    for path in pages:
        document = _fetch(web, path, language)
        assert document.get("lang") == language, f"{path} is not a {language} page"
        checked += 1
        if wrong := misplaced_english(document, finder):
            failures[path] = sorted(set(wrong))
    assert checked >= len(KINDS) + len(PAGES) - 1
    report = "\n".join(f"{path}: {len(w)}, e.g. {w[:3]}" for path, w in failures.items())
    assert not failures, f"English-only data shown without lang=en on {len(failures)} {language} pages:\n{report}"


def test_the_finder_finds_what_it_should(english_only):
    """The check itself can fail: an English text in a Welsh element is reported, one in lang=en is not."""
    text = max(english_only, key=len)
    finder = Finder(english_only)
    bad = lxml_html.document_fromstring(f'<html lang="cy"><body><p>Rhagor: <b>{text}</b> diolch</p></body></html>')
    good = lxml_html.document_fromstring(f'<html lang="cy"><body><p>Rhagor: <b lang="en">{text}</b></p></body></html>')
    assert misplaced_english(bad, finder) and not misplaced_english(good, finder)


def test_an_english_page_carries_no_lang_en_inside(web, pages):
    """On an English page every element is English already: only the language links (each in its own
    language, English among them) carry lang."""
    sprinkled = {}
    for path in pages:
        document = _fetch(web, path, "en")
        assert document.get("lang") == "en"
        body = document.find("body").iter()
        inner = [e for e in body if isinstance(e.tag, str) and e.get("lang") == "en" and e.get("hreflang") is None]
        if inner:
            sprinkled[path] = [lxml_html.tostring(e, encoding="unicode")[:120] for e in inner[:3]]
    assert not sprinkled, f"lang=en inside English pages: {sprinkled}"
