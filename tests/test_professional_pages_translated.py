"""Professional and staff pages speak the reader's language (issue 16, "Welsh and Polish, complete"): the
commissioning pages (gap analyses, districts, compare councils, the board report), the SPARQL editor with
its plain-English error, and the staff pages, rendered in cy and pl on the real app and store.

Two kinds of check, both on real pages:
- in the page language: each key title, column heading and error must come out as the Welsh or Polish
  catalogue has it (read from the .po file, so a string left in English, or a page that stays English,
  fails). These wait for a translator to fill the catalogues, as tests/test_catalogue_complete.py does;
- a pseudo-language: the app's compiled catalogue is swapped for one that marks every string it is asked
  for with ⟦ ⟧, so headings, column titles, buttons and errors that never go through the catalogue show
  up unmarked at once, whatever the state of the Welsh and Polish files.
Gap analyses' titles, column headings and "What needs doing" words come from the .rq files; they are
keys of the English catalogue too (checked here, since the string scan cannot see them).
"""

from __future__ import annotations

import re
from dataclasses import replace
from gettext import NullTranslations
from html import unescape
from html.parser import HTMLParser

import pytest
from pyoxigraph import NamedNode
from rdflib import RDFS, SH, Graph
from staff_helpers import login, make_staff, token
from test_sparql_errors import MISTAKES

from graph_app.config import PROJECT_ROOT
from graph_app.exporters import void
from graph_app.gaps.analysis import analyses, run_gap
from graph_app.gaps.row_words import ROW_WORDS, WORD_COLUMNS
from graph_app.namespaces import PREFIXES
from graph_app.queries import QueryLibrary
from graph_app.web.core import i18n

LANGUAGES = ("cy", "pl")
OPEN, CLOSE = "⟦", "⟧"
CURIE = re.compile(r"[a-z]+:[A-Za-z]\w*")
BAD_QUERY = "SELECT ?s WHERE { ?s ?p ?o "  # a bracket never closed


@pytest.fixture(scope="module")
def staff_settings(built, tmp_path_factory):
    return replace(built, private_db_path=tmp_path_factory.mktemp("private") / "private.sqlite")


@pytest.fixture(scope="module")
def pages_app(staff_settings, make_module_app):
    return make_module_app(staff_settings)


def said(language: str, key: str, **values: object) -> str:
    """The catalogue's text for `key` in `language`, as a page shows it (HTML-unescaped)."""
    message = i18n.catalogues()[language].get(key)
    assert message is not None and i18n.is_translated(message), f"{language} catalogue has no translation of {key!r}"
    text = message.string.format(**values) if values else message.string
    assert text != key or language == "en", f"{language} translation of {key!r} is the English text"
    return text


def page(client, path: str, language: str, **kwargs) -> str:
    response = client.get(path, headers={"Accept-Language": language}, **kwargs)
    assert response.status_code in (200, 400), (path, response.status_code)
    html = unescape(response.get_data(as_text=True))
    lang = re.search(r'<html lang="([\w-]+)"', html)
    assert lang and lang.group(1) == language, (
        f"{path} is not in {language}: its catalogue is incomplete (see tests/test_catalogue_complete.py)"
    )
    return html


def signed_in(app, settings, role: str = "admin"):
    client = app.test_client()
    user, password = make_staff(settings, role)
    assert login(client, user.email, password).status_code == 303
    return client


# ---- the real Welsh and Polish catalogues ----


