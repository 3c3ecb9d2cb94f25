"""/sparql as real clients meet it (issue 15): SPARQLWrapper (every return format, GET, POST and direct
POST, and its default settings), rdflib's SPARQLStore, and curl-like requests (`requests`, whose default
Accept is curl's `*/*`), against the app served by gunicorn. Every query form (SELECT, ASK, CONSTRUCT,
DESCRIBE) by every method (GET, POST form, POST direct) with the common Accept headers; each answer is
parsed and compared with what the store itself answers."""

from __future__ import annotations

import json
import shutil
import urllib.error
import warnings
from dataclasses import replace

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from server_process import app_server
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow

LO = "https://w3id.org/se7-local-offer/def#"
QUERIES = {
    "SELECT": f"SELECT ?s ?p ?o WHERE {{ ?s a <{LO}AgeBand> ; ?p ?o }} ORDER BY ?s ?p ?o",
    "ASK": f"ASK {{ ?s a <{LO}AgeBand> }}",
    "CONSTRUCT": f"CONSTRUCT WHERE {{ ?s a <{LO}AgeBand> ; ?p ?o }}",
    "DESCRIBE": f"DESCRIBE ?s WHERE {{ ?s a <{LO}AgeBand> }}",
}
KIND = {"SELECT": "tabular", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
SRJ, SRX = "application/sparql-results+json", "application/sparql-results+xml"
# Accept header -> the media type answered per result kind (None: 406, nothing acceptable)
ACCEPTS = {
    None: {"tabular": SRJ, "boolean": SRJ, "graph": "text/turtle"},  # no header at all
    "*/*": {"tabular": SRJ, "boolean": SRJ, "graph": "text/turtle"},  # curl, requests
    "text/html;q=0.5, */*": {"tabular": SRJ, "boolean": SRJ, "graph": "text/turtle"},
    SRJ: {"tabular": SRJ, "boolean": SRJ, "graph": None},
    SRX: {"tabular": SRX, "boolean": SRX, "graph": None},
    "text/csv": {"tabular": "text/csv", "boolean": None, "graph": None},
    "text/tab-separated-values": {"tabular": "text/tab-separated-values", "boolean": None, "graph": None},
    "application/json": {"tabular": SRJ, "boolean": SRJ, "graph": "application/ld+json"},
    "application/xml": {"tabular": SRX, "boolean": SRX, "graph": "application/rdf+xml"},
    "text/turtle": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "text/n3": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "application/x-turtle": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "application/rdf+xml": {"tabular": None, "boolean": None, "graph": "application/rdf+xml"},
    "application/ld+json": {"tabular": None, "boolean": None, "graph": "application/ld+json"},
    "application/n-triples": {"tabular": None, "boolean": None, "graph": "application/n-triples"},
    "application/sparql-results+json, text/turtle;q=0.9": {"tabular": SRJ, "boolean": SRJ, "graph": "text/turtle"},
}
RDFLIB = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}
RESULTS = {
    SRJ: ox.QueryResultsFormat.JSON,
    SRX: ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@pytest.fixture(scope="module")
def server(served, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("sparql-clients") / "var"
    shutil.copytree(served.data_dir, data_dir, symlinks=True)
    site = replace(served, data_dir=data_dir, private_db_path=None)
    # soak.py's factory: the app as served, with rate limits this many requests from one address stay under
    with app_server(site, app_factory="soak:wsgi_app()", ready_path="/glossary") as url:
        yield url


@pytest.fixture(scope="module")
def expected(embedded_store):
    """What the store itself answers to each query (the same build the server reads)."""
    store = embedded_store.pyoxigraph_store
    answers = {}
    for form, query in QUERIES.items():
        result = store.query(query)
        if form == "SELECT":
            rows = list(result)
            answers[form] = {tuple(str(s[v]) for v in ("s", "p", "o")) for s in rows}  # N-Triples terms
            answers["SELECT values"] = {tuple(s[v].value for v in ("s", "p", "o")) for s in rows}
        elif form == "ASK":
            answers[form] = bool(result)
        else:
            answers[form] = rdflib.Graph().parse(data=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(answers["SELECT"]) >= 5 and answers["ASK"] is True and len(answers["CONSTRUCT"]) >= 5
    return answers


def send(url: str, method: str, query: str, accept: str | None, **params: str) -> requests.Response:
    """One protocol request as curl would send it; `accept=None` sends no Accept header at all."""
    headers = {"Accept": accept} if accept is not None else {"Accept": None}  # requests drops a None header
    endpoint = url + "/sparql"
    if method == "GET":
        return requests.get(endpoint, params={"query": query, **params}, headers=headers, timeout=60)
    if method == "POST form":
        return requests.post(endpoint, data={"query": query}, params=params, headers=headers, timeout=60)
    headers["Content-Type"] = "application/sparql-query"
    return requests.post(endpoint, data=query.encode(), params=params, headers=headers, timeout=60)


def check_answer(form: str, response: requests.Response, media: str, expected: dict) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == media
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if form == "ASK":
        if media == SRJ:
            assert json.loads(response.content)["boolean"] is expected[form]
        else:
            assert bool(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)) is expected[form]
    elif form == "SELECT":
        if media == "text/csv":
            lines = response.text.strip().split("\r\n")
            assert lines[0] == "s,p,o" and len(lines) - 1 == len(expected[form])
            return
        parsed = ox.parse_query_results(
            response.content,
            format=RESULTS[media] if media != "text/tab-separated-values" else ox.QueryResultsFormat.TSV,
        )
        assert {tuple(str(s[v]) for v in ("s", "p", "o")) for s in parsed} == expected[form]
    else:
        graph = rdflib.Graph().parse(data=response.content, format=RDFLIB[media])
        assert isomorphic(graph, expected[form]), f"{form} as {media} is not the store's graph"


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize("form", list(QUERIES))
def test_every_form_by_every_method_with_common_accept_headers(server, expected, form, method):
    for accept, answers in ACCEPTS.items():
        media = answers[KIND[form]]
        response = send(server, method, QUERIES[form], accept)
        if media is None:
            assert response.status_code == 406, (accept, response.status_code, response.text)
            assert "Acceptable formats" in response.text
            assert response.headers["Access-Control-Allow-Origin"] == "*"  # errors are readable cross-origin too
            continue
        check_answer(form, response, media, expected)


# format= values (media types and short names) -> what each result kind gets
FORMAT_VALUES = {
    "json": {"tabular": SRJ, "boolean": SRJ, "graph": "application/ld+json"},
    "xml": {"tabular": SRX, "boolean": SRX, "graph": "application/rdf+xml"},
    "csv": {"tabular": "text/csv", "boolean": None, "graph": None},
    "tsv": {"tabular": "text/tab-separated-values", "boolean": None, "graph": None},
    "rdf+xml": {"tabular": None, "boolean": None, "graph": "application/rdf+xml"},
    "n3": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "turtle": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "ttl": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "nt": {"tabular": None, "boolean": None, "graph": "application/n-triples"},
    "ntriples": {"tabular": None, "boolean": None, "graph": "application/n-triples"},
    "jsonld": {"tabular": None, "boolean": None, "graph": "application/ld+json"},
    "json-ld": {"tabular": None, "boolean": None, "graph": "application/ld+json"},
    SRJ: {"tabular": SRJ, "boolean": SRJ, "graph": None},
    SRX: {"tabular": SRX, "boolean": SRX, "graph": None},
    "text/turtle": {"tabular": None, "boolean": None, "graph": "text/turtle"},
    "application/rdf+xml": {"tabular": None, "boolean": None, "graph": "application/rdf+xml"},
}


@pytest.mark.parametrize("form", list(QUERIES))
def test_format_parameter_takes_media_types_and_short_names_for_every_form(server, expected, form):
    for value, answers in FORMAT_VALUES.items():
        media = answers[KIND[form]]
        # format= overrides Accept, even a browser's (a download link)
        response = send(server, "GET", QUERIES[form], "text/html,application/xhtml+xml,*/*;q=0.8", format=value)
        if media is None:
            assert response.status_code == 406, (value, response.text)
            assert "format=" in response.text and repr(value) in response.text
            continue
        check_answer(form, response, media, expected)
    typed = requests.get(server + f"/sparql?query={requests.utils.quote(QUERIES[form])}&format=rdf+xml", timeout=60)
    assert typed.status_code == (200 if KIND[form] == "graph" else 406)  # '+' unencoded, as typed by hand


def test_html_only_when_the_client_prefers_it_and_head_works(server):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    page = send(server, "GET", QUERIES["SELECT"], browser)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Access-Control-Allow-Origin" not in page.headers  # a page, with a form token: not shared (core/cors.py)
    assert send(server, "GET", QUERIES["SELECT"], "*/*").headers["Content-Type"].startswith(SRJ)
    for form in ("CONSTRUCT", "DESCRIBE"):  # the editor runs every query form, a graph shown as Turtle text
        shown = requests.get(server + "/sparql", params={"query": QUERIES[form], "view": "html"}, timeout=60)
        assert shown.status_code == 200 and '<pre class="sparql-graph">' in shown.text
        assert "AgeBand" in shown.text
    ask = requests.get(server + "/sparql", params={"query": QUERIES["ASK"], "view": "html"}, timeout=60)
    assert ask.status_code == 200 and "yes (true)" in ask.text
    description = requests.get(server + "/sparql", timeout=60)  # no query, */*: the service description
    assert description.headers["Content-Type"].startswith("text/turtle")
    for form in QUERIES:
        full = send(server, "GET", QUERIES[form], "*/*")
        head = requests.head(server + "/sparql", params={"query": QUERIES[form]}, timeout=60)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["Content-Type"] == full.headers["Content-Type"]
        assert head.headers["X-SPARQL-Rows"] == full.headers["X-SPARQL-Rows"]
    assert requests.head(server + "/sparql", timeout=60).status_code == 200


def test_service_description_is_true(server):
    response = requests.get(server + "/sparql", headers={"Accept": "text/turtle"}, timeout=60)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.feature, sd.UnionDefaultGraph) not in graph  # the default graph is not a union
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    # and the dataset really has no named graphs: GRAPH ?g finds nothing
    empty = send(server, "GET", "ASK { GRAPH ?g { ?s ?p ?o } }", SRJ)
    assert json.loads(empty.content)["boolean"] is False


def test_named_graph_uri_alone_leaves_an_empty_default_graph(server):
    """Protocol 2.1.4 with Query 13.2: a dataset of named graphs only has an empty default graph."""
    named = {"named-graph-uri": "https://w3id.org/se7-local-offer/id/no-such-graph"}
    for method in ("GET", "POST form", "POST direct"):
        response = send(server, method, "ASK { ?s ?p ?o }", SRJ, **named)
        assert response.status_code == 200, response.text
        assert json.loads(response.content)["boolean"] is False, method
    assert json.loads(send(server, "GET", "ASK { ?s ?p ?o }", SRJ).content)["boolean"] is True


# ---------------------------------------------------------------- SPARQLWrapper

WRAPPER_FORMATS = {
    "tabular": [JSON, XML, CSV, TSV],
    "boolean": [JSON, XML],
    "graph": [XML, RDFXML, TURTLE, N3, JSONLD, JSON],
}
WRAPPER_REFUSED = {"tabular": [TURTLE, N3, RDFXML, JSONLD], "boolean": [CSV, TSV, TURTLE], "graph": [CSV, TSV]}
WRAPPER_METHODS = {"GET": None, "POST": POST, "POSTDIRECTLY": POSTDIRECTLY}


def wrapper(server: str, form: str, fmt: str | None, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(QUERIES[form])
    if fmt is not None:
        client.setReturnFormat(fmt)
    if method == "POST":
        client.setMethod(POST)
    elif method == "POSTDIRECTLY":
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    return client


def converted_matches(form: str, fmt: str, result, expected: dict) -> None:
    """SPARQLWrapper's convert() output, checked against the store's answer."""
    if form == "SELECT":
        if fmt == JSON:
            rows = {tuple(b[v]["value"] for v in ("s", "p", "o")) for b in result["results"]["bindings"]}
            assert rows == expected["SELECT values"]
        elif fmt == XML:
            assert len(result.getElementsByTagName("result")) == len(expected[form])
        else:
            assert len(result.decode().strip().splitlines()) - 1 == len(expected[form])
    elif form == "ASK":
        if fmt == JSON:
            assert result["boolean"] is expected[form]
        else:
            assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        if isinstance(result, bytes):  # Turtle and N3 come back as text
            result = rdflib.Graph().parse(data=result.decode(), format="turtle")
        elif isinstance(result, dict):  # not expected: JSON results of a graph query would be a dict
            pytest.fail("a graph query answered with SPARQL JSON")
        assert isomorphic(result, expected[form])


@pytest.mark.parametrize("method", list(WRAPPER_METHODS))
@pytest.mark.parametrize("form", list(QUERIES))
def test_sparqlwrapper_every_return_format(server, expected, form, method):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a 'format requested was X but Y returned' warning fails the test
        warnings.filterwarnings("ignore", "Sending Accept header", RuntimeWarning)  # its own note on */*
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        for fmt in WRAPPER_FORMATS[KIND[form]]:
            result = wrapper(server, form, fmt, method).queryAndConvert()
            converted_matches(form, fmt, result, expected)
        for fmt in WRAPPER_REFUSED[KIND[form]]:
            with pytest.raises(Exception) as refused:  # SPARQLWrapper raises its own error for a 4xx
                wrapper(server, form, fmt, method).query()
            assert "406" in str(refused.value) or isinstance(refused.value, urllib.error.HTTPError)


@pytest.mark.parametrize("method", list(WRAPPER_METHODS))
@pytest.mark.parametrize("form", list(QUERIES))
def test_sparqlwrapper_default_settings(server, expected, form, method):
    """No return format set (XML, SPARQLWrapper's default): SPARQL XML, or RDF/XML for a graph."""
    result = wrapper(server, form, None, method).query()
    media = result.info()["content-type"].split(";")[0]
    assert media == (SRX if KIND[form] != "graph" else "application/rdf+xml")
    converted_matches(form, XML, result.convert(), expected)


# ---------------------------------------------------------------- rdflib's SPARQLStore


@pytest.mark.parametrize("method", ["GET", "POST_FORM", "POST"])
def test_rdflib_sparqlstore_every_form(server, expected, method):
    store = SPARQLStore(server + "/sparql", method=method, returnFormat="xml")
    graph = rdflib.Graph(store=store)
    rows = {tuple(str(term) for term in row) for row in graph.query(QUERIES["SELECT"])}
    assert rows == expected["SELECT values"]
    assert graph.query(QUERIES["ASK"]).askAnswer is True
    for form in ("CONSTRUCT", "DESCRIBE"):
        assert isomorphic(graph.query(QUERIES[form]).graph, expected[form])
