"""The query editor commissioners can start from (issue 17): a query the engine cannot read is explained in
plain English with its line and column and what to try, the engine's own message kept underneath; the
examples select names, grouped by task; and every gap analysis links to the editor with its own query and
the page's choices bound as VALUES, whose rows are the page's rows.

The engine messages are real: each broken query is sent to a real pyoxigraph store (and to /sparql), never
a message written here."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from graph_app.config import PROJECT_ROOT
from graph_app.queries import QueryLibrary
from graph_app.web.publish.sparql_endpoint import EXAMPLE_TASKS
from graph_app.web.publish.sparql_errors import explain

P = "PREFIX lo: <https://w3id.org/se7-local-offer/def#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
# (query, kind, line, column, words in the message, words in the advice)
MISTAKES = [
    (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s WHERE {\n  ?s a lo:Service .\n}",
        "undeclared_prefix",
        3,
        8,
        ["lo:", "not declared"],
        ["PREFIX lo: <https://w3id.org/se7-local-offer/def#>"],
    ),
    (
        P + "SELECT ?s ?name WHERE {\n  ?s a lo:Service ; rdfs:label ?name .\n",
        "unclosed_bracket",
        3,
        23,
        ["{", "never closed"],
        ["}"],
    ),
    (P + "SELEC ?s WHERE { ?s a lo:Service }", "misspelt_keyword", 3, 1, ["SELEC"], ["SELECT"]),
    (
        P + "SELECT ?s WHERE {\n  ?s a lo:Service .\n  OPTINAL { ?s rdfs:label ?l }\n}",
        "misspelt_keyword",
        5,
        3,
        ["OPTINAL"],
        ["OPTIONAL"],
    ),
    (P + 'SELECT ?s WHERE { ?s rdfs:label "Kent }', "unclosed_string", 3, 33, ['"', "not closed"], ['closing "']),
    (P + "SELECT ?s WHERE { ?s a lo:Service . FILTER(?s != <x> }", "wrong_bracket", 3, 54, ["(", "}"], [")"]),
    (P + "SELECT ?s WHERE { ?s a Service }", "bare_word", 3, 24, ["Service"], ["lo:Service", "?Service"]),
    (P + "SELECT ?s WHERE { ?s a lo:Service } }", "extra_bracket", 3, 37, ["}", "nothing open"], ["Remove"]),
    (
        P + "SELECT (COUNT(?s) AS ?n) ?p WHERE { ?s ?p ?o }",
        "ungrouped_variable",
        3,
        26,
        ["?p", "not grouped"],
        ["GROUP BY", "SAMPLE(?p)"],
    ),
    (P + "SELECT ?s WHERE { ?s a lo:Service } ORDER ?s", "syntax", 3, None, ["line 3"], ["BY after ORDER"]),
]
LIBRARY = QueryLibrary(PROJECT_ROOT / "queries")


def engine_message(query: str) -> str:
    """What the real engine says about the query, worded as the editor's worker words it."""
    try:
        ox.Store().query(query)
    except SyntaxError as error:
        return f"SPARQL syntax error: {error}"
    raise AssertionError(f"the engine read the query: {query!r}")


@pytest.mark.parametrize(("query", "kind", "line", "column", "said", "advice"), MISTAKES)
def test_each_kind_of_mistake_is_explained_with_where_and_what_to_try(query, kind, line, column, said, advice):
    engine = engine_message(query)
    found = explain(query, engine)
    assert found.kind == kind, found
    assert found.line == line
    if column is not None:
        assert found.column == column
        assert query.splitlines()[line - 1][column - 1 :].strip()  # the place points at text, not past it
    assert all(word in found.message for word in said), found.message
    assert all(word in found.advice for word in advice), found.advice
    assert found.engine == engine  # kept whole for experts
    assert "expected one of" not in found.message  # the engine's jargon stays underneath


def test_a_correct_query_has_nothing_for_the_local_checks_to_find():
    """The checks read the query, not the message: a query the engine accepts gives them nothing, so the
    explanation falls back to the engine's words (kind 'syntax')."""
    query = P + (
        "SELECT ?s (SAMPLE(?l) AS ?name) WHERE { ?s a lo:Service ; rdfs:label ?l . _:b lo:x ?s . "
        'FILTER(LANG(?l) = "en" && ?s != <https://example.org/x>) ?s lo:y "a"@en , "2"^^<http://x/y> } '
        "GROUP BY ?s ORDER BY DESC(?name) LIMIT 5"
    )
    ox.Store().query(query)  # the engine reads it
    assert explain(query, "an error the engine made up").kind == "syntax"


@pytest.fixture(scope="module")
def editor_app(served, make_module_app):
    return make_module_app(served)


@pytest.fixture
def web(editor_app):
    return editor_app.test_client()