@pytest.mark.parametrize("language", LANGUAGES)
def test_gap_pages_in_the_page_language(pages_app, language):
    client = pages_app.test_client()
    index = page(client, "/gaps", language)
    assert said(language, "Gap analyses for joint commissioning") in index
    assert said(language, "Coverage matrix: services for each need, age band and council") in index

    content = page(client, "/gaps/council-content", language)
    for key in ("Framework headings without a council statement, or with one past its review date", "What needs doing"):
        assert said(language, key) in content
    assert said(language, "Choose what to look at") in content
    words = [said(language, word) for word in ROW_WORDS]
    assert any(word in content for word in words), "no 'What needs doing' word in the page language"
    assert not any(f">{word}<" in content for word in ROW_WORDS), "a 'What needs doing' cell is in English"

    sufficiency = page(client, "/gaps/sufficiency?area=kent", language)
    assert said(language, "Services per 1,000") in sufficiency  # a column heading from the .rq file


@pytest.mark.parametrize("language", LANGUAGES)
def test_districts_compare_and_report_in_the_page_language(pages_app, language):
    client = pages_app.test_client()
    districts = page(client, "/gaps/districts?area=kent&need=autism&age_band=11-15", language)
    assert '<span lang="en">GeoJSON and TopoJSON UK Boundary Data' in districts  # the licence's words, marked
    assert said(language, "Look district by district") in districts or said(language, "Gap analyses") in districts
    compare = page(client, "/gaps/compare?council=kent&council=surrey", language)
    assert said(language, "Compare councils") in compare
    assert said(language, "Needs met only through a specialist assessment") in compare
    report = page(client, "/gaps/report/kent", language)
    for key in ("Contents", "Report made", "Median last review", "Records not reviewed"):
        assert said(language, key) in report, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_sparql_error_in_the_page_language(pages_app, language):
    client = pages_app.test_client()
    html = page(client, "/sparql", language, query_string={"view": "html", "query": BAD_QUERY})
    assert said(language, "The query could not be run") in html
    assert said(language, "Change the query") in html
    assert said(language, "Run query") in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages_in_the_page_language(pages_app, staff_settings, language):
    client = signed_in(pages_app, staff_settings)
    home = page(client, "/staff/", language)
    assert said(language, "Staff pages") in home
    assert said(language, "Moderate comments from families") in home
    users = page(client, "/staff/admin/users", language)
    for key in ("Staff accounts", "Name and email", "Role"):
        assert said(language, key) in users, key
    visitor = pages_app.test_client()  # a message made in Python: sign-in with nothing filled in
    sent = visitor.post(
        "/staff/login",
        data={"email": "", "password": "", "csrf_token": token(visitor)},
        headers={"Accept-Language": language},
    )
    assert sent.status_code == 400
    assert said(language, "Enter your email address") in unescape(sent.get_data(as_text=True))


# ---- a pseudo-language: every string the catalogue is asked for comes back marked ----


class Marked(NullTranslations):
    """Every message as ⟦message⟧ (plural too): text on a page without the marks never asked the catalogue."""

    def gettext(self, message: str) -> str:
        return OPEN + message + CLOSE

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return OPEN + (singular if n == 1 else plural) + CLOSE


class Interface(HTMLParser):
    """The text of each heading, table column heading, label, button, summary and error in <main>."""

    WATCHED = {"h1", "h2", "h3", "label", "button", "summary", "caption", "dt", "legend"}

    def __init__(self) -> None:
        super().__init__()
        self.main = 0
        self.open: list[tuple[str, list[str]]] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.main += 1
        classes = attributes.get("class") or ""
        # a column heading, except the heat map's age bands (names from the data)
        column = tag == "th" and attributes.get("scope") == "col" and "se7-heatmap__col" not in classes
        watched = tag in self.WATCHED or column
        watched = watched or "govuk-error-message" in classes
        # a name from the data in its own language (lang="en" on a Welsh page), or a choice of a record
        # form (a sector, a need: names from the graph) is not interface text
        data = "lang" in attributes or "__label" in classes and ("checkboxes" in classes or "radios" in classes)
        if self.main and watched and not data:
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if tag == "main":
            self.main -= 1
        if self.open and self.open[-1][0] == tag:
            name, parts = self.open.pop()
            text = " ".join("".join(parts).split())
            if text:
                self.found.append((name, text))

    def handle_data(self, data):
        for _, parts in self.open:
            parts.append(data)


def without_marked(text: str) -> str:
    """The text with every marked string taken out, innermost first (a marked string may hold another)."""
    inner = re.compile(OPEN + "[^" + OPEN + CLOSE + "]*" + CLOSE)
    while inner.search(text):
        text = inner.sub(" ", text)
    return text


def unmarked(html: str, data: set[str]) -> list[tuple[str, str]]:
    """Watched texts with no translated part, other than names from the data (`data`)."""
    reader = Interface()
    reader.feed(html)
    return [
        (tag, text)
        for tag, text in reader.found
        if OPEN not in text and text not in data and not CURIE.fullmatch(text)  # lo:Service is a term, not words
    ]


@pytest.fixture
def marked(monkeypatch):
    monkeypatch.setattr(i18n, "current_translations", lambda: Marked())


@pytest.fixture
def pseudo_app(staff_settings, make_app, marked):
    return make_app(staff_settings, WARM_GAPS=False)


@pytest.fixture(scope="module")
def councils(embedded_store, library) -> set[str]:
    """The councils' names (data, not interface text: a heading may be just a council's name)."""
    return {row["areaLabel"].value for row in library.select(embedded_store, "gaps/report/councils")}


GAP_PAGES = [
    "/gaps",
    "/gaps/coverage-matrix?area=kent",
    "/gaps/council-content?area=kent",
    "/gaps/sufficiency?area=kent",
    "/gaps/not-reviewed",
    "/gaps/districts?area=kent",
    "/gaps/districts?area=kent&need=autism&age_band=11-15",
    "/gaps/compare?council=kent&council=surrey",
    "/gaps/report/kent",
    "/gaps/districts/services?place=kent&need=autism&age_band=11-15",
    "/gaps/comments-by-topic",
    "/gaps/unlinked-duties",
]


@pytest.mark.parametrize("path", GAP_PAGES)
def test_commission_pages_ask_the_catalogue_for_every_heading(pseudo_app, councils, path):
    html = pseudo_app.test_client().get(path).get_data(as_text=True)
    assert OPEN in html, f"{path}: the pseudo-language is not in use"
    found = unmarked(unescape(html), councils)
    assert not found, f"{path}: interface text not from the catalogue: {found[:8]}"


def test_gap_cells_and_column_headings_are_marked(pseudo_app):
    html = unescape(pseudo_app.test_client().get("/gaps/council-content").get_data(as_text=True))
    assert OPEN + "What needs doing" + CLOSE in html
    assert OPEN + "No statement yet" + CLOSE in html or OPEN + "Past its review date" + CLOSE in html
    assert ">No statement yet<" not in html and ">Past its review date<" not in html


def test_sparql_refusals_in_the_editor_ask_the_catalogue(pseudo_app):
    """The guards' refusals (SERVICE, an empty query) are said in catalogue words on the editor's page."""
    client = pseudo_app.test_client()
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    html = unescape(client.get("/sparql", query_string={"view": "html", "query": service}).get_data(as_text=True))
    said_here = OPEN + "SERVICE (federated queries to other endpoints) is not allowed here: found at " + OPEN + "line 1"
    assert said_here in html
    empty = unescape(client.get("/sparql", query_string={"view": "html", "query": ""}).get_data(as_text=True))
    assert OPEN + "The query is empty." + CLOSE in empty


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[1] + str(i) for i, m in enumerate(MISTAKES)])
def test_sparql_editor_and_its_error_ask_the_catalogue(pseudo_app, mistake):
    """Every kind of mistake the editor explains (tests/test_sparql_errors.py's list) in catalogue words."""
    client = pseudo_app.test_client()
    html = unescape(client.get("/sparql", query_string={"view": "html", "query": mistake[0]}).get_data(as_text=True))
    assert OPEN + "The query could not be run" + CLOSE in html
    error = re.search(r'<div class="govuk-error-summary[\s\S]*?</div>\s*</div>', html)
    assert error, "no error summary"
    text = re.sub(r"<pre[\s\S]*?</pre>", " ", error.group(0))  # the engine's own words, for experts, stay as they are
    text = re.sub(r"<[^>]+>", " ", text)
    assert text.count(OPEN) >= 3, "the heading, the explanation and the link should each come from the catalogue"
    left = without_marked(text)
    english = re.findall(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})+", left)
    assert not english, f"plain-English error text not from the catalogue: {english[:5]}"
    found = unmarked(html, {prefix + ":" for prefix in PREFIXES})  # the prefixes are code, not words
    assert not found, f"/sparql: interface text not from the catalogue: {found[:8]}"