@pytest.mark.parametrize(("query", "kind", "line", "column", "said", "advice"), MISTAKES[:6])
def test_the_editor_page_shows_the_explanation_and_the_engine_message(web, query, kind, line, column, said, advice):
    response = web.get("/sparql", query_string={"view": "html", "query": query})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    summary = page[page.index('<div class="govuk-error-summary"') : page.index('class="sparql-form"')]
    assert all(word in summary for word in said + advice), summary[:2000]
    if column is not None:
        assert f"Line {line}, column {column}." in summary
    assert "What the query engine said (for experts)" in summary
    engine = re.search(r'<pre class="se7-sparql-error__engine">(.*?)</pre>', summary, re.S)
    assert engine and engine.group(1).strip()  # the engine's (or the guard's) own words, underneath


def test_examples_are_grouped_by_task_and_select_names_not_addresses(web, embedded_store):
    page = web.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    headings = re.findall(r'<h3 class="govuk-heading-s">(.*?)</h3>', page)
    assert headings[: len(EXAMPLE_TASKS)] == [title for title, _ in EXAMPLE_TASKS]
    for _, names in EXAMPLE_TASKS:
        for name in names:
            assert f"example={name.replace('/', '%2F')}" in page or f"example={name}" in page
            rows = embedded_store.select(LIBRARY.get(name).text)
            assert rows, name
            for row in rows:
                for value in row.values():
                    assert isinstance(value, ox.Literal), (name, value)  # a name or a number, never an IRI
    opened = web.get("/sparql", query_string={"example": EXAMPLE_TASKS[0][1][0]}, headers={"Accept": "text/html"})
    assert "rdfs:label ?serviceName" in html.unescape(opened.get_data(as_text=True))


EDITOR_LINK = re.compile(r'<a class="govuk-link se7-editor-link" href="([^"]+)"')


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("coverage-matrix", "area=kent&need=autism"),
        ("not-reviewed", "area=kent&months=18&as_of=2026-11-01"),
        ("unanswered-questions", "area=kent"),
        ("out-of-area", ""),
    ],
)
def test_open_in_editor_link_runs_the_analysis_with_the_choices(web, name, choices):
    page = web.get(f"/gaps/{name}?{choices}").get_data(as_text=True)
    match = EDITOR_LINK.search(page)
    assert match, "no editor link on the page"
    link = urlsplit(html.unescape(match.group(1)))
    assert link.path.rstrip("/") == "/sparql"
    args = parse_qs(link.query)
    assert args["view"] == ["html"]
    (query,) = args["query"]
    for pair in filter(None, choices.split("&")):
        key, value = pair.split("=")
        if key in ("area", "need"):
            assert f"<https://w3id.org/se7-local-offer/id/{key}/{value}>" in query  # bound as a checked IRI
        else:
            assert f'"{value}"^^<http://www.w3.org/2001/XMLSchema#' in query  # a typed literal, not pasted text
    if choices:
        assert re.search(r"WHERE\s*\{\s*VALUES \(", query), query[:500]
    # the editor page runs it; the same query from a SPARQL client gives rows to compare with the page's
    shown = web.get(link.path + "?" + link.query)
    assert shown.status_code == 200 and "Query results" in shown.get_data(as_text=True)
    answer = web.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    data = web.get(f"/gaps/{name}.json?{choices}").get_json()
    keys = [c["key"] for c in data["columns"]]
    from_page = sorted(tuple(_cell(row.get(k)) for k in keys) for row in data["rows"])
    from_editor = sorted(
        tuple(_cell(_binding(b.get(k))) for k in keys) for b in answer.get_json()["results"]["bindings"]
    )
    assert from_page and from_editor == from_page


def _binding(term: dict | None) -> object:
    if term is None:
        return None
    if term["type"] == "uri":
        return {"iri": term["value"]}
    datatype = term.get("datatype", "")
    if datatype.endswith(("#integer", "#long", "#int", "#nonNegativeInteger")):
        return int(term["value"])
    if datatype.endswith(("#decimal", "#double", "#float")):
        return round(float(term["value"]), 3)
    if datatype.endswith("#boolean"):
        return term["value"] in ("true", "1")
    return term["value"]


def _cell(value: object) -> str:
    if isinstance(value, dict):
        return value["iri"]
    return "" if value is None else str(value)


GUNICORN_REQUEST_LINE = 8190  # graph_app/serving.py: --limit-request-line


def test_every_analysis_links_to_the_editor_within_the_servers_request_line(web):
    """The query travels in the link's address: a query that grew past what `graph-app serve` accepts in a
    request line would make the link fail with a 400, so every analysis's link is measured here."""
    for analysis in web.get("/gaps.json").get_json()["analyses"]:
        choices = {"area": "kent", "need": "autism", "age_band": "11-15", "months": "18", "as_of": "2026-11-01"}
        query = "&".join(f"{k}={v}" for k, v in choices.items() if k in analysis["parameters"])
        page = web.get(f"/gaps/{analysis['name']}?{query}").get_data(as_text=True)
        match = EDITOR_LINK.search(page)
        assert match, analysis["name"]
        line = f"GET {html.unescape(match.group(1))} HTTP/1.1"
        assert len(line) < GUNICORN_REQUEST_LINE, (analysis["name"], len(line))