STAFF_PAGES = [
    "/staff/",
    "/staff/admin/users",
    "/staff/records/",
    "/staff/comments/",
    "/staff/contacts/",
    "/staff/council-content/",
    "/staff/due-for-review/",
    "/staff/reports/kent/commentary",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_ask_the_catalogue(pseudo_app, staff_settings, councils, path):
    client = signed_in(pseudo_app, staff_settings)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    found = unmarked(unescape(response.get_data(as_text=True)), councils)
    assert not found, f"{path}: interface text not from the catalogue: {found[:8]}"


def test_the_pseudo_check_can_fail(pseudo_app):
    """An English heading written straight into a page is caught (the pseudo-language is really in use)."""
    assert unmarked("<main><h2>Results</h2><h2>⟦Results⟧</h2></main>", set()) == [("h2", "Results")]
    html = pseudo_app.test_client().get("/gaps").get_data(as_text=True)
    assert OPEN + "Gap analyses for joint commissioning" + CLOSE in unescape(html)


# ---- gap analysis words live in the English catalogue ----


def test_every_gap_analysis_text_is_an_english_catalogue_key():
    english = i18n.message_ids(i18n.catalogues()["en"])
    library = QueryLibrary(PROJECT_ROOT / "queries")
    missing = []
    for analysis in analyses(library):
        texts = [analysis.title, analysis.description, analysis.empty, *(c.label for c in analysis.columns)]
        missing += [f"{analysis.name}: {text!r}" for text in texts if text not in english]
    missing += [f"row word {word!r}" for word in ROW_WORDS if word not in english]
    assert not missing, f"append these to the en messages.po: {missing[:5]}"


def test_every_word_a_gap_query_returns_is_a_row_word(embedded_store, library):
    """The 'What needs doing' column holds only words the catalogue knows (a new word in the query fails)."""
    for name, columns in WORD_COLUMNS.items():
        result = run_gap(embedded_store, library, name)
        values = {row[key] for row in result.rows for key in columns}
        assert values, f"{name} found nothing to check"
        assert values <= ROW_WORDS, f"{name} returns words not in row_words.py: {values - ROW_WORDS}"


def test_messages_made_in_python_ask_the_catalogue(pseudo_app):
    """A 400 from an analysis's address and a sign-in error are catalogue strings, not English in code."""
    client = pseudo_app.test_client()
    refused = client.get("/gaps/not-reviewed", query_string={"months": "zz"})
    assert refused.status_code == 400
    assert OPEN + "Parameter 'months': 'zz' is not a whole number" in unescape(refused.get_data(as_text=True))
    past = client.get("/gaps/not-reviewed", query_string={"page": "99"})
    assert past.status_code == 400
    said_past = OPEN + "Parameter 'page': there is 1 page of results, not page 99." + CLOSE
    assert said_past in unescape(past.get_data(as_text=True))
    sent = client.post("/staff/login", data={"email": "", "password": "", "csrf_token": token(client)})
    assert sent.status_code == 400
    assert OPEN + "Enter your email address" + CLOSE in unescape(sent.get_data(as_text=True))


PUBLIC_PAGES = ["/professionals", "/dumps/", "/.well-known/void", "/def", "/staff/login"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_open_data_pages_ask_the_catalogue(pseudo_app, councils, path):
    response = pseudo_app.test_client().get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, (path, response.status_code)
    data = councils | {prefix + ":" for prefix in PREFIXES} | {void.TITLE}  # the dataset's own (English) title
    found = unmarked(unescape(response.get_data(as_text=True)), data)
    assert not found, f"{path}: interface text not from the catalogue: {found[:8]}"


@pytest.fixture(scope="module")
def acts(embedded_store) -> set[str]:
    """The Acts' and regulations' official titles (they stay English by convention) and the classes' names
    (the kinds of need): data, under which the record form groups its long lists of choices. The form reads
    them in English (a known limit: the Welsh and Polish class names in data/translations are not used
    there yet)."""
    rows = embedded_store.select(
        "SELECT ?title WHERE { { ?act a <https://w3id.org/se7-local-offer/def#Legislation> } UNION "
        "{ ?act a <http://www.w3.org/2002/07/owl#Class> } ?act <http://www.w3.org/2000/01/rdf-schema#label> ?title "
        'FILTER(LANG(?title) = "en") }'
    )
    return {row["title"].value for row in rows}


def test_record_form_and_versions_ask_the_catalogue(pseudo_app, staff_settings, councils, acts):
    councils = councils | acts  # names from the data, not interface text
    client = signed_in(pseudo_app, staff_settings)
    listing = client.get("/kinds/service").get_data(as_text=True)
    slug = re.search(r'href="/id/service/([a-z0-9-]+)"', listing).group(1)
    for path in (f"/staff/records/service/{slug}/edit", f"/staff/records/service/{slug}/versions", "/staff/feedback"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        found = unmarked(unescape(response.get_data(as_text=True)), councils)
        assert not found, f"{path}: interface text not from the catalogue: {found[:8]}"


def test_every_form_field_text_is_an_english_catalogue_key():
    """Record forms show each SHACL field name, help text, message and section through _(): each is a key."""
    shapes = Graph().parse(PROJECT_ROOT / "ontology" / "shapes.ttl")
    texts = {str(o) for p in (SH.name, SH.description, SH.message) for o in shapes.objects(None, p)}
    texts |= {str(label) for group in shapes.objects(None, SH.group) for label in shapes.objects(group, RDFS.label)}
    assert len(texts) > 100
    english = i18n.message_ids(i18n.catalogues()["en"])
    missing = sorted(texts - english)
    assert not missing, f"{len(missing)} shape texts not in the en messages.po, e.g. {missing[:5]}"


def test_gap_tables_name_councils_needs_and_ages_in_the_readers_language(pages_app, embedded_store, library):
    """A Welsh reader's table and chart give a need's Welsh name from the data, marked lang="cy" (whatever
    the interface language); the English page and the CSV keep the English name."""
    autism = NamedNode("https://w3id.org/se7-local-offer/id/need/autism")
    rows = library.select(embedded_store, "navigate/labels", node=[autism])
    labels = {r["label"].language: r["label"].value for r in rows}
    assert labels.get("cy") and labels["cy"] != labels["en"]
    client = pages_app.test_client()
    path = "/gaps/coverage-matrix?area=kent"
    welsh = unescape(client.get(path, headers={"Accept-Language": "cy"}).get_data(as_text=True))
    english = unescape(client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert ">" + labels["cy"] + "<" in welsh, "no Welsh need name in the table"
    if re.search(r'<html lang="(\w+)"', welsh).group(1) != "cy":  # an English interface marks the Welsh name
        assert re.search(r'lang="cy"[^>]*>' + re.escape(labels["cy"]) + "<", welsh)
    assert labels["cy"] not in english and labels["en"] in english
    csv = client.get("/gaps/coverage-matrix.csv?area=kent", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert labels["en"] in csv and labels["cy"] not in csv  # a data file keeps the stored names
